/**
 * The keys layout routes over a whole phone in memory (real Phone, its
 * features, a fake PBX answering SUBSCRIBE and sending dialog NOTIFYs, one
 * VirtualClock) — proves the edits apply live, without the feature's 5 s
 * re-read of the keys file:
 *  - PATCH a memory key to BLF 1005: within 100 ms of virtual time the phone has
 *    SUBSCRIBEd to 1005's dialog state, the key is a `key` event, and the lamp
 *    follows a NOTIFY (GET /programmable-keys shows "ringing");
 *  - PATCH its number to 1006: 1005 is un-SUBSCRIBEd (Expires: 0), 1006 subscribed;
 *  - DELETE the key: 1006 un-SUBSCRIBEd, a last `key` event without lamp for it,
 *    and the key is gone from the phone's list.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, nullLogger } from '../../../src/base/index.js';
import { PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import type { ProgrammableKeyStatus } from '../../../src/phone/index.js';
import { createWebServer } from '../../../src/web/index.js';
import { FakePbx, TappedNet, run, startMemoryPhone, stopAll, type MemoryPhone } from '../phone/features-keys-world.js';
import { ADMIN } from './fake-phone.js';

const LAYOUT = '/api/v1/programmable-keys/layout';

let clock: VirtualClock;
let phones: MemoryPhone[] = [];
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
  await stopAll(clock, phones);
  phones = [];
});

async function world() {
  clock = new VirtualClock();
  const net = new TappedNet(clock);
  const pbx = await FakePbx.start(net);
  const accounts = await WebAccounts.open(undefined);
  const config = await PhoneSettings.open({ model: 'ES330', accounts });
  const a = await startMemoryPhone(net, '127.0.0.1', {
    store: { settings: config.settings, db: config.db },
    settings: { 'account.1.user': '1001', 'account.1.password': 'pw', 'account.1.server': pbx.address },
  });
  phones.push(a);
  await run(clock, 200);
  expect(a.phone.status().lines[0]!.state).toBe('registered');
  app = await createWebServer({ phone: a.phone, accounts, config, clock, logger: nullLogger, version: 't' });
  app.addHook('onClose', async () => config.close());
  const events: ProgrammableKeyStatus[] = [];
  a.phone.events.on('key', (k) => events.push(k));
  const dialogSubs = () => pbx.requests('SUBSCRIBE').filter((m) => /\r\nEvent: dialog/.test(m));
  return { pbx, a, events, dialogSubs };
}

/** The SUBSCRIBEs (initial and in-dialog) whose To is this extension. */
const to = (subs: string[], ext: string) => subs.filter((m) => m.includes(`\r\nTo: <sip:${ext}@`));
const call = (method: 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object) => app!.inject({ method, url, headers: { authorization: ADMIN }, ...(payload ? { payload } : {}) });

describe('a keys layout edit applies to the running phone at once', () => {
  it('subscribes, re-subscribes and un-subscribes BLF as the key changes', async () => {
    const w = await world();
    expect(w.dialogSubs()).toEqual([]);

    const set = await call('PATCH', `${LAYOUT}/memory/1`, { type: 'blf', account: 1, number: '1005', label: 'Bob' });
    expect(set.statusCode, set.body).toBe(200);
    await run(clock, 100);
    expect(w.dialogSubs().map((m) => m.split(' ')[1])).toEqual(['sip:1005@127.0.0.9']);
    expect(w.events[0]).toMatchObject({ id: '1', function: 'blf', number: '1005', label: 'Bob' });

    w.pbx.notifyDialog('1005', [{ id: 'd1', state: 'early' }]);
    await run(clock, 100);
    const keys = (await call('GET', '/api/v1/programmable-keys')).json() as ProgrammableKeyStatus[];
    expect(keys).toEqual([{ id: '1', index: 1, function: 'blf', line: 1, number: '1005', label: 'Bob', lamp: 'ringing' }]);

    expect((await call('PATCH', `${LAYOUT}/memory/1`, { number: '1006' })).statusCode).toBe(200);
    await run(clock, 300);
    const subs = w.dialogSubs();
    expect(to(subs, '1005').at(-1)).toMatch(/\r\nExpires: 0\r\n/);
    expect(to(subs, '1006')).toHaveLength(1);

    w.events.length = 0;
    expect((await call('DELETE', `${LAYOUT}/memory/1`)).statusCode).toBe(200);
    await run(clock, 300);
    expect(to(w.dialogSubs(), '1006').at(-1)).toMatch(/\r\nExpires: 0\r\n/);
    const gone = w.events.find((e) => e.id === '1' && e.lamp === undefined);
    expect(gone).toMatchObject({ id: '1', function: 'blf', number: '1006' });
    expect(w.a.phone.programmableKeys()).toEqual([]);
  });
});
