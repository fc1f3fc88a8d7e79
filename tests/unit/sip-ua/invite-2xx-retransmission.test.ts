/**
 * The calling side's answer to a callee that did not get its ACK (RFC 3261
 * §13.3.1.4: the UAS retransmits its 2xx until the ACK arrives; §13.2.2.4: the
 * UAC answers each one with the same ACK). With RFC 6026 the INVITE client
 * transaction passes those 2xx up while it is Accepted (Timer M, 64*T1), so
 * the session itself must re-ACK them: in a confirmed call, while its BYE is
 * pending (no illegal 'terminating -> confirmed'), and for a re-INVITE (hold).
 * The callee is a bare loop transport that writes its responses by hand.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import {
  LoopNetwork,
  LoopTransport,
  TargetIterator,
  createResponse,
  makeUri,
  type ReceivedMessage,
  type SipDnsResolver,
  type SipMessage,
  type SipRequest,
} from '../../../src/sip/index.js';
import { OutgoingCall, UaCore } from '../../../src/sip-ua/index.js';

const PHONE = { host: '127.0.0.1', port: 5060 };
const CALLEE = { host: '127.0.0.1', port: 5070 };

const noDns: SipDnsResolver = {
  resolveNaptr: () => Promise.reject(new Error('no DNS in this test')),
  resolveSrv: () => Promise.reject(new Error('no DNS in this test')),
  resolve4: () => Promise.reject(new Error('no DNS in this test')),
  resolve6: () => Promise.reject(new Error('no DNS in this test')),
};

function bench() {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const core = new UaCore({ transport: new LoopTransport({ network, ...PHONE }), clock, userAgent: 'Sayhi test' });
  const callee = new LoopTransport({ network, ...CALLEE });
  const got: Array<ReceivedMessage<SipMessage>> = [];
  callee.onMessage((m) => got.push(m));
  const target = makeUri({ user: 'bob', host: CALLEE.host, port: CALLEE.port });
  const call = new OutgoingCall({
    core,
    target,
    from: { uri: makeUri({ user: 'alice', host: PHONE.host }), params: new Map() },
    to: { uri: target, params: new Map() },
    targets: new TargetIterator([{ protocol: 'udp', ...CALLEE }]),
    local: { address: '127.0.0.1', port: 4000, codecs: [{ name: 'PCMU', clockRate: 8000, pt: 0 }] },
    transport: 'udp',
    resolver: noDns,
    contact: { uri: makeUri({ user: 'alice', host: PHONE.host, port: PHONE.port }), params: new Map() },
  });
  const requests = (method: string) =>
    got.filter((m): m is ReceivedMessage<SipRequest> => 'method' in m.message && m.message.method === method);
  /** A 200 to `rx` with our tag, Contact and a PCMU answer in `direction`. */
  const ok = (rx: ReceivedMessage<SipRequest>, direction = 'sendrecv') => {
    const res = createResponse(rx.message, 200, { toTag: 'callee' });
    res.headers.append('Contact', `<sip:bob@${CALLEE.host}:${CALLEE.port}>`);
    res.headers.set('Content-Type', 'application/sdp');
    res.body = Buffer.from(
      ['v=0', 'o=bob 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4100 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', `a=${direction}`, ''].join('\r\n'),
    );
    return () => void callee.sendResponse(res, rx);
  };
  return { clock, call, requests, ok, callee };
}

/** Start the call and let the callee answer once; returns the way to send that 200 again. */
async function answered(b: ReturnType<typeof bench>) {
  b.call.start();
  await b.clock.advanceAsync(10);
  const invite = b.requests('INVITE')[0]!;
  const send200 = b.ok(invite);
  send200();
  await b.clock.advanceAsync(10);
  expect(b.call.state).toBe('confirmed');
  expect(b.requests('ACK')).toHaveLength(1);
  return { invite, send200 };
}

describe('OutgoingCall and a retransmitted 2xx', () => {
  it('ACKs every copy of the 200 when up and while its BYE is pending, and ends as a local hang-up', async () => {
    const b = bench();
    const { invite, send200 } = await answered(b);
    // the callee did not get the ACK: 200 again, and again
    send200();
    await b.clock.advanceAsync(10);
    send200();
    await b.clock.advanceAsync(10);
    expect(b.requests('ACK')).toHaveLength(3);
    expect(b.requests('ACK').every((a) => a.message.cseq?.seq === invite.message.cseq?.seq)).toBe(true);

    // hang up; while the BYE waits for its answer the 200 comes once more
    const hangingUp = b.call.hangup();
    await b.clock.advanceAsync(10);
    const bye = b.requests('BYE')[0]!;
    expect(b.call.state).toBe('terminating');
    send200();
    await b.clock.advanceAsync(10);
    expect(b.requests('ACK')).toHaveLength(4);
    void b.callee.sendResponse(createResponse(bye.message, 200), bye);
    await b.clock.advanceAsync(10);
    await hangingUp;
    expect(b.call.state).toBe('terminated');
    expect(b.call.ended).toEqual({ by: 'local', reason: 'local hangup' });
  });

  it('ACKs a repeated 200 to its re-INVITE (hold) again', async () => {
    const b = bench();
    await answered(b);
    const holding = b.call.hold();
    await b.clock.advanceAsync(10);
    const reinvite = b.requests('INVITE')[1]!;
    expect(reinvite.message.body.toString()).toMatch(/a=sendonly/);
    const reinvite200 = b.ok(reinvite, 'recvonly');
    reinvite200();
    await b.clock.advanceAsync(10);
    expect(await holding).toBe(true);
    expect(b.requests('ACK')).toHaveLength(2);
    reinvite200();
    await b.clock.advanceAsync(10);
    expect(b.requests('ACK')).toHaveLength(3);
    expect(b.requests('ACK')[2]!.message.cseq?.seq).toBe(reinvite.message.cseq?.seq);
    expect(b.call.state).toBe('confirmed');
  });
});
