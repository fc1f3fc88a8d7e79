import { SayhiError } from '../../base/index.js';
import type { WebRole } from '../../config/index.js';
import { requestIdentity, sendLocked, setSessionCookie } from '../session/index.js';
import type { ApiRouteSpec } from './api-routes.js';
import type { RouteRegistrar } from './api-v1.js';
import { sendFieldErrors, type FieldError, type ManagementDeps } from './management-deps.js';
import { errorSchema } from './schemas.js';

const authErrors = { 401: errorSchema, 403: errorSchema } as const;

const fieldErrorsSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['key', 'reason'], properties: { key: { type: 'string' }, reason: { type: 'string' } } } },
  },
} as const;

const lockedSchema = {
  type: 'object',
  required: ['error', 'message', 'retryAfterSeconds'],
  properties: { error: { type: 'string' }, message: { type: 'string' }, retryAfterSeconds: { type: 'integer' }, scope: { type: 'string', enum: ['user', 'ip'] } },
} as const;

export const sessionInfoSchema = {
  type: 'object',
  required: ['username', 'role', 'via', 'model', 'version', 'defaultPasswords'],
  properties: {
    username: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'user'] },
    via: { type: 'string', enum: ['session', 'basic'], description: 'browser session cookie or HTTP Basic' },
    csrfToken: { type: 'string', description: 'browser sessions: send it in X-CSRF-Token with every POST/PUT/PATCH/DELETE' },
    expiresInSeconds: { type: 'integer', description: 'browser sessions: logged out after this long without activity' },
    idleTimeoutSeconds: { type: 'integer' },
    model: { type: 'string' },
    version: { type: 'string' },
    defaultPasswords: {
      type: 'object',
      description: 'logins still on their factory password (the administrator sees both, the user login its own)',
      properties: { admin: { type: 'boolean' }, user: { type: 'boolean' } },
    },
    pendingReboot: { type: 'array', items: { type: 'string' }, description: 'administrator: settings waiting for a restart' },
  },
} as const;

const passwordBodySchema = {
  type: 'object',
  required: ['account', 'username', 'oldPassword', 'newPassword', 'confirmPassword'],
  additionalProperties: false,
  properties: {
    account: { type: 'string', enum: ['admin', 'user'], description: 'Administrator or User (manual §7 Password)' },
    username: { type: 'string', maxLength: 64, description: 'the login name (a new one renames the login)' },
    oldPassword: { type: 'string', maxLength: 128 },
    newPassword: { type: 'string', maxLength: 128 },
    confirmPassword: { type: 'string', maxLength: 128 },
  },
} as const;

const passwordResultSchema = {
  type: 'object',
  required: ['ok', 'username'],
  properties: {
    ok: { type: 'boolean' },
    username: { type: 'string' },
    csrfToken: { type: 'string', description: 'the browser session was renewed: its new token' },
  },
} as const;

export const SESSION_ROUTES = {
  getSession: {
    method: 'GET',
    url: '/session',
    summary: 'Who is logged in: role, CSRF token of a browser session, factory-password warnings',
    allowUser: true,
    schema: { response: { 200: sessionInfoSchema, ...authErrors } },
  },
  changePassword: {
    method: 'POST',
    url: '/password',
    summary: 'Change a web login (manual §7 Phone Maintenance > Password)',
    description:
      'Username, old password, new password and its confirmation, for the Administrator or the User login. The user login may ' +
      'change its own only. The old password goes through the login back-off (429 when locked). Every browser session ' +
      'ends (the logins changed) except the caller\'s, which is renewed.',
    allowUser: true,
    schema: { body: passwordBodySchema, response: { 200: passwordResultSchema, ...authErrors, 400: fieldErrorsSchema, 429: lockedSchema } },
  },
} as const satisfies Record<string, ApiRouteSpec>;

/** The session and password routes (SESSION_ROUTES). */
export function sessionApi(route: RouteRegistrar, deps: ManagementDeps): void {
  const { ctx, auth } = deps;
  const accounts = ctx.accounts;

  route(SESSION_ROUTES.getSession, async (req) => {
    const who = requestIdentity(req)!;
    const isAdmin = who.role === 'admin';
    return {
      username: who.username,
      role: who.role,
      via: who.via,
      ...(who.session
        ? {
            csrfToken: who.session.csrfToken,
            expiresInSeconds: Math.floor(auth.sessions.remainingMs(who.session) / 1000),
            idleTimeoutSeconds: Math.floor(auth.sessions.policy.idleMs / 1000),
          }
        : {}),
      model: ctx.config.model,
      version: ctx.version,
      defaultPasswords: isAdmin
        ? { admin: accounts.usesDefaultPassword('admin'), user: accounts.usesDefaultPassword('user') }
        : { user: accounts.usesDefaultPassword('user') },
      ...(isAdmin ? { pendingReboot: ctx.config.pendingReboot() } : {}),
    };
  });

  route(SESSION_ROUTES.changePassword, async (req, reply) => {
    const who = requestIdentity(req)!;
    const body = req.body as { account: WebRole; username: string; oldPassword: string; newPassword: string; confirmPassword: string };
    if (who.role !== 'admin' && body.account !== who.role) {
      return reply.code(403).send({ error: 'WEB_FORBIDDEN', message: 'the user login may change its own password only' });
    }
    const nameKey = body.account === 'admin' ? 'web.adminUser' : 'web.userName';
    const passwordKey = body.account === 'admin' ? 'web.adminPassword' : 'web.userPassword';
    const errors: FieldError[] = [];
    const nameCheck = ctx.config.registry.validate(nameKey, body.username);
    if (!nameCheck.ok) errors.push({ key: 'username', reason: `Username: ${nameCheck.reason.replace(/^[\w.]+: /, '')}` });
    const passwordCheck = ctx.config.registry.validate(passwordKey, body.newPassword);
    if (body.newPassword === '') errors.push({ key: 'newPassword', reason: 'New Password must not be empty' });
    else if (!passwordCheck.ok) errors.push({ key: 'newPassword', reason: `New Password: ${passwordCheck.reason.replace(/^[\w.]+: /, '')}` });
    if (body.confirmPassword !== body.newPassword) errors.push({ key: 'confirmPassword', reason: 'Confirm Password differs from New Password' });
    if (errors.length > 0) return sendFieldErrors(reply, errors);

    const current = accounts.username(body.account);
    const checked = await auth.verifyPassword(current, body.oldPassword, req.ip);
    if (!checked.ok) {
      if (checked.locked) return sendLocked(reply, checked.locked);
      return sendFieldErrors(reply, [{ key: 'oldPassword', reason: 'Old Password is wrong' }]);
    }
    try {
      await accounts.setLogin(body.account, { username: body.username, password: body.newPassword });
    } catch (err) {
      if (err instanceof SayhiError && (err.code === 'CFG_DUPLICATE' || err.code === 'CFG_RANGE')) {
        return sendFieldErrors(reply, [{ key: err.code === 'CFG_DUPLICATE' ? 'username' : 'newPassword', reason: err.message }]);
      }
      throw err;
    }
    ctx.logger.info('web login changed', { account: body.account, by: who.username });
    // The logins' revision moved: every session has ended. The caller's is renewed (new id and token).
    if (!who.session) return { ok: true, username: body.username };
    auth.sessions.destroy(who.session.id);
    const renamed = body.account === who.role ? body.username : who.username;
    const session = auth.sessions.create({ username: renamed, role: who.role, loginsRevision: accounts.revision });
    setSessionCookie(req, reply, session.id);
    return { ok: true, username: body.username, csrfToken: session.csrfToken };
  });
}
