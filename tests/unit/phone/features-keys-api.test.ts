/**
 * The keys-and-services REST routes over a REAL phone in memory (not the
 * web tests' fake phone): the web server and phone A share one settings
 * store and database, phone B (127.0.0.2) is called. Proves, through HTTP:
 *  - GET /programmable-keys lists the keys; POST /programmable-keys/{n}/press
 *    presses one (201-free 200 with the action and call id); an absent key is
 *    404, a malformed id 400;
 *  - GET /status carries keys, hook and paging (the response schema keeps them);
 *  - POST /hook off/on and POST /predial dial through the pre-dial;
 *  - PUT/GET /dial-plan round-trips, a bad table is 400 and changes nothing;
 *  - POST /pickup, /voicemail, /redial, /history/{id}/dial,
 *    /phonebook/contacts/{id}/dial place calls (201 {id}) or say why not;
 *    POST /calls/{id}/park on an unknown call is 404;
 *  - each of those calls really left as an INVITE to B.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, nullLogger } from '../../../src/base/index.js';
import { PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import { createWebServer } from '../../../src/web/index.js';
import { TappedNet, keysXml, run, startMemoryPhone, stopAll, type MemoryPhone } from './features-keys-world.js';

const ADMIN = `Basic ${Buffer.from('root:root').toString('base64')}`;
const B = '127.0.0.2';
let phones: MemoryPhone[] = [];
let clockOf: VirtualClock | undefined;
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
  if (clockOf) await stopAll(clockOf, phones);
  phones = [];
});

async function world() {
  const clock = new VirtualClock();
  clockOf = clock;
  const net = new TappedNet(clock);
  const accounts = await WebAccounts.open(undefined);
  const store = await PhoneSettings.open({ model: 'ES330', accounts });
  const a = await startMemoryPhone(net, '127.0.0.1', {
    store,
    keysXml: keysXml([
      { id: 0, type: 5, number: B, name: 'B' },
      { id: 1, type: 1, number: '1005', name: 'BLF' },
    ]),
    settings: { 'call.pickupCode': '*8' },
  });
  const b = await startMemoryPhone(net, B);
  phones.push(a, b);
  app = await createWebServer({ phone: a.phone, accounts, config: store, clock, logger: nullLogger, version: 'test' });
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await app!.inject({ method, url: `/api/v1${url}`, headers: { authorization: ADMIN }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    await run(clock, 60);
    return { status: res.statusCode, body: res.body ? (res.json() as Record<string, unknown> & Array<Record<string, unknown>>) : undefined };
  };
  return { clock, net, a, b, call, invites: () => net.requests('INVITE', B) };
}

describe('keys and services over the REST API', () => {
  it('lists and presses programmable keys; the status carries keys, hook and paging', async () => {
    const w = await world();
    const list = await w.call('GET', '/programmable-keys');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      { id: '1', index: 1, function: 'speed-dial', line: 1, number: B, label: 'B' },
      { id: '2', index: 2, function: 'blf', line: 1, number: '1005', label: 'BLF', lamp: 'unknown' },
    ]);
    const press = await w.call('POST', '/programmable-keys/1/press');
    expect(press.status).toBe(200);
    expect(press.body).toMatchObject({ key: '1', action: 'dialed', callId: expect.any(String) });
    expect(w.invites()).toHaveLength(1);
    expect((await w.call('POST', '/programmable-keys/9/press')).status).toBe(404);
    expect((await w.call('POST', '/programmable-keys/x1/press')).status).toBe(400);

    const status = await w.call('GET', '/status');
    expect(status.body).toMatchObject({ keys: list.body, hook: { offHook: false }, paging: {} });
  });

  it('hook and pre-dial dial through the pre-dial buffer', async () => {
    const w = await world();
    const up = await w.call('POST', '/hook', { offHook: true });
    expect(up).toMatchObject({ status: 200, body: { action: 'dial-tone', hook: { offHook: true, predial: { digits: '' } } } });
    const keys = await w.call('POST', '/predial', { digits: '127*0*0*' });
    expect(keys.body).toEqual({ hook: { offHook: true, predial: { digits: '127*0*0*' } } });
    const sent = await w.call('POST', '/predial', { digits: '2', send: true });
    expect(sent.body).toMatchObject({ callId: expect.any(String) });
    expect(w.invites()).toHaveLength(1);
    expect((await w.call('POST', '/predial', { digits: '12a' })).status).toBe(400);
    expect((await w.call('POST', '/predial', { clear: true })).body).toEqual({ hook: { offHook: true } });
    const down = await w.call('POST', '/hook', { offHook: false });
    expect(down.body).toMatchObject({ action: 'hung-up', hook: { offHook: false } });
  });

  it('dial plan round-trips; pickup, voice mail, redial, call log and contacts place calls', async () => {
    const w = await world();
    expect((await w.call('PUT', '/dial-plan', [{ id: 1, prefix: 'x' }])).status).toBe(400);
    expect((await w.call('GET', '/dial-plan')).body).toEqual([]);
    const rules = [
      { id: 1, prefix: '*8', ip: B },
      { id: 2, prefix: '5', ip: B, insert: { position: 0, digits: '9' } },
    ];
    expect(await w.call('PUT', '/dial-plan', rules)).toEqual({ status: 200, body: rules });
    expect((await w.call('GET', '/dial-plan')).body).toEqual(rules);

    expect(await w.call('POST', '/pickup', {})).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    expect(w.invites().at(-1)).toMatch(/^INVITE sip:\*8@127\.0\.0\.2 SIP/);
    expect((await w.call('POST', '/pickup', { target: '1007' })).status).toBe(201);
    expect(w.invites().at(-1)).toMatch(/^INVITE sip:\*81007@127\.0\.0\.2 SIP/);

    expect((await w.call('POST', '/voicemail', {})).status).toBe(400);
    w.a.settings.set('call.voicemailNumber', '500');
    expect((await w.call('POST', '/voicemail', { line: 1 })).status).toBe(201);
    expect(w.invites().at(-1)).toMatch(/^INVITE sip:9500@127\.0\.0\.2 SIP/);

    expect((await w.call('POST', '/redial')).status).toBe(201);
    expect(w.invites().at(-1)).toMatch(/^INVITE sip:9500@127\.0\.0\.2 SIP/);

    const entry = w.a.db.callHistory.add({ type: 'missed', time: 5, line: 1, remoteUri: 'sip:2002@127.0.0.2', number: '2002' });
    expect((await w.call('POST', `/history/${entry.id}/dial`)).status).toBe(201);
    expect(w.invites().at(-1)).toMatch(/^INVITE sip:2002@127\.0\.0\.2 SIP/);
    expect((await w.call('POST', '/history/77777/dial')).status).toBe(400);

    const contact = w.a.db.contacts.add({ firstName: 'Cy', office: '5123', mobile: '', other: '' });
    expect((await w.call('POST', `/phonebook/contacts/${contact.id}/dial`, { number: 'office' })).status).toBe(201);
    expect(w.invites().at(-1)).toMatch(/^INVITE sip:95123@127\.0\.0\.2 SIP/);
    expect((await w.call('POST', `/phonebook/contacts/${contact.id}/dial`, { number: 'pager' })).status).toBe(400);

    expect((await w.call('POST', '/calls/nope/park', { to: '700' })).status).toBe(404);
  });
});
