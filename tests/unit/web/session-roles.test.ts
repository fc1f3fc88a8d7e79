/**
 * Roles and the management routes (issue #6: "the user role sees only what a user
 * should; the server enforces it") with Fastify inject() — proves:
 *  - crawl: every page of admin-pages.ts and every route Fastify has (read from its route
 *    tree) refuses an anonymous request (302 to the login page, or 401 on /api and POSTs);
 *    as the user login every admin page answers 403 and every admin API route 403, by direct
 *    URL, while user pages and allowUser routes do not; the admin reaches everything;
 *  - the user's settings are filtered to user keys and a PATCH of an admin key is refused;
 *  - Password (POST /api/v1/password): confirm mismatch, bad name and wrong old password are
 *    reported per field; the user login may not change the administrator's; a change ends
 *    every other session, renews the caller's (new cookie and token), clears the
 *    factory-password warning, and the new password logs in while the old does not;
 *  - phonebook rows: add, edit, delete, delete all for groups, contacts and banlist (user login
 *    too), store refusals naming the field (400), unknown ids (404), a line the model lacks;
 *  - Default Setting (factory reset) empties the phonebook, restores root/root and ends every
 *    session; Reboot without a handler answers 501; the log routes serve the kept records.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, nullLogger } from '../../../src/base/index.js';
import { PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import { ADMIN_PAGES, CSRF_HEADER, LogBuffer, createWebServer, createWebSecurity } from '../../../src/web/index.js';
import { FakePhone } from './fake-phone.js';

let app: FastifyInstance;
let config: PhoneSettings;
let accounts: WebAccounts;
let log: LogBuffer;

async function server(): Promise<void> {
  const clock = new VirtualClock();
  accounts = await WebAccounts.open(undefined);
  config = await PhoneSettings.open({ model: 'ES330', accounts });
  log = new LogBuffer(10);
  app = await createWebServer(
    { phone: new FakePhone(), accounts, config, clock, logger: nullLogger, version: 't' },
    { security: createWebSecurity(clock), pageHtml: '<!doctype html>', log },
  );
  app.addHook('onClose', async () => config.close());
}
afterEach(async () => app?.close());

interface Browser {
  cookie: string;
  token: string;
  call(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

async function browser(username: string, password: string): Promise<Browser> {
  const res = await app.inject({ method: 'POST', url: '/login', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  const b: Browser = {
    cookie: `sayhi_session=${res.cookies.find((c) => c.name === 'sayhi_session')!.value}`,
    token: res.json().csrfToken,
    call: (method, url, payload) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: b.cookie, [CSRF_HEADER]: b.token },
        ...(payload !== undefined ? { payload: payload as object } : method === 'POST' ? { payload: {} } : {}),
      }),
  };
  return b;
}

/** (method, url) of every route in Fastify's route tree (printRoutes: 4 columns per level). */
function allRoutes(): Array<{ method: string; url: string }> {
  const out: Array<{ method: string; url: string }> = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line.trimEnd());
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    if (!m[3]) continue;
    for (const method of m[3].split(', ')) out.push({ method, url: path.replace(/:(\w+)/g, '1').replace(/\*$/, 'x.js') });
  }
  return out;
}

describe('crawl: anonymous, user and admin', () => {
  it('refuses every page and route anonymously', async () => {
    await server();
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThan(60);
    for (const { method, url } of routes) {
      if (url === '/login' || url.startsWith('/ui/assets/')) continue;
      const res = await app.inject({ method: method as 'GET', url, ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { payload: {} } : {}) });
      const want = url.startsWith('/api/') || (method !== 'GET' && method !== 'HEAD') ? 401 : 302;
      expect(res.statusCode, `${method} ${url}`).toBe(want);
    }
    for (const page of ADMIN_PAGES) expect((await app.inject({ method: 'GET', url: page.path })).statusCode, page.path).toBe(302);
  });

  it('gives the user login 403 on every admin page and admin API route, by direct URL', async () => {
    await server();
    const user = await browser('user', 'user');
    for (const page of ADMIN_PAGES) {
      const res = await user.call('GET', page.path);
      expect(res.statusCode, page.path).toBe(page.role === 'admin' ? 403 : 200);
    }
    for (const want of ['/network', '/sip-account', '/maintenance/reboot', '/maintenance/auto-provision', '/advance/vlan']) {
      expect((await user.call('GET', want)).statusCode, want).toBe(403);
    }
    const openToUser = new Set<string>();
    for (const { method, url } of allRoutes()) {
      if (!url.startsWith('/api/')) continue;
      const res = await user.call(method, url, method === 'GET' || method === 'HEAD' || method === 'DELETE' ? undefined : {});
      if (res.statusCode !== 403) openToUser.add(`${method} ${url}`);
    }
    for (const adminOnly of ['GET /api/v1/status', 'GET /api/v1/config', 'PUT /api/v1/config', 'POST /api/v1/maintenance/factory-reset', 'POST /api/v1/maintenance/reboot', 'GET /api/v1/log', 'GET /api/v1/phonebook', 'POST /api/v1/calls']) {
      expect(openToUser.has(adminOnly), adminOnly).toBe(false);
    }
    for (const userRoute of ['GET /api/v1/session', 'GET /api/v1/settings', 'GET /api/v1/phonebook/contacts', 'GET /api/v1/system-info']) {
      expect(openToUser.has(userRoute), userRoute).toBe(true);
    }
    // a user-page call that reaches an admin key is refused by the handler too
    const patch = await user.call('PATCH', '/api/v1/settings', { 'account.1.server': 'evil.example' });
    expect(patch.statusCode).toBe(403);
    const settings = (await user.call('GET', '/api/v1/settings')).json();
    expect(Object.keys(settings)).toContain('audio.volume.ring');
    expect(Object.keys(settings)).not.toContain('account.1.password');
    const info = (await user.call('GET', '/api/v1/system-info')).json();
    expect(info.lines[0]).not.toHaveProperty('server');
  });

  it('lets the admin reach every page', async () => {
    await server();
    const admin = await browser('root', 'root');
    for (const page of ADMIN_PAGES) expect((await admin.call('GET', page.path)).statusCode, page.path).toBe(200);
    expect((await admin.call('GET', '/no/such/page')).statusCode).toBe(404);
  });
});

describe('Password page', () => {
  const change = (b: Browser, body: Record<string, string>) =>
    b.call('POST', '/api/v1/password', { account: 'admin', username: 'root', oldPassword: 'root', newPassword: 'n3w-secret', confirmPassword: 'n3w-secret', ...body });

  it('reports each refused field', async () => {
    await server();
    const admin = await browser('root', 'root');
    const mismatch = await change(admin, { confirmPassword: 'other' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().errors).toEqual([{ key: 'confirmPassword', reason: expect.stringContaining('differs') }]);
    const badName = await change(admin, { username: 'has space' });
    expect(badName.json().errors.map((e: { key: string }) => e.key)).toEqual(['username']);
    const wrongOld = await change(admin, { oldPassword: 'nope' });
    expect(wrongOld.json().errors).toEqual([{ key: 'oldPassword', reason: 'Old Password is wrong' }]);
    const clash = await change(admin, { username: 'user' });
    expect(clash.json().errors.map((e: { key: string }) => e.key)).toEqual(['username']);
    const user = await browser('user', 'user');
    expect((await change(user, { oldPassword: 'root' })).statusCode).toBe(403);
  });

  it('changes the login, ends the other sessions, renews the caller and clears the warning', async () => {
    await server();
    const admin = await browser('root', 'root');
    const other = await browser('root', 'root');
    const user = await browser('user', 'user');
    expect((await admin.call('GET', '/api/v1/session')).json().defaultPasswords.admin).toBe(true);
    const res = await change(admin, {});
    expect(res.statusCode, res.body).toBe(200);
    const renewed = res.cookies.find((c) => c.name === 'sayhi_session')!.value;
    expect(`sayhi_session=${renewed}`).not.toBe(admin.cookie);
    expect((await admin.call('GET', '/api/v1/session')).statusCode).toBe(401);
    admin.cookie = `sayhi_session=${renewed}`;
    admin.token = res.json().csrfToken;
    const info = (await admin.call('GET', '/api/v1/session')).json();
    expect(info.defaultPasswords).toEqual({ admin: false, user: true });
    expect((await other.call('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await user.call('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/login', payload: { username: 'root', password: 'root' } })).statusCode).toBe(401);
    await browser('root', 'n3w-secret');
    // the user login changes its own
    const u = await browser('user', 'user');
    const own = await u.call('POST', '/api/v1/password', { account: 'user', username: 'alice', oldPassword: 'user', newPassword: 'pw-alice', confirmPassword: 'pw-alice' });
    expect(own.statusCode, own.body).toBe(200);
    expect(accounts.username('user')).toBe('alice');
    await browser('alice', 'pw-alice');
  });
});

describe('phonebook rows', () => {
  it('adds, edits, deletes and deletes all groups, contacts and bans', async () => {
    await server();
    const user = await browser('user', 'user');
    const g = await user.call('POST', '/api/v1/phonebook/groups', { name: 'Family', description: 'mine' });
    expect(g.statusCode, g.body).toBe(201);
    const gid = g.json().id as number;
    expect((await user.call('PUT', `/api/v1/phonebook/groups/${gid}`, { name: 'Friends' })).json().name).toBe('Friends');
    const c = await user.call('POST', '/api/v1/phonebook/contacts', { firstName: 'Ada', lastName: 'L', mobile: '1001', groupId: gid, account: 1 });
    expect(c.statusCode, c.body).toBe(201);
    const cid = c.json().id as number;
    const edited = await user.call('PUT', `/api/v1/phonebook/contacts/${cid}`, { office: '2002' });
    expect(edited.json()).toMatchObject({ firstName: 'Ada', mobile: '1001', office: '2002', groupId: gid });
    const bad = await user.call('POST', '/api/v1/phonebook/contacts', { firstName: 'x'.repeat(40), mobile: '1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].key).toBe('firstName');
    const spaces = await user.call('POST', '/api/v1/phonebook/contacts', { firstName: 'Bob', mobile: '12 34' });
    expect(spaces.json().errors[0].key).toBe('mobile');
    expect((await user.call('POST', '/api/v1/phonebook/contacts', { firstName: 'Bob', mobile: '3', account: 4 })).json().errors[0].key).toBe('account');
    expect((await user.call('PUT', '/api/v1/phonebook/contacts/999', { office: '1' })).statusCode).toBe(404);
    expect((await user.call('GET', '/api/v1/phonebook/contacts')).json().items).toHaveLength(1);
    expect((await user.call('DELETE', `/api/v1/phonebook/contacts/${cid}`)).statusCode).toBe(200);
    expect((await user.call('DELETE', `/api/v1/phonebook/contacts/${cid}`)).statusCode).toBe(404);
    const ban = await user.call('POST', '/api/v1/banlist', { description: 'spam', mobile: '0900' });
    expect(ban.statusCode, ban.body).toBe(201);
    expect((await user.call('POST', '/api/v1/banlist', { description: 'no number' })).statusCode).toBe(400);
    expect((await user.call('POST', '/api/v1/banlist', { mobile: '0900' })).statusCode).toBe(409);
    expect((await user.call('DELETE', '/api/v1/banlist')).statusCode).toBe(200);
    expect((await user.call('DELETE', '/api/v1/phonebook/groups')).statusCode).toBe(200);
    expect(config.db.banlist.count() + config.db.groups.count()).toBe(0);
  });
});

describe('Phone Maintenance routes', () => {
  it('factory reset restores the logins and ends every session; reboot without a handler is 501; log routes', async () => {
    await server();
    const admin = await browser('root', 'root');
    await accounts.setPassword('admin', 'root', 'changed');
    const fresh = await browser('root', 'changed');
    config.db.contacts.add({ firstName: 'Gone', mobile: '1' });
    const user = await browser('user', 'user');
    expect((await admin.call('POST', '/api/v1/maintenance/factory-reset')).statusCode).toBe(401);
    const reset = await fresh.call('POST', '/api/v1/maintenance/factory-reset');
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().removed.contacts).toBe(1);
    expect(config.db.contacts.count()).toBe(0);
    expect((await user.call('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await fresh.call('GET', '/api/v1/session')).statusCode).toBe(401);
    const again = await browser('root', 'root');
    expect((await again.call('POST', '/api/v1/maintenance/reboot')).statusCode).toBe(501);
    log.push({ time: Date.UTC(2026, 0, 1), level: 'warn', msg: 'hello log', fields: { line: 1 } });
    const records = (await again.call('GET', '/api/v1/log')).json();
    expect(records).toMatchObject({ kept: true, capacity: 10, records: [{ level: 'warn', msg: 'hello log', fields: { line: 1 } }] });
    const file = await again.call('GET', '/api/v1/log/download');
    expect(file.headers['content-disposition']).toContain('sayhi.log');
    expect(file.body).toBe('2026-01-01T00:00:00.000Z WARN  hello log line=1\n');
  });
});
