import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BACKGROUND_HEADER, CSRF_HEADER, FETCH_MARK_HEADER, LOGIN_PATH } from '../admin-pages.js';
import { setRequestRole } from '../request-login.js';
import { describeWait } from './login-throttle.js';
import { SAFE_METHODS, crossOriginReason, isWebSocketUpgrade } from './request-origin.js';
import { setRequestIdentity } from './request-identity.js';
import { clearSessionCookie } from './session-cookie.js';
import type { SessionEnd } from './session-store.js';
import type { LockedVerdict, WebAuthenticator } from './web-authenticator.js';

/** RFC 7617 §2: the challenge a 401 on /api carries (not to the pages' own fetches: no browser popup). */
export const BASIC_CHALLENGE = 'Basic realm="Sayhi phone", charset="UTF-8"';

/** Paths anyone may fetch: the login page and form, and the built scripts and styles (no secrets in them). */
export function isPublicPath(path: string): boolean {
  return path === LOGIN_PATH || path.startsWith('/ui/assets/') || path === '/favicon.ico';
}

const ENDED_TEXT: Record<SessionEnd | 'unknown', string> = {
  logout: 'you logged out',
  idle: 'you were logged out after a while without activity',
  expired: 'the session reached its maximum length',
  'logins-changed': 'the web logins changed',
  evicted: 'too many sessions were open',
  unknown: 'the session is no longer valid (the phone restarted?)',
};

export function lockedMessage(v: LockedVerdict): string {
  const who = v.scope === 'user' ? 'this login name' : 'your address';
  return `Too many failed logins for ${who}: try again in ${describeWait(v.retryAfterMs)}.`;
}

export function sendLocked(reply: FastifyReply, v: LockedVerdict): FastifyReply {
  const seconds = Math.ceil(v.retryAfterMs / 1000);
  return reply
    .code(429)
    .header('Retry-After', String(seconds))
    .send({ error: 'WEB_LOCKED_OUT', message: lockedMessage(v), retryAfterSeconds: seconds, scope: v.scope });
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** RFC 9110 has no status for this; OWASP's headers for every answer of a management UI. */
function securityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'same-origin');
  if (!req.url.startsWith('/ui/assets/')) reply.header('Cache-Control', 'no-store');
}

function tokenMatches(sent: unknown, want: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The one gate in front of every route (an onRequest hook on the root instance,
 * so routes added later by anyone are behind it too):
 *  1. a state-changing request or WebSocket upgrade from another origin: 403;
 *  2. public paths (login page, assets) pass;
 *  3. a session cookie or HTTP Basic login is required: /api answers 401 (with a
 *     Basic challenge unless it is the pages' own fetch), a page redirects to the
 *     login page; a locked login or address answers 429 with the wait;
 *  4. a browser session's state-changing request must carry its CSRF token in
 *     X-CSRF-Token (synchronizer token, OWASP CSRF Prevention Cheat Sheet).
 * Roles are checked after: per API route (allowUser) and per page (admin-pages.ts).
 */
export function registerWebGuard(app: FastifyInstance, auth: WebAuthenticator): void {
  app.addHook('onRequest', async (req, reply) => {
    securityHeaders(req, reply);
    const changes = !SAFE_METHODS.has(req.method);
    if (changes || isWebSocketUpgrade(req)) {
      const why = crossOriginReason(req);
      if (why) return reply.code(403).send({ error: 'WEB_CROSS_ORIGIN', message: why });
    }
    const path = pathOf(req.url);
    if (isPublicPath(path)) return;
    const isApi = path === '/api' || path.startsWith('/api/');
    const outcome = await auth.identify(req, req.headers[BACKGROUND_HEADER] !== '1');
    if (!outcome.ok) {
      if (outcome.reason === 'locked') return sendLocked(reply, outcome.verdict);
      const ended = outcome.reason === 'session-ended' ? outcome.ended : undefined;
      if (ended) clearSessionCookie(req, reply);
      if (!isApi && (req.method === 'GET' || req.method === 'HEAD') && !isWebSocketUpgrade(req)) {
        const next = encodeURIComponent(req.url);
        return reply.redirect(`${LOGIN_PATH}?next=${next}${ended && ended !== 'unknown' ? `&ended=${ended}` : ''}`, 302);
      }
      if (req.headers[FETCH_MARK_HEADER] === undefined && req.headers.cookie === undefined) reply.header('WWW-Authenticate', BASIC_CHALLENGE);
      const message = ended ? `log in again: ${ENDED_TEXT[ended]}` : outcome.reason === 'bad-credentials' ? 'wrong login name or password' : 'authentication required';
      return reply.code(401).send({ error: 'WEB_AUTH_REQUIRED', message });
    }
    const who = outcome.who;
    if (who.session && changes && !tokenMatches(req.headers[CSRF_HEADER], who.session.csrfToken)) {
      return reply.code(403).send({ error: 'WEB_CSRF', message: `missing or wrong ${CSRF_HEADER} header (reload the page)` });
    }
    setRequestIdentity(req, who);
    setRequestRole(req, who.role);
    return undefined;
  });
}
