/**
 * Session timers from the settings registry (manual §7 SIP Account: "Use
 * Session Timer", "Session Timer" interval, "Session Refresher"; RFC 4028)
 * between Sayhi phones in simulated time (call-bench.ts). Proves the call
 * factory hands the line's values to the session: the INVITE asks for the
 * configured interval and refresher, the refresher sends its refresh (UPDATE
 * without SDP, since the peer allows UPDATE) at half the interval, the call
 * outlives several intervals, and with the setting off nothing is asked for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallBench, type BenchPhone } from './call-bench.js';

let bench: CallBench;
afterEach(async () => bench?.stop());

/** Requests of `method` a phone sent (first transmissions: one per CSeq). */
function requests(p: BenchPhone, method: string): string[] {
  const sock = bench.net.udp.get(`127.0.0.1:${p.sipPort}`);
  const seen = new Map<string, string>();
  for (const d of sock?.sent ?? []) {
    const text = d.data.toString('latin1');
    if (!text.startsWith(`${method} `)) continue;
    const cseq = /^CSeq:\s*(.+)$/im.exec(text)?.[1] ?? '';
    if (!seen.has(cseq)) seen.set(cseq, text);
  }
  return [...seen.values()];
}

describe('session timer settings (simulated time)', () => {
  it('on, 90 s, refresher uac: INVITE asks for it; the caller refreshes by UPDATE every 45 s; the call lives on', async () => {
    bench = new CallBench();
    const a = await bench.phone('alice', {
      toneHz: 440,
      settings: { 'account.1.sessionTimer': true, 'account.1.sessionExpires': 90, 'account.1.sessionRefresher': 'uac', 'call.holdTone': false },
    });
    const b = await bench.phone('bob', { toneHz: 700 });
    const { atA, atB } = await bench.connect(a, b);
    const invite = requests(a, 'INVITE')[0]!;
    expect(invite).toMatch(/^Session-Expires:\s*90;refresher=uac\r$/m);
    expect(invite).toMatch(/^Supported:.*\btimer\b/m);
    expect(requests(a, 'UPDATE')).toHaveLength(0);
    await bench.run(46_000);
    expect(requests(a, 'UPDATE')).toHaveLength(1);
    await bench.run(45_000);
    expect(requests(a, 'UPDATE')).toHaveLength(2);
    expect(requests(b, 'UPDATE')).toHaveLength(0);
    await bench.run(100_000);
    expect(bench.state(a, atA)?.state).toBe('connected');
    expect(bench.state(b, atB)?.state).toBe('connected');
    expect(requests(a, 'BYE')).toHaveLength(0);
  });

  it('refresher uas: the callee refreshes, although its own setting is off (it supports timers, RFC 4028 §9)', async () => {
    bench = new CallBench();
    const a = await bench.phone('alice', {
      toneHz: 440,
      settings: { 'account.1.sessionTimer': true, 'account.1.sessionExpires': 120, 'account.1.sessionRefresher': 'uas' },
    });
    const b = await bench.phone('bob', { toneHz: 700 });
    await bench.connect(a, b);
    expect(requests(a, 'INVITE')[0]).toMatch(/^Session-Expires:\s*120;refresher=uas\r$/m);
    await bench.run(61_000);
    expect(requests(b, 'UPDATE')).toHaveLength(1);
    expect(requests(a, 'UPDATE')).toHaveLength(0);
  });

  it('off (the default): no Session-Expires is asked for and nobody refreshes', async () => {
    bench = new CallBench();
    const a = await bench.phone('alice', { toneHz: 440 });
    const b = await bench.phone('bob', { toneHz: 700 });
    const { atA } = await bench.connect(a, b);
    expect(requests(a, 'INVITE')[0]).not.toMatch(/^Session-Expires:/m);
    await bench.run(200_000);
    expect(requests(a, 'UPDATE')).toHaveLength(0);
    expect(requests(b, 'UPDATE')).toHaveLength(0);
    expect(bench.state(a, atA)?.state).toBe('connected');
  });
});
