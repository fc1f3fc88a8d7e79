/**
 * The configuration routes (issue #3) with Fastify inject() over a fake phone and an
 * in-memory PhoneSettings — proves:
 *  - GET /config: the full ESConfig.xml (application/xml), admin only (user 403), SIP
 *    passwords in it as on the real phone, web login passwords empty;
 *  - PUT /config (application/xml or text/xml, raw bytes): merged like an import → 200 with the
 *    changed keys; GET /settings then shows them (passwords masked) and the export keeps the
 *    file's unknown attributes; a bad file → 400 with file/line/column/reason and nothing
 *    applied; JSON → 415; over 1 MiB → 413; the user login → 403;
 *  - web passwords in a PUT file become the hashed logins: the new admin password works on the
 *    very next request (no stale login cache), the old one gets 401, GET /settings never shows them;
 *  - GET /settings: admin sees every key, the user login only user keys; nothing in clear;
 *  - PATCH /settings: atomic (one bad key → 400 listing it, nothing applied); unknown key → 400;
 *    user → 403 naming the admin keys (nothing applied), 200 for user keys; answers say `reboot`
 *    (web.port) and `host` (network.*), `pendingReboot` until the value is back;
 *  - GET /settings/schema: every key with type/default/role/effect/xml (admin), user keys (user);
 *  - phonebook files: PUT /phonebook then GET gives the same bytes; 301 contacts → 400 and the
 *    old book stays; PUT /phonebook/enterprise replaces the enterprise book;
 *  - OpenAPI: the XML routes are documented with application/xml bodies and answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneSettings } from '../../../src/config/index.js';
import { buildOpenApi } from '../../../src/web/index.js';
import { ADMIN, USER, makeTestServer } from './fake-phone.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/escene');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

let app: FastifyInstance;
let config: PhoneSettings;

beforeAll(async () => {
  ({ app, config } = await makeTestServer('ES330', { ownLogins: true }));
});
afterAll(() => app.close());

const put = (url: string, payload: Buffer | string, contentType = 'application/xml', authorization = ADMIN) =>
  app.inject({ method: 'PUT', url: `/api/v1${url}`, payload, headers: { authorization, 'content-type': contentType } });
const patch = (payload: object, authorization = ADMIN) =>
  app.inject({ method: 'PATCH', url: '/api/v1/settings', payload, headers: { authorization } });
const get = (url: string, authorization = ADMIN) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization } });

describe('GET/PUT /config', () => {
  it('exports the full ESConfig.xml to the admin only', async () => {
    const res = await get('/config');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.body).toMatch(/^<all>\n/);
    expect(res.body).toContain('<password UsrName="root" Password="" User="user" UserPassword=""/>');
    expect((await get('/config', USER)).statusCode).toBe(403);
  });

  it('merges a file like an import, keeping its unknown parts', async () => {
    const res = await put('/config', fixture('fusionpbx-line1.xml'), 'text/xml; charset=utf-8');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.changed.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['account.1.server', 'account.1.user', 'account.1.password']));
    expect(body.changed.find((c: { key: string }) => c.key === 'account.1.password')).toEqual({ key: 'account.1.password', old: '', new: '********', effect: 'live' });
    expect(body).toMatchObject({ reboot: [], host: [], pendingReboot: [] });
    expect(body.warnings.length).toBeGreaterThan(0);
    const settings = (await get('/settings')).json();
    expect(settings).toMatchObject({ 'account.1.server': '127.0.0.1:25060', 'account.1.user': '1001', 'account.1.password': '********' });
    const exported = (await get('/config')).body;
    expect(exported).toContain('Password="pw1001"');
    expect(exported).toContain('VendorFlag="x"');
  });

  it('refuses a bad file whole, with file, line and column', async () => {
    const before = config.settings.get('account.1.registerExpires');
    const res = await put('/config', fixture('bad-out-of-range.xml'));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('WEB_VALIDATION');
    expect(body.errors[0]).toMatchObject({ code: 'CFG_XML_VALUE', file: 'ESConfig.xml', line: 6, where: 'sipUsers/sipUser[id=0]@RefreshTime' });
    expect(body.errors[0].column).toBeGreaterThan(0);
    expect(body.message).toMatch(/^ESConfig\.xml:6:\d+: /);
    expect(config.settings.get('account.1.registerExpires')).toBe(before);
    expect((await put('/config', fixture('bad-not-xml.xml'))).statusCode).toBe(400);
  });

  it('wants XML, at most 1 MiB, from the admin', async () => {
    const json = await app.inject({ method: 'PUT', url: '/api/v1/config', payload: { a: 1 }, headers: { authorization: ADMIN } });
    expect(json.statusCode).toBe(415);
    const huge = `<all>${' '.repeat(1024 * 1024)}</all>`;
    expect((await put('/config', huge)).statusCode).toBe(413);
    expect((await put('/config', fixture('fusionpbx-line1.xml'), 'application/xml', USER)).statusCode).toBe(403);
  });

  it('sets the hashed web logins from a file; the new password works at once', async () => {
    expect((await get('/status')).statusCode).toBe(200); // root/root is now cached by the authenticator
    const file = '<all><passwords><password UsrName="root" Password="N3w" User="user" UserPassword=""/></passwords></all>';
    const res = await put('/config', file);
    expect(res.statusCode).toBe(200);
    expect(res.json().changed).toEqual([{ key: 'web.adminPassword', old: '********', new: '********', effect: 'live' }]);
    expect((await get('/status')).statusCode).toBe(401);
    const admin = basic('root:N3w');
    expect((await get('/status', admin)).statusCode).toBe(200);
    expect((await get('/status', USER)).statusCode).toBe(403); // user/user unchanged (empty = keep)
    const shown = await get('/settings', admin);
    expect(shown.json()['web.adminPassword']).toBe('********');
    expect(shown.body).not.toContain('N3w');
    expect((await get('/config', admin)).body).not.toContain('N3w');
    // back to root/root for the other tests
    expect((await app.inject({ method: 'PATCH', url: '/api/v1/settings', payload: { 'web.adminPassword': 'root' }, headers: { authorization: admin } })).statusCode).toBe(200);
  });
});

describe('GET/PATCH /settings', () => {
  it('shows every key to the admin and the user keys to the user, never a password in clear', async () => {
    await patch({ 'account.2.password': 'secret2', 'account.2.user': '1010' });
    const admin = (await get('/settings')).json();
    expect(Object.keys(admin).length).toBe(config.registry.size);
    expect(admin['account.2.password']).toBe('********');
    const user = await get('/settings', USER);
    expect(user.statusCode).toBe(200);
    const keys = Object.keys(user.json());
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.every((k) => config.registry.def(k).role === 'user')).toBe(true);
    for (const body of [JSON.stringify(admin), user.body]) expect(body).not.toMatch(/secret2|pw1001/);
  });

  it('is atomic, says what waits for a reboot and what the host owns', async () => {
    const bad = await patch({ 'account.1.label': 'ok', 'account.1.registerExpires': 1, 'sip.nothing': 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { key: string }) => e.key).sort()).toEqual(['account.1.registerExpires', 'sip.nothing']);
    expect(config.settings.get('account.1.label')).not.toBe('ok');
    const before = config.settings.get('web.port');
    const res = await patch({ 'web.port': 9099, 'network.mode': 'static', 'account.1.label': 'ok' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ reboot: ['web.port'], host: ['network.mode'], pendingReboot: ['web.port'] });
    expect(config.settings.get('account.1.label')).toBe('ok');
    const back = await patch({ 'web.port': before });
    expect(back.json().pendingReboot).toEqual([]);
    expect((await patch({})).statusCode).toBe(400);
  });

  it('lets the user change user keys only (403 names the others, nothing applied)', async () => {
    const res = await patch({ 'audio.volume.ring': 8, 'account.1.server': 'evil' }, USER);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'WEB_FORBIDDEN', errors: [{ key: 'account.1.server' }] });
    expect(config.settings.get('audio.volume.ring')).toBe(5);
    const ok = await patch({ 'audio.volume.ring': 8 }, USER);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().changed).toEqual([{ key: 'audio.volume.ring', old: 5, new: 8, effect: 'live' }]);
  });

  it('serves the schema: every key for the admin, user keys for the user', async () => {
    const admin = (await get('/settings/schema')).json();
    expect(admin.count).toBe(config.registry.size);
    const server = admin.settings.find((s: { key: string }) => s.key === 'account.1.server');
    expect(server).toMatchObject({ type: 'string', role: 'admin', effect: 'live', xml: { container: 'sipUsers', element: 'sipUser', attribute: 'DomainName', id: 0 } });
    expect(admin.settings.find((s: { key: string }) => s.key === 'web.port')).toMatchObject({ effect: 'reboot', default: 80, type: 'integer' });
    expect(admin.settings.find((s: { key: string }) => s.key === 'account.1.password').default).toBeUndefined();
    const user = (await get('/settings/schema', USER)).json();
    expect(user.count).toBeLessThan(admin.count);
    expect(user.settings.every((s: { role: string }) => s.role === 'user')).toBe(true);
  });
});

describe('phonebook files', () => {
  it('replaces the personal phonebook and gives the same bytes back', async () => {
    const text = fixture('1001_Phonebook.xml').toString('utf8');
    const res = await put('/phonebook', text);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ groups: 2, contacts: 3 });
    const back = await get('/phonebook');
    expect(back.headers['content-type']).toMatch(/^application\/xml/);
    expect(back.body).toBe(text);
    const full = await put('/phonebook', fixture('bad-301-contacts.xml'));
    expect(full.statusCode).toBe(400);
    expect(full.json().errors[0]).toMatchObject({ code: 'CFG_XML_LIMIT' });
    expect(config.db.contacts.count()).toBe(3);
  });

  it('replaces the enterprise phonebook', async () => {
    const res = await put('/phonebook/enterprise', fixture('Enterprise_Phonebook.xml'));
    expect(res.statusCode).toBe(200);
    expect(config.db.enterprise.count()).toBe(res.json().contacts);
    expect((await get('/phonebook/enterprise')).body).toContain('<PhoneBooks>');
  });
});

describe('OpenAPI', () => {
  it('documents the XML bodies and answers', () => {
    const doc = buildOpenApi('x') as { paths: Record<string, Record<string, { requestBody?: { content: object }; responses: Record<string, { content?: object }> }>> };
    expect(Object.keys(doc.paths['/config']!.put!.requestBody!.content)).toEqual(['application/xml', 'text/xml']);
    expect(Object.keys(doc.paths['/config']!.get!.responses['200']!.content!)).toEqual(['application/xml']);
    expect(Object.keys(doc.paths['/settings']!)).toEqual(['get', 'patch']);
    expect(doc.paths['/settings']!.patch!.responses['403']).toBeDefined();
    expect(doc.paths['/phonebook/enterprise']!.put!.responses['413']).toBeDefined();
  });
});

describe('keys file (<account-1 number>_Extern.xml)', () => {
  it('loads a keys file, gives it back byte for byte, and a bad one changes nothing', async () => {
    const text = fixture('1001_Extern.xml').toString('utf8');
    const res = await put('/config/keys', text);
    expect(res.statusCode).toBe(200);
    expect(res.json().memoryKeys).toBeGreaterThan(0);
    const back = await get('/config/keys');
    expect(back.headers['content-type']).toContain('application/xml');
    expect(back.body).toBe(text);

    const bad = await put('/config/keys', fixture('bad-extern-type.xml'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].line).toBeGreaterThan(0);
    expect((await get('/config/keys')).body).toBe(text);
    expect((await get('/config/keys', USER)).statusCode).toBe(403);
  });

  it('a file with only ProgramKeys keeps the memory keys it had', async () => {
    const before = (await get('/config/keys')).body;
    const only = '<all>\n<ProgramKeys>\n<ProgramKey id="10" SipAccounts="127" Type="2" Num="" Name="DND"/>\n</ProgramKeys>\n</all>\n';
    expect((await put('/config/keys', only)).statusCode).toBe(200);
    const after = (await get('/config/keys')).body;
    const hotlines = (s: string) => s.split('\n').filter((l) => l.includes('<hotline ')).join('\n');
    expect(hotlines(after)).toBe(hotlines(before));
    expect(after).toContain('Name="DND"');
  });
});
