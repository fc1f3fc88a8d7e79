/**
 * Multicast paging between whole phones in memory (features-keys-world.ts:
 * the in-memory network delivers multicast to sockets that joined the group,
 * as the kernel does; the real-kernel proof stays at the media level in
 * tests/integration/media/paging-netns.test.ts). Phone A pages with its
 * Paging keys, phone B listens on Paging1/Paging2 from its settings, phone C
 * is someone B can be in a call with. Proves:
 *  - a Paging key press starts a page to its group ("addr:port", or a
 *    Paging slot number), shown in A's status, key state and events; B hears
 *    A's microphone (its 700 Hz tone, Goertzel) on its handset, with
 *    `paging` receive events; a second press stops it and B's page ends;
 *  - A listening to the same group does not hear its own page;
 *  - a call in progress on B holds the page back; it is heard once the call ends;
 *  - B's groups follow its settings live (a group switched off is left);
 *  - A will not page while it is in a call (the microphone is the call's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { toneRatio } from '../../../src/media/index.js';
import type { PagingEvent } from '../../../src/phone/index.js';
import { TappedNet, callWhere, drive, keysXml, run, startMemoryPhone, stopAll, type MemoryPhone } from './features-keys-world.js';

let phones: MemoryPhone[] = [];
let clockOf: VirtualClock | undefined;

afterEach(async () => {
  if (clockOf) await stopAll(clockOf, phones);
  phones = [];
});

const G1 = { 'paging.1.enabled': true, 'paging.1.address': '239.1.2.3', 'paging.1.port': 5000 };
const G2 = { 'paging.2.enabled': true, 'paging.2.address': '239.1.2.4', 'paging.2.port': 5002 };

async function world(aSettings: Record<string, unknown> = {}) {
  const clock = new VirtualClock();
  const net = new TappedNet(clock);
  const keys = keysXml([
    { id: 0, type: 6, number: '239.1.2.3:5000', name: 'All' },
    { id: 1, type: 6, number: '2', name: 'Slot2' },
  ]);
  const a = await startMemoryPhone(net, '127.0.0.1', { keysXml: keys, settings: { ...G2, ...aSettings }, toneHz: 700 });
  const b = await startMemoryPhone(net, '127.0.0.2', { settings: { ...G1, ...G2 }, toneHz: 1100 });
  const c = await startMemoryPhone(net, '127.0.0.3', { toneHz: 1500 });
  phones.push(a, b, c);
  clockOf = clock;
  const heardByB: PagingEvent[] = [];
  b.phone.events.on('paging', (e) => heardByB.push(e));
  return { clock, net, a, b, c, heardByB };
}

describe('paging keys and the paging listener', () => {
  it('a Paging key pages its group; B hears A on its handset; a second press stops it', async () => {
    const w = await world();
    const keyEvents: Array<boolean | undefined> = [];
    w.a.phone.events.on('key', (k) => k.id === '1' && keyEvents.push(k.paging));
    const t0 = w.clock.now();
    expect(await w.a.phone.pressProgrammableKey('1')).toEqual({ key: '1', action: 'paging-started' });
    expect(w.a.phone.status().paging).toEqual({ sending: { address: '239.1.2.3', port: 5000 } });
    expect(w.a.phone.programmableKeys()[0]!.paging).toBe(true);
    await run(w.clock, 1000);
    expect(w.heardByB[0]).toEqual({ direction: 'receive', active: true, address: '239.1.2.3', port: 5000, group: 1 });
    expect(w.b.phone.status().paging?.hearing).toEqual({ group: 1, address: '239.1.2.3', port: 5000, barge: false });
    const heard = w.b.handset.between(t0 + 200, t0 + 1000);
    expect(heard.length).toBeGreaterThan(16000 * 0.5);
    expect(toneRatio(heard, 16000, 700)).toBeGreaterThan(0.5);

    expect(await w.a.phone.pressProgrammableKey('1')).toEqual({ key: '1', action: 'paging-stopped' });
    await run(w.clock, 1000);
    expect(w.heardByB.at(-1)).toEqual({ direction: 'receive', active: false, address: '239.1.2.3', port: 5000, group: 1, reason: 'timeout' });
    expect(w.a.phone.status().paging).toEqual({});
    expect(keyEvents).toEqual([true, false]);
  });

  it('a slot-number key pages that Paging group; the pager does not hear itself', async () => {
    const w = await world();
    const heardByA: PagingEvent[] = [];
    w.a.phone.events.on('paging', (e) => e.direction === 'receive' && heardByA.push(e));
    await w.a.phone.pressProgrammableKey('2');
    await run(w.clock, 1000);
    expect(w.heardByB[0]).toMatchObject({ direction: 'receive', active: true, group: 2, address: '239.1.2.4' });
    expect(heardByA).toEqual([]);
  });

  it('a call in progress holds a page back; it is heard when the call ends', async () => {
    const w = await world();
    const { id } = await w.b.phone.dial('127.0.0.3');
    const inc = await callWhere(w.clock, w.c.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    await w.a.phone.pressProgrammableKey('1');
    await run(w.clock, 1000);
    await w.c.phone.answer(inc.id);
    await run(w.clock, 1000);
    expect(w.heardByB).toEqual([]);
    await drive(w.clock, w.b.phone.hangup(id));
    await run(w.clock, 1000);
    expect(w.heardByB[0]).toMatchObject({ direction: 'receive', active: true, group: 1 });
  });

  it("follows the listener's settings live, and A will not page during a call", async () => {
    const w = await world();
    w.b.settings.set('paging.1.enabled', false);
    await run(w.clock, 100);
    await w.a.phone.pressProgrammableKey('1');
    await run(w.clock, 1000);
    expect(w.heardByB).toEqual([]);
    await w.a.phone.pressProgrammableKey('1');

    await w.a.phone.dial('127.0.0.3');
    const inc = await callWhere(w.clock, w.c.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    await w.c.phone.answer(inc.id);
    await callWhere(w.clock, w.a.phone, (c) => c.state === 'connected');
    await expect(w.a.phone.pressProgrammableKey('1')).rejects.toThrow(/call has the microphone/);
  });
});
