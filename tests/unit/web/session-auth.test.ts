/**
 * Browser sessions of the management pages (issue #6, "Security") with Fastify
 * inject() over a fake phone, in-memory logins and a virtual clock — proves:
 *  - POST /login with the right password sets a session cookie that is HttpOnly,
 *    SameSite=Strict, Path=/ and not Secure over plain HTTP; the id is 256 random bits and
 *    changes on every login (no fixation); GET /api/v1/session then says who and gives the
 *    CSRF token; a wrong password answers 401 and sets no cookie;
 *  - pages without a session redirect to /login?next=...; with one they are served with a
 *    Content-Security-Policy; /api without credentials answers 401 with a Basic challenge,
 *    but not to the pages' own fetches (no browser popup);
 *  - CSRF: a state-changing request with the cookie but no or a wrong X-CSRF-Token is refused
 *    (403 WEB_CSRF, nothing changed); with the token it passes; a request from another origin
 *    (Origin or Sec-Fetch-Site) is refused even with the token, and so is an HTTP Basic one
 *    (browsers resend remembered Basic logins); the same origin and curl-style requests pass;
 *  - logout ends the session (the cookie then gets 401 "log in again") and needs the token;
 *  - expiry: 15 min without activity ends the session, activity keeps it, background polls do
 *    not; 12 h ends it whatever; a changed login ends every session;
 *  - lock-out: the 5th wrong password locks the login name for 30 s (429, Retry-After, "try
 *    again in 30 s"), the right password is refused while locked and works after; the next
 *    failure doubles the lock; 20 failures from one address lock the address for every name;
 *    HTTP Basic goes through the same back-off.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock, nullLogger } from '../../../src/base/index.js';
import { PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import { CSRF_HEADER, PAGE_CSP, createWebServer, createWebSecurity } from '../../../src/web/index.js';
import { FakePhone } from './fake-phone.js';

const PAGE = '<!doctype html><title>test page</title>';
let shared: WebAccounts;
let clock: VirtualClock;
let app: FastifyInstance;

beforeAll(async () => {
  shared = await WebAccounts.open(undefined);
});

async function server(accounts: WebAccounts = shared): Promise<FastifyInstance> {
  clock = new VirtualClock();
  const config = await PhoneSettings.open({ model: 'ES330', accounts });
  app = await createWebServer(
    { phone: new FakePhone(), accounts, config, clock, logger: nullLogger, version: 't' },
    { security: createWebSecurity(clock), pageHtml: PAGE },
  );
  app.addHook('onClose', async () => config.close());
  return app;
}
afterEach(async () => app?.close());

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'POST', url: '/login', payload: { username, password }, remoteAddress });

function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'sayhi_session');
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.body})`);
  return `sayhi_session=${c.value}`;
}

async function session(username = 'root', password = 'root'): Promise<{ cookie: string; token: string }> {
  const res = await login(username, password);
  expect(res.statusCode).toBe(200);
  return { cookie: cookieOf(res), token: res.json().csrfToken as string };
}

describe('login and session cookie', () => {
  it('sets an HttpOnly, SameSite=Strict cookie with a fresh random id on each login', async () => {
    await server();
    const res = await login('root', 'root');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, role: 'admin', username: 'root', next: '/status' });
    const c = res.cookies.find((x) => x.name === 'sayhi_session')!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(c.secure).toBeFalsy();
    expect(Buffer.from(c.value, 'base64url')).toHaveLength(32);
    const again = await app.inject({ method: 'POST', url: '/login', payload: { username: 'root', password: 'root' }, headers: { cookie: `sayhi_session=${c.value}` } });
    const c2 = again.cookies.find((x) => x.name === 'sayhi_session')!;
    expect(c2.value).not.toBe(c.value);
    // the replaced session is gone
    const old = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: `sayhi_session=${c.value}` } });
    expect(old.statusCode).toBe(401);
  });

  it('GET /api/v1/session says who is logged in and gives the CSRF token', async () => {
    await server();
    const { cookie, token } = await session();
    const res = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'root', role: 'admin', via: 'session', csrfToken: token, idleTimeoutSeconds: 900 });
    expect(res.json().defaultPasswords).toEqual({ admin: true, user: true });
  });

  it('refuses a wrong password with 401 and no cookie; a next path only of this site', async () => {
    await server();
    const res = await login('root', 'nope');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'WEB_LOGIN_FAILED', attemptsLeft: 4 });
    expect(res.cookies).toHaveLength(0);
    const evil = await app.inject({ method: 'POST', url: '/login', payload: { username: 'root', password: 'root', next: '//evil.example/x' } });
    expect(evil.json().next).toBe('/status');
    const good = await app.inject({ method: 'POST', url: '/login', payload: { username: 'root', password: 'root', next: '/audio' } });
    expect(good.json().next).toBe('/audio');
  });

  it('pages redirect to the login page without a session and are served with a CSP with one', async () => {
    await server();
    const anon = await app.inject({ method: 'GET', url: '/network' });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toBe('/login?next=%2Fnetwork');
    const loginPage = await app.inject({ method: 'GET', url: '/login' });
    expect(loginPage.statusCode).toBe(200);
    expect(loginPage.body).toBe(PAGE);
    const { cookie } = await session();
    const page = await app.inject({ method: 'GET', url: '/network', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await app.inject({ method: 'GET', url: '/', headers: { cookie } })).headers.location).toBe('/status');
  });

  it('/api answers 401 with a Basic challenge, except to the pages own fetches', async () => {
    await server();
    const plain = await app.inject({ method: 'GET', url: '/api/v1/settings' });
    expect(plain.statusCode).toBe(401);
    expect(plain.headers['www-authenticate']).toContain('Basic');
    const fetched = await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { 'x-requested-with': 'fetch' } });
    expect(fetched.statusCode).toBe(401);
    expect(fetched.headers['www-authenticate']).toBeUndefined();
  });
});

describe('CSRF and same-origin checks', () => {
  const patch = (headers: Record<string, string>, value = 'CSRF test') =>
    app.inject({ method: 'PATCH', url: '/api/v1/settings', headers, payload: { 'account.1.label': value } });

  it('refuses a change without the token or with a wrong one, and applies it with the token', async () => {
    await server();
    const { cookie, token } = await session();
    const attempts: Array<Record<string, string>> = [{ cookie }, { cookie, [CSRF_HEADER]: 'x'.repeat(43) }, { cookie, [CSRF_HEADER]: '' }];
    for (const headers of attempts) {
      const res = await patch(headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('WEB_CSRF');
    }
    const read = await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie } });
    expect(read.json()['account.1.label']).toBe('');
    const ok = await patch({ cookie, [CSRF_HEADER]: token, host: 'phone.test', origin: 'http://phone.test' });
    expect(ok.statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie } });
    expect(after.json()['account.1.label']).toBe('CSRF test');
  });

  it('refuses requests from another origin even with the token or HTTP Basic', async () => {
    await server();
    const { cookie, token } = await session();
    const cases: Array<Record<string, string>> = [
      { cookie, [CSRF_HEADER]: token, host: 'phone.test', origin: 'http://evil.example' },
      { cookie, [CSRF_HEADER]: token, host: 'phone.test', origin: 'null' },
      { cookie, [CSRF_HEADER]: token, 'sec-fetch-site': 'cross-site' },
      { cookie, [CSRF_HEADER]: token, 'sec-fetch-site': 'same-site' },
      { authorization: basic('root:root'), host: 'phone.test', origin: 'http://evil.example' },
      { authorization: basic('root:root'), 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of cases) {
      const res = await patch(headers, 'evil');
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error).toBe('WEB_CROSS_ORIGIN');
    }
    const login = await app.inject({ method: 'POST', url: '/login', headers: { host: 'phone.test', origin: 'http://evil.example' }, payload: { username: 'root', password: 'root' } });
    expect(login.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie } })).json()['account.1.label']).toBe('');
    // automation: HTTP Basic without browser headers still works
    expect((await patch({ authorization: basic('root:root') }, 'curl')).statusCode).toBe(200);
  });

  it('refuses a WebSocket upgrade from another origin (cross-site WebSocket hijacking)', async () => {
    await server();
    const { cookie } = await session();
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/events',
      headers: { cookie, host: 'phone.test', origin: 'http://evil.example', upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('WEB_CROSS_ORIGIN');
  });

  it('logout needs the token, then the session is over', async () => {
    await server();
    const { cookie, token } = await session();
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { cookie } })).statusCode).toBe(403);
    const out = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, [CSRF_HEADER]: token } });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((c) => c.name === 'sayhi_session')?.value).toBe('');
    const after = await app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/log in again/);
  });
});

describe('session expiry', () => {
  const who = (cookie: string, background = false) =>
    app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie, ...(background ? { 'x-sayhi-background': '1' } : {}) } });

  it('ends after 15 min without activity; activity keeps it, background polls do not', async () => {
    await server();
    const { cookie } = await session();
    await clock.advanceAsync(14 * 60_000);
    expect((await who(cookie)).statusCode).toBe(200);
    await clock.advanceAsync(14 * 60_000);
    expect((await who(cookie)).statusCode).toBe(200);
    for (let i = 0; i < 14; i++) {
      await clock.advanceAsync(60_000);
      expect((await who(cookie, true)).statusCode).toBe(200);
    }
    await clock.advanceAsync(60_000);
    const page = await app.inject({ method: 'GET', url: '/audio', headers: { cookie } });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2Faudio&ended=idle');
  });

  it('ends 12 h after login however active', async () => {
    await server();
    const { cookie } = await session();
    for (let i = 0; i < 12 * 6 - 1; i++) {
      await clock.advanceAsync(10 * 60_000);
      expect((await who(cookie)).statusCode).toBe(200);
    }
    await clock.advanceAsync(10 * 60_000);
    expect((await who(cookie)).statusCode).toBe(401);
  });

  it('a changed login ends every session', async () => {
    const accounts = await WebAccounts.open(undefined);
    await server(accounts);
    const { cookie } = await session();
    await accounts.setPassword('user', 'user', 'changed');
    expect((await who(cookie)).statusCode).toBe(401);
  });
});

describe('login back-off and lock-out', () => {
  it('locks a login name after 5 failures for 30 s, then doubles', async () => {
    await server();
    for (let i = 1; i <= 4; i++) expect((await login('root', `bad${i}`)).statusCode).toBe(401);
    const fifth = await login('root', 'bad5');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.headers['retry-after']).toBe('30');
    expect(fifth.json()).toMatchObject({ error: 'WEB_LOCKED_OUT', retryAfterSeconds: 30, scope: 'user' });
    expect(fifth.json().message).toContain('try again in 30 s');
    await clock.advanceAsync(10_000);
    const locked = await login('root', 'root');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toContain('20 s');
    // the other login is not locked
    expect((await login('user', 'user')).statusCode).toBe(200);
    await clock.advanceAsync(20_000);
    expect((await login('root', 'bad6')).json().retryAfterSeconds).toBe(60);
    await clock.advanceAsync(60_000);
    expect((await login('root', 'root')).statusCode).toBe(200);
    // success cleared the count
    expect((await login('root', 'bad7')).json()).toMatchObject({ attemptsLeft: 4 });
  });

  it('locks a client address after 20 failures whatever names it tries', async () => {
    await server();
    for (let i = 0; i < 19; i++) expect((await login(`guess${i}`, 'x', '192.0.2.7')).statusCode).toBe(401);
    const twentieth = await login('guess19', 'x', '192.0.2.7');
    expect(twentieth.statusCode).toBe(429);
    expect(twentieth.json().scope).toBe('ip');
    expect((await login('root', 'root', '192.0.2.7')).statusCode).toBe(429);
    expect((await login('root', 'root', '192.0.2.8')).statusCode).toBe(200);
  });

  it('HTTP Basic goes through the same back-off', async () => {
    await server();
    const api = (userPass: string) => app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: basic(userPass) } });
    for (let i = 0; i < 4; i++) expect((await api('root:wrong')).statusCode).toBe(401);
    expect((await api('root:wrong')).statusCode).toBe(429);
    const locked = await api('root:root');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('root', 'root')).statusCode).toBe(429);
    await clock.advanceAsync(30_000);
    expect((await api('root:root')).statusCode).toBe(200);
  });
});
