/**
 * REST API authentication (HTTP Basic, RFC 7617) — proves, with Fastify inject():
 *  - no Authorization header → 401 with a `WWW-Authenticate: Basic realm=...` challenge and a JSON error;
 *  - a wrong password, an unknown user, another scheme or a malformed header → 401 (challenge too);
 *  - the web *user* login (user/user) → 403: the API is for the administrator;
 *  - the admin login (root/root) → 200;
 *  - crawl: every route Fastify has under /api/v1 (read from printRoutes, every method,
 *    HEAD included) answers 401 without credentials and 403 with the user login, so no
 *    route can be added outside the authentication hook; the only exceptions are the
 *    routes the route table opens to the user login (allowUser: the settings routes),
 *    which must still answer 401 without credentials; unknown /api/v1 paths too
 *    (401 unauthenticated, JSON 404 authenticated); the public root page stays open.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, type ApiRouteSpec } from '../../../src/web/index.js';
import { ADMIN, USER, WRONG, makeTestServer } from './fake-phone.js';

let app: FastifyInstance;

beforeAll(async () => {
  ({ app } = await makeTestServer());
});
afterAll(() => app.close());

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

/**
 * (method, url) of every route under /api/v1, from Fastify's own route tree:
 * printRoutes draws one node per line, 4 columns per level, the path piece
 * relative to the parent node, then the methods in parentheses.
 */
function apiRoutes(): Array<{ method: string; url: string }> {
  const out: Array<{ method: string; url: string }> = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line.trimEnd());
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    if (!m[3] || !path.startsWith('/api/v1')) continue;
    for (const method of m[3].split(', ')) out.push({ method, url: path.replace(/:(\w+)/g, 'c1') });
  }
  return out;
}

describe('HTTP Basic authentication', () => {
  it('asks for credentials when there are none', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/status' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="[^"]+"/);
    expect(res.json()).toEqual({ error: 'WEB_AUTH_REQUIRED', message: expect.any(String) });
  });

  it.each([
    ['a wrong password', WRONG],
    ['an unknown user', basic('admin:root')],
    ['an empty password', basic('root:')],
    ['no colon', basic('rootroot')],
    ['another scheme', 'Bearer abc'],
    ['garbage', 'Basic !!!'],
  ])('refuses %s with 401 and a challenge', async (_what, authorization) => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Basic');
    expect(res.json().error).toBe('WEB_AUTH_REQUIRED');
  });

  it('gives the user login 403: the API needs the administrator', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization: USER } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('WEB_FORBIDDEN');
  });

  it('lets the admin in (scheme name case-insensitive, RFC 7617 §2)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization: ADMIN } });
    expect(res.statusCode).toBe(200);
    expect(res.json().model).toBe('ES330');
    const lower = await app.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization: ADMIN.replace('Basic', 'basic') } });
    expect(lower.statusCode).toBe(200);
  });
});

describe('crawl: no route under /api/v1 without authentication', () => {
  it('finds the routes of the route tree', () => {
    const urls = new Set(apiRoutes().map((r) => `${r.method} ${r.url}`));
    for (const want of ['GET /api/v1/status', 'POST /api/v1/calls', 'GET /api/v1/calls/c1', 'POST /api/v1/calls/c1/dtmf', 'GET /api/v1/events']) {
      expect(urls).toContain(want);
    }
    expect(urls.size).toBeGreaterThanOrEqual(17);
  });

  it('every route answers 401 without credentials and 403 to the user login (unless the table opens it)', async () => {
    const openToUser = new Set(
      (Object.values(API_ROUTES) as ApiRouteSpec[]).filter((r) => r.allowUser).flatMap((r) => [`${r.method} /api/v1${r.url}`, `HEAD /api/v1${r.url}`]),
    );
    // What the user login may use (manual §7: phone book, banlist, its own password, the
    // phone face, user-role settings; the phone's text messages) - pinned, so a route opened
    // by mistake fails here.
    const USER_ROUTES = [
      'DELETE /banlist', 'DELETE /banlist/:id', 'GET /banlist', 'POST /banlist', 'PUT /banlist/:id',
      'DELETE /phonebook/contacts', 'DELETE /phonebook/contacts/:id', 'GET /phonebook/contacts', 'POST /phonebook/contacts', 'PUT /phonebook/contacts/:id',
      'DELETE /phonebook/groups', 'DELETE /phonebook/groups/:id', 'GET /phonebook/groups', 'POST /phonebook/groups', 'PUT /phonebook/groups/:id',
      'GET /phonebook/enterprise/contacts',
      'GET /face/ws', 'GET /screen', 'GET /screen.png', 'POST /keys',
      'GET /session', 'GET /system-info', 'POST /password',
      'GET /settings', 'PATCH /settings', 'GET /settings/schema',
      'GET /messages', 'POST /messages', 'POST /messages/read', 'DELETE /messages/:id',
    ];
    const expected = USER_ROUTES.flatMap((r) => {
      const [method, url] = r.split(' ') as [string, string];
      return method === 'GET' ? [`GET /api/v1${url}`, `HEAD /api/v1${url}`] : [`${method} /api/v1${url}`, `HEAD /api/v1${url}`];
    });
    expect([...openToUser].sort()).toEqual([...new Set(expected)].sort());
    const seen: string[] = [];
    for (const { method, url } of apiRoutes()) {
      const payload = method === 'POST' || method === 'PATCH' ? {} : undefined;
      const anon = await app.inject({ method: method as 'GET', url, payload });
      expect(anon.statusCode, `${method} ${url}`).toBe(401);
      expect(anon.headers['www-authenticate'], `${method} ${url}`).toContain('Basic');
      const user = await app.inject({ method: method as 'GET', url, headers: { authorization: USER } });
      const open = [...openToUser].some((t) => new RegExp(`^${t.replace(/:[a-zA-Z]+/g, '[^/]+')}$`).test(`${method} ${url}`));
      if (open) expect(user.statusCode, `${method} ${url} as user`).not.toBe(403);
      else expect(user.statusCode, `${method} ${url} as user`).toBe(403);
      seen.push(`${method} ${url}`);
    }
    expect(seen.length).toBeGreaterThanOrEqual(26);
  });

  it('unknown API paths need credentials too, then give a JSON 404', async () => {
    const anon = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(anon.statusCode).toBe(401);
    const admin = await app.inject({ method: 'DELETE', url: '/api/v1/calls', headers: { authorization: ADMIN } });
    expect(admin.statusCode).toBe(404);
    expect(admin.json().error).toBe('WEB_NOT_FOUND');
  });

  it('the root page sends a visitor without a login to the login page', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
