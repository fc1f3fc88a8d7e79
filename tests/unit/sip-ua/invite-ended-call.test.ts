/**
 * Proves what an OutgoingCall still does after it ended, now that its INVITE
 * client transaction (Accepted for 64*T1 after the 2xx, RFC 6026 §8.4) gets
 * a small TU that holds no session: a retransmitted 2xx of the answering
 * dialog gets the same ACK again (RFC 3261 §13.2.2.4) and no BYE; a 2xx from
 * another fork gets ACK + BYE; nothing is sent for other responses. And that
 * an IncomingCall rejected and never ACKed (Timer H) keeps its first end.
 * The peer is a bare loop transport that writes its messages by hand.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import {
  LoopNetwork,
  LoopTransport,
  TargetIterator,
  createRequest,
  createResponse,
  makeUri,
  type ReceivedMessage,
  type SipDnsResolver,
  type SipMessage,
  type SipRequest,
} from '../../../src/sip/index.js';
import { IncomingCall, OutgoingCall, UaCore } from '../../../src/sip-ua/index.js';

const PHONE = { host: '127.0.0.1', port: 5060 };
const PEER = { host: '127.0.0.1', port: 5070 };
const SDP_ANSWER = ['v=0', 'o=bob 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4100 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

const noDns: SipDnsResolver = {
  resolveNaptr: () => Promise.reject(new Error('no DNS in this test')),
  resolveSrv: () => Promise.reject(new Error('no DNS in this test')),
  resolve4: () => Promise.reject(new Error('no DNS in this test')),
  resolve6: () => Promise.reject(new Error('no DNS in this test')),
};

function setup() {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const core = new UaCore({ transport: new LoopTransport({ network, ...PHONE }), clock, userAgent: 'Sayhi test' });
  const peer = new LoopTransport({ network, ...PEER });
  const got: Array<ReceivedMessage<SipMessage>> = [];
  peer.onMessage((m) => got.push(m));
  const requests = (method: string) =>
    got.filter((m): m is ReceivedMessage<SipRequest> => 'method' in m.message && m.message.method === method);
  const responses = () => got.filter((m) => 'status' in m.message).map((m) => (m.message as { status: number }).status);
  return { clock, core, peer, requests, responses };
}

function outgoing(s: ReturnType<typeof setup>) {
  const target = makeUri({ user: 'bob', host: PEER.host, port: PEER.port });
  const call = new OutgoingCall({
    core: s.core,
    target,
    from: { uri: makeUri({ user: 'alice', host: PHONE.host }), params: new Map() },
    to: { uri: target, params: new Map() },
    targets: new TargetIterator([{ protocol: 'udp', ...PEER }]),
    local: { address: '127.0.0.1', port: 4000, codecs: [{ name: 'PCMU', clockRate: 8000, pt: 0 }] },
    transport: 'udp',
    resolver: noDns,
    contact: { uri: makeUri({ user: 'alice', host: PHONE.host, port: PHONE.port }), params: new Map() },
  });
  /** The way to send a 200 with To tag `tag` for the INVITE `rx`. */
  const ok = (rx: ReceivedMessage<SipRequest>, tag: string) => {
    const res = createResponse(rx.message, 200, { toTag: tag });
    res.headers.append('Contact', `<sip:bob@${PEER.host}:${PEER.port}>`);
    res.headers.set('Content-Type', 'application/sdp');
    res.body = Buffer.from(SDP_ANSWER);
    return () => void s.peer.sendResponse(res, rx);
  };
  return { call, ok };
}

/** Call, answer with To tag "callee", hang up, answer the BYE: the call has ended. */
async function endedCall(s: ReturnType<typeof setup>) {
  const { call, ok } = outgoing(s);
  call.start();
  await s.clock.advanceAsync(10);
  const invite = s.requests('INVITE')[0]!;
  const send200 = ok(invite, 'callee');
  send200();
  await s.clock.advanceAsync(10);
  expect(call.state).toBe('confirmed');
  const hangingUp = call.hangup();
  await s.clock.advanceAsync(10);
  const bye = s.requests('BYE')[0]!;
  void s.peer.sendResponse(createResponse(bye.message, 200), bye);
  await s.clock.advanceAsync(10);
  await hangingUp;
  expect(call.state).toBe('terminated');
  return { call, invite, send200, ok };
}

describe('OutgoingCall after it ended', () => {
  it('re-ACKs a retransmitted 200 of its dialog, sends no BYE for it, and keeps its end', async () => {
    const s = setup();
    const { call, invite, send200 } = await endedCall(s);
    expect(s.requests('ACK')).toHaveLength(1);
    send200();
    await s.clock.advanceAsync(10);
    send200();
    await s.clock.advanceAsync(10);
    expect(s.requests('ACK')).toHaveLength(3);
    expect(s.requests('ACK').every((a) => a.message.cseq?.seq === invite.message.cseq?.seq)).toBe(true);
    expect(s.requests('ACK')[2]!.message.headers.get('Via')).toBe(s.requests('ACK')[0]!.message.headers.get('Via'));
    expect(s.requests('BYE')).toHaveLength(1);
    expect(call.ended).toEqual({ by: 'local', reason: 'local hangup' });
  });

  it("ACKs and BYEs another fork's 200 that arrives after the end", async () => {
    const s = setup();
    const { invite, ok } = await endedCall(s);
    ok(invite, 'fork-2')();
    await s.clock.advanceAsync(10);
    const acks = s.requests('ACK');
    expect(acks).toHaveLength(2);
    expect(acks[1]!.message.to?.params.get('tag')).toBe('fork-2');
    const byes = s.requests('BYE');
    expect(byes).toHaveLength(2);
    expect(byes[1]!.message.to?.params.get('tag')).toBe('fork-2');
  });

  it('ignores provisional and error responses after the end', async () => {
    const s = setup();
    const { invite } = await endedCall(s);
    void s.peer.sendResponse(createResponse(invite.message, 180, { toTag: 'callee' }), invite);
    void s.peer.sendResponse(createResponse(invite.message, 486, { toTag: 'callee' }), invite);
    await s.clock.advanceAsync(10);
    expect(s.requests('ACK')).toHaveLength(1);
    expect(s.requests('BYE')).toHaveLength(1);
  });
});

describe('IncomingCall after it ended', () => {
  it('a 486 never ACKed: Timer H fires on a released transaction, the end stays "rejected"', async () => {
    const s = setup();
    let call: IncomingCall | undefined;
    const ends: unknown[] = [];
    s.core.delegate = {
      onInvite: (tx, rx) => {
        call = new IncomingCall({
          core: s.core,
          tx,
          request: rx,
          local: { address: '127.0.0.1', port: 4000, codecs: [{ name: 'PCMU', clockRate: 8000, pt: 0 }] },
          transport: 'udp',
          resolver: noDns,
          contact: { uri: makeUri({ user: 'alice', host: PHONE.host, port: PHONE.port }), params: new Map() },
        });
        call.events.on('end', (e) => ends.push(e));
        call.reject(486);
      },
    };
    const invite = createRequest({
      method: 'INVITE',
      uri: `sip:alice@${PHONE.host}:${PHONE.port}`,
      from: { uri: makeUri({ user: 'bob', host: PEER.host }), params: new Map([['tag', 'b1']]) },
      to: { uri: makeUri({ user: 'alice', host: PHONE.host }), params: new Map() },
      callId: 'ended-incoming-1',
      cseq: 1,
      contact: { uri: makeUri({ user: 'bob', host: PEER.host, port: PEER.port }), params: new Map() },
      extraHeaders: [['Via', `SIP/2.0/UDP ${PEER.host}:${PEER.port};branch=z9hG4bKended1`]],
      body: Buffer.from(SDP_ANSWER),
      contentType: 'application/sdp',
    });
    await s.peer.sendRequest(invite, { protocol: 'udp', ...PHONE });
    await s.clock.advanceAsync(10);
    expect(call?.state).toBe('terminated');
    expect(s.responses()).toContain(486);
    // no ACK: the 486 is retransmitted until Timer H (64*T1) gives up
    await s.clock.advanceAsync(40_000);
    expect(ends).toEqual([{ by: 'local', status: 486, reason: 'rejected 486 Busy Here' }]);
    expect(s.responses().filter((st) => st === 486).length).toBeGreaterThan(1);
  });
});
