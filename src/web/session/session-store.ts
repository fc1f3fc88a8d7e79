import { randomBytes } from 'node:crypto';
import type { Clock } from '../../base/index.js';
import type { WebRole } from '../../config/index.js';

/**
 * Browser sessions of the management pages, kept in memory only (a restart logs
 * everyone out, which is what a phone reboot does too). The cookie carries a
 * random id and nothing else; who is logged in, with which role and CSRF token,
 * stays here. A session ends on logout, after `idleMs` without a request the
 * person made, after `maxAgeMs` whatever happens, and when the web logins change
 * (a password change or factory reset invalidates every older session:
 * OWASP Session Management Cheat Sheet, "Renew the Session ID After Any
 * Privilege Level Change").
 */
export interface WebSession {
  /** 256 random bits, base64url: the cookie value. */
  readonly id: string;
  readonly username: string;
  readonly role: WebRole;
  /** Synchronizer token: state-changing requests must echo it in X-CSRF-Token. */
  readonly csrfToken: string;
  /** clock.now() at login. */
  readonly createdAt: number;
  /** clock.now() of the last request the person made (background polls do not count). */
  lastSeen: number;
  /** WebAccounts.revision at login: a changed login ends the session. */
  readonly loginsRevision: number;
}

export interface SessionPolicy {
  /** Log out after this long without a request (OWASP: 15-30 min for low-risk apps). */
  idleMs: number;
  /** Log out this long after login, active or not. */
  maxAgeMs: number;
  /** At most this many sessions; the least recently used goes first. */
  maxSessions: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 15 * 60_000,
  maxAgeMs: 12 * 3_600_000,
  maxSessions: 64,
};

export type SessionEnd = 'logout' | 'idle' | 'expired' | 'logins-changed' | 'evicted';

export class SessionStore {
  readonly policy: SessionPolicy;
  private readonly sessions = new Map<string, WebSession>();

  constructor(
    private readonly clock: Clock,
    policy: Partial<SessionPolicy> = {},
    private readonly random: (bytes: number) => Buffer = randomBytes,
  ) {
    this.policy = { ...DEFAULT_SESSION_POLICY, ...policy };
  }

  /** A new session (always a new id: no session fixation). */
  create(login: { username: string; role: WebRole; loginsRevision: number }): WebSession {
    this.sweep();
    while (this.sessions.size >= this.policy.maxSessions) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
    const now = this.clock.now();
    const session: WebSession = {
      id: this.random(32).toString('base64url'),
      csrfToken: this.random(32).toString('base64url'),
      username: login.username,
      role: login.role,
      createdAt: now,
      lastSeen: now,
      loginsRevision: login.loginsRevision,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /**
   * The live session with this id, or why there is none. `touch` (a request the
   * person made) restarts the idle timer and moves it to the back of the eviction order.
   */
  lookup(id: string | undefined, loginsRevision: number, touch = true): { session: WebSession } | { ended: SessionEnd | 'unknown' } {
    if (!id) return { ended: 'unknown' };
    const session = this.sessions.get(id);
    if (!session) return { ended: 'unknown' };
    const why = this.endReason(session, loginsRevision);
    if (why) {
      this.sessions.delete(id);
      return { ended: why };
    }
    if (touch) {
      session.lastSeen = this.clock.now();
      this.sessions.delete(id);
      this.sessions.set(id, session);
    }
    return { session };
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  /** End every session (factory reset) or those of one role. */
  destroyAll(role?: WebRole): void {
    for (const [id, s] of this.sessions) if (role === undefined || s.role === role) this.sessions.delete(id);
  }

  /** Milliseconds until the session ends if nothing happens. */
  remainingMs(session: WebSession): number {
    const now = this.clock.now();
    return Math.max(0, Math.min(session.lastSeen + this.policy.idleMs, session.createdAt + this.policy.maxAgeMs) - now);
  }

  get size(): number {
    return this.sessions.size;
  }

  private endReason(s: WebSession, loginsRevision: number): SessionEnd | undefined {
    const now = this.clock.now();
    if (s.loginsRevision !== loginsRevision) return 'logins-changed';
    if (now - s.createdAt >= this.policy.maxAgeMs) return 'expired';
    if (now - s.lastSeen >= this.policy.idleMs) return 'idle';
    return undefined;
  }

  /** Drop ended sessions (on each login: no timer needed, the map stays small). */
  private sweep(): void {
    const now = this.clock.now();
    for (const [id, s] of this.sessions) {
      if (now - s.createdAt >= this.policy.maxAgeMs || now - s.lastSeen >= this.policy.idleMs) this.sessions.delete(id);
    }
  }
}
