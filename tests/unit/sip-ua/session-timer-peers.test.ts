/**
 * Session timers (RFC 4028) against scripted peers that behave in ways our
 * own UA never does: a refresher that stops refreshing (our side sends BYE
 * at expiry minus min(32 s, interval/3), §10), peers without timer support
 * on either side (§7.2: the caller refreshes on its own; §9: the callee
 * names itself refresher and leaves Require out), a peer that refreshes
 * with too short an interval (422, §9), and one that keeps answering 422
 * (our retries are bounded).
 */
import { describe, expect, it } from 'vitest';
import { createResponse, type ReceivedMessage, type SipRequest, type SipResponse } from '../../../src/sip/index.js';
import { HOST, net, ScriptedPeer, TestUa, type Net } from './refer-ua-bench.js';

const US = 5091;
const PEER = 5092;

/** A peer that answers every INVITE with 200 (no timer headers, no UPDATE), BYE with 200, and ACKs 2xx. */
function plainPeer(n: Net, opts: { extra?: Array<[string, string]> } = {}): ScriptedPeer {
  const peer = new ScriptedPeer(n, PEER);
  const answered = new Set<string>();
  peer.transport.onMessage((m) => {
    const msg = m.message;
    if (msg.kind === 'response') {
      if (msg.status >= 200 && msg.status < 300 && msg.cseq?.method === 'INVITE') peer.ack(msg, US);
      return;
    }
    const key = `${msg.method} ${msg.headers.get('CSeq')}`;
    if (msg.method === 'INVITE' && !answered.has(key)) {
      answered.add(key);
      void peer.ok(m as ReceivedMessage<SipRequest>, [['Allow', 'INVITE, ACK, CANCEL, BYE'], ...(opts.extra ?? [])]);
    } else if (msg.method === 'BYE') {
      void peer.transport.sendResponse(createResponse(msg, 200), m as ReceivedMessage<SipRequest>);
    }
  });
  return peer;
}

describe('session timer against scripted peers', () => {
  it('the peer is refresher and stops refreshing: we send BYE at interval - min(32, interval/3)', async () => {
    const n = net();
    const us = new TestUa(n, 'bob', US, { onIncoming: (call) => call.answer() });
    const peer = plainPeer(n);
    peer.invite(US, [
      ['Supported', 'timer'],
      ['Session-Expires', '90;refresher=uac'],
    ]);
    await n.run(500);
    const call = us.incoming[0]!;
    expect(call.state).toBe('confirmed');
    const ok = peer.responses(200)[0]!;
    expect(ok.headers.get('Session-Expires')).toBe('90;refresher=uac');
    expect(ok.tokens('Require')).toEqual(['timer']);
    const t0 = n.sent('SIP/2.0 200', US)[0]!.time;
    await n.run(59_000, 500);
    expect(peer.requests('BYE')).toHaveLength(0);
    await n.run(2000, 100);
    // 90 - min(32, 30) = 60 s after the last refresh
    const bye = n.sent('BYE', US)[0]!;
    expect(Math.round((bye.time - t0) / 100) / 10).toBe(60);
    expect(call.ended).toEqual({ by: 'local', reason: 'session timer expired' });
  });

  it("the peer's refresh re-INVITE restarts our expiry; a refresh below our Min-SE gets 422 and changes nothing", async () => {
    const n = net();
    const us = new TestUa(n, 'bob', US, { onIncoming: (call) => call.answer(), sessionTimer: { minSE: 120 } });
    const peer = plainPeer(n);
    peer.invite(US, [
      ['Supported', 'timer'],
      ['Session-Expires', '180;refresher=uac'],
    ]);
    await n.run(500);
    const call = us.incoming[0]!;
    expect(call.sessionTimer.interval).toBe(180);
    const ok = peer.responses(200)[0]!;
    await n.run(60_000, 500);
    // a refresh that asks for less than our Min-SE: 422 (§9), the timer keeps its 180 s
    peer.reinvite(ok, US, [['Supported', 'timer'], ['Session-Expires', '100;refresher=uac']]);
    await n.run(500);
    expect(peer.responses(422)[0]?.headers.get('Min-SE')).toBe('120');
    expect(call.sessionTimer.interval).toBe(180);
    await n.run(30_000, 500);
    peer.reinvite(ok, US, [['Supported', 'timer'], ['Session-Expires', '150;refresher=uac']]);
    await n.run(500);
    const refreshOk = peer.responses(200).at(-1)!;
    expect(refreshOk.headers.get('Session-Expires')).toBe('150;refresher=uac');
    expect(call.sessionTimer.interval).toBe(150);
    const t1 = n.sent('SIP/2.0 200', US).at(-1)!.time;
    // without that refresh the BYE would have gone at 180 - 32 = 148 s after the answer (now ~91 s)
    await n.run(100_000, 500);
    expect(peer.requests('BYE')).toHaveLength(0);
    await n.run(30_000, 100);
    const bye = n.sent('BYE', US)[0]!;
    expect(Math.round((bye.time - t1) / 1000)).toBe(118);
    expect(call.ended?.reason).toBe('session timer expired');
  });

  it('an INVITE asking for less than our Min-SE is refused with 422 whatever the phone does', async () => {
    const n = net();
    const us = new TestUa(n, 'bob', US, { onIncoming: (call) => call.answer(), sessionTimer: { minSE: 120 } });
    const peer = plainPeer(n);
    peer.invite(US, [
      ['Supported', 'timer'],
      ['Session-Expires', '90'],
    ]);
    await n.run(500);
    expect(peer.responses(422)[0]!.headers.get('Min-SE')).toBe('120');
    expect(us.incoming[0]!.refusal?.status).toBe(422);
    expect(us.incoming[0]!.ended).toMatchObject({ by: 'local', status: 422 });
  });

  it('a callee without timer support: the caller refreshes on its own by re-INVITE (RFC 4028 §7.2)', async () => {
    const n = net();
    const us = new TestUa(n, 'alice', US, { sessionTimer: { enabled: true, interval: 120 } });
    const peer = plainPeer(n);
    const call = us.call(`sip:peer@${HOST}:${PEER}`);
    await n.run(500);
    expect(call.state).toBe('confirmed');
    expect(peer.requests('INVITE')[0]!.message.headers.get('Session-Expires')).toBe('120');
    expect(call.sessionTimer.state).toBe('local-refresher');
    expect(call.sessionTimer.oneSided).toBe(true);
    const t0 = n.sent('SIP/2.0 200', PEER)[0]!.time;
    await n.run(250_000, 500);
    const reinvites = n.sent('INVITE', US).slice(1);
    expect(reinvites.map((x) => Math.round((x.time - t0) / 1000))).toEqual([60, 120, 180, 240]);
    expect(reinvites[0]!.msg.headers.get('Session-Expires')).toBe('120;refresher=uac');
    expect(n.sent('ACK', US)).toHaveLength(5);
    expect(n.sent('BYE')).toHaveLength(0);
    expect(call.state).toBe('confirmed');
  });

  it('a caller without timer support: we name ourselves refresher, without Require, and refresh by re-INVITE', async () => {
    const n = net();
    const us = new TestUa(n, 'bob', US, { onIncoming: (call) => call.answer(), sessionTimer: { enabled: true, interval: 120, refresher: 'uac' } });
    const peer = plainPeer(n);
    peer.invite(US, []);
    await n.run(500);
    const call = us.incoming[0]!;
    expect(call.state).toBe('confirmed');
    const ok = peer.responses(200)[0]!;
    // §9 Table 2: a UAC that does not support timers cannot refresh, whatever we prefer
    expect(ok.headers.get('Session-Expires')).toBe('120;refresher=uas');
    expect(ok.headers.has('Require')).toBe(false);
    expect(call.sessionTimer.state).toBe('local-refresher');
    await n.run(130_000, 500);
    const reinvites = peer.requests('INVITE').filter((r) => r.message.toTag);
    expect(reinvites).toHaveLength(2);
    expect(reinvites[0]!.message.headers.get('Session-Expires')).toBe('120;refresher=uac');
    expect(call.state).toBe('confirmed');
  });

  it('a callee that answers every INVITE with 422: two retries, then the call fails with 422', async () => {
    const n = net();
    const us = new TestUa(n, 'alice', US, { sessionTimer: { enabled: true, interval: 90 } });
    const peer = new ScriptedPeer(n, PEER);
    let min = 100;
    peer.transport.onMessage((m) => {
      if (m.message.kind !== 'request' || m.message.method !== 'INVITE') return;
      const res: SipResponse = createResponse(m.message, 422, { toTag: 'p' });
      res.headers.append('Min-SE', String((min += 100)));
      void peer.transport.sendResponse(res, m as ReceivedMessage<SipRequest>);
    });
    const call = us.call(`sip:peer@${HOST}:${PEER}`);
    await n.run(2000);
    const invites = peer.requests('INVITE').map((r) => r.message);
    expect(invites.map((i) => i.headers.get('Session-Expires'))).toEqual(['90', '200', '300']);
    expect(call.ended).toMatchObject({ by: 'remote', status: 422 });
  });
});
