import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '../../base/index.js';
import { HOME_PATH, LOGIN_PATH } from '../admin-pages.js';
import { requestIdentity } from './request-identity.js';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from './session-cookie.js';
import { sendLocked } from './web-guard.js';
import type { WebAuthenticator } from './web-authenticator.js';

const loginBodySchema = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', maxLength: 128 },
    next: { type: 'string', maxLength: 512 },
  },
} as const;

/** Where to go after login: a path of this site only (no `//host` or `https://...`: no open redirect). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith(LOGIN_PATH)) return HOME_PATH;
  return /^[\x21-\x7e]*$/.test(next) ? next : HOME_PATH;
}

/**
 * POST /login (JSON {username, password, next?}) and POST /logout. The login
 * page itself is GET /login (the management bundle, public). A login always makes
 * a new session id (no fixation) and drops the one the browser had; failures go
 * through the back-off and say how long a lock lasts.
 */
export function registerLoginRoutes(
  app: FastifyInstance,
  deps: { auth: WebAuthenticator; loginsRevision: () => number; logger: Logger; pageHtml: (reply: FastifyReply) => FastifyReply },
): void {
  const { auth, logger } = deps;
  app.get(LOGIN_PATH, async (_req, reply) => deps.pageHtml(reply));

  app.post(LOGIN_PATH, { schema: { body: loginBodySchema } }, async (req, reply) => {
    const body = req.body as { username: string; password: string; next?: string };
    const result = await auth.login(body.username, body.password, req.ip);
    if (!result.ok) {
      if (result.locked) {
        logger.warn('web login locked out', { user: body.username, ip: req.ip, scope: result.locked.scope, seconds: Math.ceil(result.locked.retryAfterMs / 1000) });
        return sendLocked(reply, result.locked);
      }
      logger.info('web login failed', { user: body.username, ip: req.ip });
      const left = result.attemptsLeft ?? 0;
      return reply.code(401).send({
        error: 'WEB_LOGIN_FAILED',
        message: `Wrong login name or password.${left > 0 && left <= 3 ? ` ${left} attempt${left === 1 ? '' : 's'} left before a lock-out.` : ''}`,
        attemptsLeft: left,
      });
    }
    const old = sessionIdOf(req);
    if (old) auth.sessions.destroy(old);
    const session = auth.sessions.create({ username: body.username, role: result.role, loginsRevision: deps.loginsRevision() });
    setSessionCookie(req, reply, session.id);
    logger.info('web login', { user: body.username, role: result.role, ip: req.ip });
    return { ok: true, role: result.role, username: body.username, csrfToken: session.csrfToken, next: safeNext(body.next) };
  });

  app.post('/logout', async (req, reply) => {
    const who = requestIdentity(req);
    if (who?.session) auth.sessions.destroy(who.session.id);
    clearSessionCookie(req, reply);
    return { ok: true, next: LOGIN_PATH };
  });
}

