/**
 * The programmable-keys layout routes (manual §7 "Programmable Keys", "Expansion
 * Module") with Fastify inject() over a fake phone and an in-memory database — proves:
 *  - GET /programmable-keys/layout: an empty phone has no keys, the model's facts
 *    (ES330: 3 lines, 6 modules; ES320: 2 lines, 0 modules) and six empty modules;
 *  - PATCH one key (memory, line, function, soft, expansion): stored as the Escene keys
 *    file (GET /config/keys shows the row with its codes), other fields of the key kept on
 *    a partial PATCH, attributes the model does not name (ExternID, Colour) kept; the
 *    phone is asked for its keys after each write (its live reload); DELETE clears a key;
 *  - validation, per field as `<group>.<index>.<field>`, nothing stored on a refusal: BLF
 *    without an extension, DTMF letters, a paging target that is not multicast, a line the
 *    model lacks, an unknown type, a new key without a type, an index out of range, an
 *    expansion key on the ES320, a bad soft-key code; an unknown group is a 400 too;
 *  - PUT the whole layout: GET → PUT gives the same layout (an imported file with rows the
 *    pages would not write, blank BLF rows, still saves); a change in one group leaves the
 *    keys file's other containers (Programbuttons, unknown ones) alone;
 *  - roles and CSRF: the user login gets 403 on every layout route, no login 401; a browser
 *    session needs its CSRF token for PUT/PATCH/DELETE (403 WEB_CSRF without), GET does not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, nullLogger } from '../../../src/base/index.js';
import { MEMORY_KEY_TYPES, PROGRAM_KEY_IDS, PROGRAM_KEY_TYPES, PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import type { PhoneModel, ProgrammableKeyStatus } from '../../../src/phone/index.js';
import { CSRF_HEADER, createWebServer, createWebSecurity } from '../../../src/web/index.js';
import { FUNCTION_KEY_NAMES, MEMORY_KEY_TYPE_NAMES, PROGRAM_KEY_TYPE_NAMES } from '../../../src/web/api/key-layout-schemas.js';
import { ADMIN, FakePhone, USER } from './fake-phone.js';

const EXTERN = readFileSync(join(import.meta.dirname, '../../fixtures/escene/1001_Extern.xml'));
const LAYOUT = '/api/v1/programmable-keys/layout';

let app: FastifyInstance;
let phone: FakePhone & { keyReads: number };

async function server(model: PhoneModel = 'ES330'): Promise<void> {
  const clock = new VirtualClock();
  const accounts = await WebAccounts.open(undefined);
  const config = await PhoneSettings.open({ model, accounts });
  // the phone's live reload: the route asks for the keys after a write
  phone = Object.assign(new FakePhone(model), { keyReads: 0 });
  Object.assign(phone, {
    programmableKeys: (): ProgrammableKeyStatus[] => {
      phone.keyReads++;
      return [];
    },
  });
  app = await createWebServer({ phone, accounts, config, clock, logger: nullLogger, version: 't' }, { security: createWebSecurity(clock), pageHtml: '<!doctype html>' });
  app.addHook('onClose', async () => config.close());
}
afterEach(async () => app?.close());

const call = (method: string, url: string, payload?: object, authorization = ADMIN): Promise<LightMyRequestResponse> =>
  app.inject({ method: method as 'GET', url, headers: { authorization }, ...(payload ? { payload } : {}) });
const layout = async () => (await call('GET', LAYOUT)).json();
const keysFile = async () => (await call('GET', '/api/v1/config/keys')).body;
const errorsOf = (res: LightMyRequestResponse) => (res.json().errors as Array<{ key: string; reason: string }>).map((e) => e.key);

describe('GET /programmable-keys/layout', () => {
  it('gives the model facts and no keys on a new phone', async () => {
    await server();
    const res = await call('GET', LAYOUT);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      model: 'ES330',
      accounts: 3,
      expansionModules: 6,
      installedModules: 0,
      memoryKeys: [],
      lineKeys: [],
      functionKeys: [],
      softKeys: [],
      expansion: [[], [], [], [], [], []],
    });
  });

  it('the names the pages show match the keys file code tables', () => {
    expect(MEMORY_KEY_TYPE_NAMES.map(([v]) => v).sort()).toEqual(Object.keys(MEMORY_KEY_TYPES).sort());
    expect(PROGRAM_KEY_TYPE_NAMES.map(([v]) => v)).toEqual(Object.keys(PROGRAM_KEY_TYPES));
    expect(FUNCTION_KEY_NAMES).toHaveLength(PROGRAM_KEY_IDS.length);
  });
});

describe('PATCH and DELETE one key', () => {
  it('stores a memory key as a hotline row and tells the phone', async () => {
    await server();
    const res = await call('PATCH', `${LAYOUT}/memory/3`, { type: 'blf', account: 1, number: '1002', label: 'Bob' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().memoryKeys).toEqual([{ index: 3, type: 'blf', account: 1, number: '1002', label: 'Bob' }]);
    expect(phone.keyReads).toBe(1);
    expect(await keysFile()).toContain('<hotline id="2" ID="2" SipAccounts="0" Type="1" HotlineNum="1002" Name="Bob"/>');
    // a partial change keeps the other fields
    const relabel = await call('PATCH', `${LAYOUT}/memory/3`, { label: 'Bob B.' });
    expect(relabel.json().memoryKeys).toEqual([{ index: 3, type: 'blf', account: 1, number: '1002', label: 'Bob B.' }]);
    const cleared = await call('DELETE', `${LAYOUT}/memory/3`);
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().memoryKeys).toEqual([]);
    expect(await keysFile()).not.toContain('HotlineNum="1002"');
    expect(phone.keyReads).toBe(3);
  });

  it('stores line, function, soft and expansion keys in their containers', async () => {
    await server();
    expect((await call('PATCH', `${LAYOUT}/line/2`, { type: 'speed-dial', account: 'auto', number: '5551234', label: 'Taxi' })).statusCode).toBe(200);
    expect((await call('PATCH', `${LAYOUT}/function/12`, { type: 'dnd', account: 'auto', number: '', label: 'DND' })).statusCode).toBe(200);
    expect((await call('PATCH', `${LAYOUT}/soft/0`, { values: ['3', '0', '', '12'] })).statusCode).toBe(200);
    const res = await call('PATCH', `${LAYOUT}/expansion2/32`, { type: 'intercom', account: 3, number: '3001', label: 'Door' });
    expect(res.statusCode, res.body).toBe(200);
    const l = res.json();
    expect(l.lineKeys).toEqual([{ index: 2, type: 'speed-dial', account: 'auto', number: '5551234', label: 'Taxi' }]);
    expect(l.functionKeys).toEqual([{ index: 12, type: 'dnd', account: 'auto', number: '', label: 'DND' }]);
    expect(l.softKeys).toEqual([{ index: 0, values: ['3', '0', '', '12'] }]);
    expect(l.expansion[1]).toEqual([{ index: 32, type: 'intercom', account: 3, number: '3001', label: 'Door' }]);
    const xml = await keysFile();
    expect(xml).toContain('<ProgramKey id="12" SipAccounts="127" Type="2" Num="" Name="DND"/>');
    expect(xml).toContain('<SoftKey id="0" softkey1Value="3" softkey2Value="0" softkey4Value="12"/>');
    expect(xml).toContain('<extension2 id="31" ID="31" HotlineNum="3001" SipAccounts="2" Type="8" Name="Door"/>');
    expect(xml).toContain('<LineKey id="1" SipAccounts="127" Type="5" HotlineNum="5551234" Name="Taxi"/>');
    // a line key set back to "line" selects its line again: no row
    expect((await call('PATCH', `${LAYOUT}/line/2`, { type: 'line' })).json().lineKeys).toEqual([]);
    expect(await keysFile()).not.toContain('LineKey');
  });

  it('keeps what an imported file carries beyond the model', async () => {
    await server();
    expect((await app.inject({ method: 'PUT', url: '/api/v1/config/keys', payload: EXTERN, headers: { authorization: ADMIN, 'content-type': 'application/xml' } })).statusCode).toBe(200);
    const res = await call('PATCH', `${LAYOUT}/memory/1`, { number: '1003' });
    expect(res.statusCode, res.body).toBe(200);
    const xml = await keysFile();
    expect(xml).toContain('<hotline id="0" ID="0" SipAccounts="0" Type="1" HotlineNum="1003" Name="Bob" ExternID="0"/>');
    expect(xml).toContain('Colour="amber"');
    expect(xml).toContain('<Programbutton id="0"');
    expect(xml).toContain('<VendorBlock Mode="2">');
  });
});

describe('validation', () => {
  const refused = async (url: string, body: object, keys: string[]) => {
    const before = await keysFile();
    const res = await call('PATCH', `${LAYOUT}/${url}`, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toBe('WEB_VALIDATION');
    expect(errorsOf(res)).toEqual(keys);
    expect(await keysFile()).toBe(before);
  };

  it('refuses bad fields of a key, naming each field', async () => {
    await server();
    await refused('memory/4', { type: 'blf', account: 1, number: '', label: 'x' }, ['memory.4.number']);
    await refused('memory/4', { type: 'dtmf', account: 1, number: '12ab9x', label: '' }, ['memory.4.number']);
    await refused('memory/4', { type: 'paging', account: 1, number: '10.0.0.1:5004', label: '' }, ['memory.4.number']);
    await refused('memory/4', { type: 'speed-dial', account: 1, number: '555 1234', label: '' }, ['memory.4.number']);
    await refused('memory/4', { type: 'hotdesk', account: 1, number: '1', label: 'x'.repeat(65) }, ['memory.4.type', 'memory.4.label']);
    await refused('memory/5', { number: '1002' }, ['memory.5.type']);
    await refused('memory/17', { type: 'speed-dial', account: 1, number: '1', label: '' }, ['memory.17']);
    await refused('function/18', { type: 'dnd', account: 'auto', number: '', label: '' }, ['function.18']);
    await refused('function/3', { type: 'blf', account: 'auto', number: '', label: '' }, ['function.3.type']);
    await refused('soft/2', { values: ['1', 'a b'] }, ['soft.2.values.1']);
    // accepted: a paging group as slot, multicast address:port or sip: form
    for (const number of ['3', '224.0.1.75:10000', 'sip:239.1.1.1:5004', '[ff02::1]:5004']) {
      expect((await call('PATCH', `${LAYOUT}/memory/4`, { type: 'paging', account: 1, number, label: '' })).statusCode, number).toBe(200);
    }
    const badGroup = await call('PATCH', `${LAYOUT}/keypad/1`, { type: 'dnd' });
    expect(badGroup.statusCode).toBe(400);
  });

  it('knows the ES320: two lines, no expansion module', async () => {
    await server('ES320');
    const l = await layout();
    expect(l).toMatchObject({ model: 'ES320', accounts: 2, expansionModules: 0 });
    await refused('memory/1', { type: 'speed-dial', account: 3, number: '1', label: '' }, ['memory.1.account']);
    await refused('line/3', { type: 'speed-dial', account: 1, number: '1', label: '' }, ['line.3']);
    await refused('expansion1/1', { type: 'speed-dial', account: 1, number: '1', label: '' }, ['expansion1.1']);
  });
});

describe('PUT the whole layout', () => {
  it('round-trips GET → PUT, saves beside rows the pages would not write, and refuses all or nothing', async () => {
    await server();
    const blank = '<all><hotlines><hotline id="5" ID="" SipAccounts="0" Type="1" HotlineNum="" Name=""/></hotlines></all>';
    expect((await app.inject({ method: 'PUT', url: '/api/v1/config/keys', payload: blank, headers: { authorization: ADMIN, 'content-type': 'application/xml' } })).statusCode).toBe(200);
    const l = await layout();
    expect(l.memoryKeys).toEqual([{ index: 6, type: 'blf', account: 1, number: '', label: '' }]);
    const same = await call('PUT', LAYOUT, l);
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toEqual(l);

    l.memoryKeys.push({ index: 1, type: 'speed-dial', account: 2, number: '1003', label: 'Carol' });
    l.expansion[0].push({ index: 1, type: 'blf', account: 1, number: '2001', label: 'Reception' });
    const saved = await call('PUT', LAYOUT, l);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().memoryKeys.map((k: { index: number }) => k.index)).toEqual([1, 6]);
    expect(saved.json().expansion[0]).toHaveLength(1);

    const bad = structuredClone(saved.json());
    bad.memoryKeys[0].number = '';
    bad.memoryKeys.push({ index: 1, type: 'dtmf', account: 1, number: '1', label: '' });
    bad.expansion[0] = [];
    const res = await call('PUT', LAYOUT, bad);
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res)).toEqual(['memory.1.number', 'memory.1']);
    expect((await layout()).expansion[0]).toHaveLength(1);
  });
});

describe('roles and CSRF', () => {
  it('is for the administrator only', async () => {
    await server();
    const routes: Array<[string, string, object?]> = [
      ['GET', LAYOUT],
      ['PUT', LAYOUT, { memoryKeys: [], lineKeys: [], functionKeys: [], softKeys: [], expansion: [] }],
      ['PATCH', `${LAYOUT}/memory/1`, { type: 'speed-dial', account: 1, number: '1', label: '' }],
      ['DELETE', `${LAYOUT}/memory/1`],
    ];
    for (const [method, url, body] of routes) {
      expect((await call(method, url, body, USER)).statusCode, `${method} ${url} as user`).toBe(403);
      const anonymous = await app.inject({ method: method as 'GET', url, ...(body ? { payload: body } : {}) });
      expect(anonymous.statusCode, `${method} ${url} anonymous`).toBe(401);
    }
    expect(await keysFile()).not.toContain('hotline');
  });

  it('needs the CSRF token of a browser session to change keys', async () => {
    await server();
    const login = await app.inject({ method: 'POST', url: '/login', payload: { username: 'root', password: 'root' } });
    const cookie = `sayhi_session=${login.cookies.find((c) => c.name === 'sayhi_session')!.value}`;
    const token = login.json().csrfToken as string;
    const body = { type: 'speed-dial', account: 1, number: '1002', label: '' };
    expect((await app.inject({ method: 'GET', url: LAYOUT, headers: { cookie } })).statusCode).toBe(200);
    const noToken = await app.inject({ method: 'PATCH', url: `${LAYOUT}/memory/2`, headers: { cookie }, payload: body });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error).toBe('WEB_CSRF');
    expect((await app.inject({ method: 'DELETE', url: `${LAYOUT}/memory/2`, headers: { cookie } })).statusCode).toBe(403);
    expect((await layout()).memoryKeys).toEqual([]);
    const ok = await app.inject({ method: 'PATCH', url: `${LAYOUT}/memory/2`, headers: { cookie, [CSRF_HEADER]: token }, payload: body });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().memoryKeys).toHaveLength(1);
  });
});
