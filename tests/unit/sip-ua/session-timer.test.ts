/**
 * Session timers (RFC 4028) between two of our user agents in memory, an
 * hour of virtual time each: the negotiation in INVITE and 2xx (§7, §9), who
 * refreshes (refresher=uac / uas, and the callee asking for a timer the
 * caller did not), the 422 Session Interval Too Small retry with the larger
 * Min-SE (§7.3), refreshes by UPDATE at half the interval (§10) that keep
 * the other side from hanging up, and UAs with the timer disabled (no
 * Session-Expires anywhere, but Supported: timer and replaces).
 */
import { describe, expect, it } from 'vitest';
import type { SipMessage, SipRequest } from '../../../src/sip/index.js';
import { net, TestUa, type Net } from './refer-ua-bench.js';

const A_PORT = 5081;
const B_PORT = 5082;

/** The 2xx to the INVITE with this CSeq number, as sent by `port`. */
function okToInvite(n: Net, port: number): SipMessage {
  const ok = n.sent('SIP/2.0 200', port).find((x) => x.msg.cseq?.method === 'INVITE');
  expect(ok).toBeDefined();
  return ok!.msg;
}

function requestTimes(n: Net, method: string, port: number, since: number): number[] {
  const seen = new Set<string>();
  return n
    .sent(method, port)
    .filter((x) => {
      const key = x.msg.headers.get('CSeq')!;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((x) => Math.round((x.time - since) / 1000));
}

describe('session timer negotiation and refresh between two phones', () => {
  it('caller asks 1800 s, callee lets it refresh (refresher=uac): UPDATE every 900 s, nobody hangs up', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', A_PORT, { sessionTimer: { enabled: true, interval: 1800 } });
    const b = new TestUa(n, 'bob', B_PORT, { sessionTimer: { enabled: true } });
    const ab = a.call(b.uri);
    await n.run(1000);
    const ba = b.incoming[0]!;
    const invite = n.sent('INVITE', A_PORT)[0]!.msg;
    expect(invite.headers.get('Session-Expires')).toBe('1800');
    expect(invite.headers.get('Min-SE')).toBe('90');
    expect(invite.tokens('Supported')).toEqual(expect.arrayContaining(['timer', 'replaces']));
    const ok = okToInvite(n, B_PORT);
    expect(ok.headers.get('Session-Expires')).toBe('1800;refresher=uac');
    expect(ok.tokens('Require')).toEqual(['timer']);
    expect(ok.tokens('Supported')).toEqual(expect.arrayContaining(['timer', 'replaces']));
    expect([ab.sessionTimer.state, ab.sessionTimer.interval]).toEqual(['local-refresher', 1800]);
    expect([ba.sessionTimer.state, ba.sessionTimer.interval]).toEqual(['remote-refresher', 1800]);
    const t0 = n.sent('SIP/2.0 200', B_PORT)[0]!.time;

    await n.run(3_600_000, 1000);
    // §10: half the interval; B's Allow has UPDATE, so no re-INVITE and no new SDP
    expect(requestTimes(n, 'UPDATE', A_PORT, t0)).toEqual([900, 1800, 2700, 3600]);
    expect(n.sent('INVITE', A_PORT).filter((x) => x.msg.toTag)).toHaveLength(0);
    const update = n.sent('UPDATE', A_PORT)[0]!.msg;
    expect(update.headers.get('Session-Expires')).toBe('1800;refresher=uac');
    expect(update.body.length).toBe(0);
    // without those refreshes B would have sent BYE at 1770 s
    expect(n.sent('BYE')).toHaveLength(0);
    expect([ab.state, ba.state]).toEqual(['confirmed', 'confirmed']);
    expect(ba.sessionTimer.state).toBe('remote-refresher');
  });

  it("caller asks the callee to refresh (refresher=uas): the callee's UPDATEs refresh, the caller watches", async () => {
    const n = net();
    const a = new TestUa(n, 'alice', A_PORT, { sessionTimer: { enabled: true, interval: 600, refresher: 'uas' } });
    const b = new TestUa(n, 'bob', B_PORT, { sessionTimer: { enabled: true } });
    const ab = a.call(b.uri);
    await n.run(1000);
    const ba = b.incoming[0]!;
    expect(n.sent('INVITE', A_PORT)[0]!.msg.headers.get('Session-Expires')).toBe('600;refresher=uas');
    expect(okToInvite(n, B_PORT).headers.get('Session-Expires')).toBe('600;refresher=uas');
    expect(ab.sessionTimer.state).toBe('remote-refresher');
    expect(ba.sessionTimer.state).toBe('local-refresher');
    const t0 = n.sent('SIP/2.0 200', B_PORT)[0]!.time;
    await n.run(1_900_000, 1000);
    expect(requestTimes(n, 'UPDATE', B_PORT, t0)).toEqual([300, 600, 900, 1200, 1500, 1800]);
    // B is the UAC of its own UPDATEs: refresher=uac keeps B refreshing (RFC 4028 §7.4)
    expect(n.sent('UPDATE', B_PORT)[0]!.msg.headers.get('Session-Expires')).toBe('600;refresher=uac');
    expect(ab.sessionTimer.state).toBe('remote-refresher');
    expect(n.sent('BYE')).toHaveLength(0);
    expect(ab.state).toBe('confirmed');
  });

  it('a callee that wants a timer the caller did not ask for refreshes itself (RFC 4028 §9)', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', A_PORT);
    const b = new TestUa(n, 'bob', B_PORT, { sessionTimer: { enabled: true, interval: 300 } });
    const ab = a.call(b.uri);
    await n.run(1000);
    const invite = n.sent('INVITE', A_PORT)[0]!.msg;
    expect(invite.headers.has('Session-Expires')).toBe(false);
    expect(invite.tokens('Supported')).toContain('timer');
    expect(okToInvite(n, B_PORT).headers.get('Session-Expires')).toBe('300;refresher=uas');
    expect(ab.sessionTimer.state).toBe('remote-refresher');
    expect(b.incoming[0]!.sessionTimer.state).toBe('local-refresher');
    await n.run(400_000, 1000);
    expect(n.sent('UPDATE', B_PORT).length).toBeGreaterThanOrEqual(2);
    expect(ab.state).toBe('confirmed');
  });

  it('422 Session Interval Too Small: the caller retries with the larger Min-SE and refreshes at half of it', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', A_PORT, { sessionTimer: { enabled: true, interval: 90 } });
    const b = new TestUa(n, 'bob', B_PORT, { sessionTimer: { enabled: true, minSE: 300 } });
    const ab = a.call(b.uri);
    await n.run(1500);
    expect(ab.state).toBe('confirmed');
    const invites = n.sent('INVITE', A_PORT).map((x) => x.msg as SipRequest);
    expect(invites).toHaveLength(2);
    expect([invites[0]!.headers.get('Session-Expires'), invites[0]!.headers.get('Min-SE')]).toEqual(['90', '90']);
    const too = n.sent('SIP/2.0 422', B_PORT)[0]!.msg;
    expect(too.headers.get('Min-SE')).toBe('300');
    expect(n.sent('ACK', A_PORT)[0]!.msg.cseq?.seq).toBe(invites[0]!.cseq!.seq);
    // §7.3: same Call-ID and From tag, next CSeq, Session-Expires and Min-SE raised
    expect(invites[1]!.callId).toBe(invites[0]!.callId);
    expect(invites[1]!.fromTag).toBe(invites[0]!.fromTag);
    expect(invites[1]!.cseq!.seq).toBe(invites[0]!.cseq!.seq + 1);
    expect([invites[1]!.headers.get('Session-Expires'), invites[1]!.headers.get('Min-SE')]).toEqual(['300', '300']);
    expect(okToInvite(n, B_PORT).headers.get('Session-Expires')).toBe('300;refresher=uac');
    const t0 = n.sent('SIP/2.0 200', B_PORT)[0]!.time;
    await n.run(320_000, 1000);
    expect(requestTimes(n, 'UPDATE', A_PORT, t0)).toEqual([150, 300]);
    const update = n.sent('UPDATE', A_PORT)[0]!.msg;
    expect([update.headers.get('Session-Expires'), update.headers.get('Min-SE')]).toEqual(['300;refresher=uac', '300']);
    expect(ab.state).toBe('confirmed');
  });

  it('a refresh re-INVITE without UPDATE: same SDP version, and hold keeps the timer running', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', A_PORT, { sessionTimer: { enabled: true, interval: 120 }, allow: 'INVITE, ACK, CANCEL, BYE' });
    const b = new TestUa(n, 'bob', B_PORT, { allow: 'INVITE, ACK, CANCEL, BYE' });
    const ab = a.call(b.uri);
    await n.run(1000);
    const holding = ab.hold();
    await n.run(1000);
    expect(await holding).toBe(true);
    const hold = n.sent('INVITE', A_PORT)[1]!.msg;
    expect(hold.headers.get('Session-Expires')).toBe('120;refresher=uac');
    const t0 = n.sent('SIP/2.0 200', B_PORT).at(-1)!.time;
    await n.run(61_000, 500);
    const invites = n.sent('INVITE', A_PORT).map((x) => x.msg);
    expect(invites).toHaveLength(3);
    expect(Math.round((n.sent('INVITE', A_PORT)[2]!.time - t0) / 1000)).toBe(60);
    // RFC 6337 §5.3: an unchanged SDP keeps its o= version; still on hold
    const origin = (m: SipMessage) => /^o=.*$/m.exec(m.body.toString())![0];
    expect(origin(invites[2]!)).toBe(origin(invites[1]!));
    expect(invites[2]!.body.toString()).toMatch(/a=sendonly/);
    expect(n.sent('UPDATE')).toHaveLength(0);
    expect(ab.state).toBe('confirmed');
  });

  it('timers disabled on both sides: no Session-Expires anywhere, Supported still says timer and replaces', async () => {
    const n = net();
    const a = new TestUa(n, 'alice', A_PORT);
    const b = new TestUa(n, 'bob', B_PORT);
    const ab = a.call(b.uri);
    await n.run(1000);
    for (const x of n.wire) expect(x.data.toString()).not.toMatch(/Session-Expires|Min-SE/i);
    expect(n.sent('INVITE', A_PORT)[0]!.msg.tokens('Supported')).toEqual(['replaces', 'timer']);
    expect(okToInvite(n, B_PORT).tokens('Supported')).toEqual(['replaces', 'timer']);
    expect(ab.sessionTimer.state).toBe('off');
    expect(b.incoming[0]!.sessionTimer.state).toBe('off');
    await n.run(7_200_000, 10_000);
    expect(ab.state).toBe('confirmed');
    expect(n.wire.length).toBeLessThan(10);
  });
});
