/**
 * Proves that a registration hands on the registrar's Date header (RFC 3261
 * §20.17) with each 2xx, for a phone that takes its time from the SIP server,
 * and says nothing when the 2xx has none (Kamailio's registrar sends none).
 */
import { describe, expect, it } from 'vitest';
import { regBench } from './registration-bench.js';

describe('Registration: the Date header of the 2xx', () => {
  it('is in the registered event of every 2xx that carries one', async () => {
    const b = regBench();
    const date = 'Tue, 03 Feb 2026 10:30:00 GMT';
    b.primary.reply = () => ({ status: 200, headers: [['Date', date], ['Expires', '60']] });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.states.at(-1)).toMatchObject({ state: 'registered', date });
    await b.clock.advanceAsync(30_000); // the refresh at half of 60 s
    expect(b.states.filter((s) => s.state === 'registered' && (s as { date?: string }).date === date)).toHaveLength(2);
  });

  it('is absent when the registrar sends no Date', async () => {
    const b = regBench();
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.states.at(-1)?.state).toBe('registered');
    expect(b.states.at(-1)).not.toHaveProperty('date');
  });
});
