import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../base/index.js';
import type { WebAccounts, WebRole } from '../../config/index.js';
import { BasicAuthenticator } from '../basic-auth.js';
import type { LoginThrottle, ThrottleVerdict } from './login-throttle.js';
import type { RequestIdentity } from './request-identity.js';
import { sessionIdOf } from './session-cookie.js';
import type { SessionEnd, SessionStore } from './session-store.js';

export type LockedVerdict = Extract<ThrottleVerdict, { locked: true }>;

export type AuthOutcome =
  | { ok: true; who: RequestIdentity }
  /** 'none': no credentials; 'bad-credentials': a wrong Basic login; 'session-ended': the cookie's session is over. */
  | { ok: false; reason: 'none' | 'bad-credentials' }
  | { ok: false; reason: 'session-ended'; ended: SessionEnd | 'unknown' }
  | { ok: false; reason: 'locked'; verdict: LockedVerdict };

export type LoginOutcome =
  | { ok: true; role: WebRole }
  | { ok: false; locked?: LockedVerdict; attemptsLeft?: number };

/** `Basic <base64 user:pass>` → the login name, or undefined when it is not a Basic header with a colon (RFC 7617 §2). */
function basicUsername(header: string | undefined): string | undefined {
  if (!header || !/^Basic\s+/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(0, colon);
}

/**
 * Every way a request proves who it is: the browser's session cookie, or HTTP
 * Basic (automation on /api, as before). Password checks of both, the login form
 * and Basic, go through the same back-off (LoginThrottle), per login name and per
 * client address.
 */
export class WebAuthenticator {
  private readonly basic: BasicAuthenticator;

  constructor(
    private readonly accounts: WebAccounts,
    readonly sessions: SessionStore,
    readonly throttle: LoginThrottle,
    clock: Clock,
  ) {
    this.basic = new BasicAuthenticator(accounts, clock);
  }

  /** `touch`: the person made this request (a background poll does not keep the session alive). */
  async identify(req: FastifyRequest, touch: boolean): Promise<AuthOutcome> {
    const header = req.headers.authorization;
    if (header !== undefined) return this.identifyBasic(header, req.ip);
    const id = sessionIdOf(req);
    if (id === undefined) return { ok: false, reason: 'none' };
    const found = this.sessions.lookup(id, this.accounts.revision, touch);
    if ('ended' in found) return { ok: false, reason: 'session-ended', ended: found.ended };
    const s = found.session;
    return { ok: true, who: { username: s.username, role: s.role, via: 'session', session: s } };
  }

  /** The login form: the password checked under the back-off. */
  async login(username: string, password: string, ip: string): Promise<LoginOutcome> {
    const before = this.throttle.check(username, ip);
    if (before.locked) return { ok: false, locked: before };
    const role = await this.accounts.verify(username, password);
    if (role) {
      this.throttle.success(username);
      return { ok: true, role };
    }
    const after = this.throttle.failure(username, ip);
    return after.locked ? { ok: false, locked: after } : { ok: false, attemptsLeft: after.attemptsLeft };
  }

  /** A password check outside the login form (the Password page's old password): same back-off. */
  async verifyPassword(username: string, password: string, ip: string): Promise<LoginOutcome> {
    return this.login(username, password, ip);
  }

  private async identifyBasic(header: string, ip: string): Promise<AuthOutcome> {
    const username = basicUsername(header);
    if (username === undefined) return { ok: false, reason: 'bad-credentials' };
    const verdict = this.throttle.check(username, ip);
    if (verdict.locked) return { ok: false, reason: 'locked', verdict };
    const who = await this.basic.authenticate(header);
    if (!who) {
      const after = this.throttle.failure(username, ip);
      return after.locked ? { ok: false, reason: 'locked', verdict: after } : { ok: false, reason: 'bad-credentials' };
    }
    this.throttle.success(username);
    return { ok: true, who: { username: who.username, role: who.role, via: 'basic' } };
  }
}
