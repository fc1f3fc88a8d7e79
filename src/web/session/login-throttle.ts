import type { Clock } from '../../base/index.js';

/**
 * Login back-off against password guessing (OWASP Authentication Cheat Sheet,
 * "Account Lockout"; NIST SP 800-63B §5.2.2 "Rate Limiting"). Failures are
 * counted per login name and per client address; at `limit` failures that key is
 * locked for `baseLockMs`, and every further failure after a lock doubles it up to
 * `maxLockMs`. Attempts while locked are refused without checking the password
 * and do not count (an attacker cannot keep a login locked for ever by hammering
 * it). A success clears the login name's count, not the address's (a valid user
 * login must not reset an address that is guessing the administrator's).
 * Counts are forgotten `forgetMs` after the last failure.
 *
 *   free --failure (count < limit)--> free
 *   free --failure (count = limit)--> locked(base · 2^(count-limit))
 *   locked --time passes--> free (count kept) --success--> free (count 0)
 */
export interface ThrottlePolicy {
  /** Failures per login name before it locks. */
  userLimit: number;
  /** Failures per client address before it locks (higher: an office behind one NAT). */
  ipLimit: number;
  baseLockMs: number;
  maxLockMs: number;
  forgetMs: number;
  /** Keys kept at most (names an attacker makes up must not grow the map without end). */
  maxEntries: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  userLimit: 5,
  ipLimit: 20,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  maxEntries: 10_000,
};

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export type ThrottleVerdict =
  | { locked: false; /** failures left before the login name locks */ attemptsLeft: number }
  | { locked: true; scope: 'user' | 'ip'; retryAfterMs: number };

export class LoginThrottle {
  readonly policy: ThrottlePolicy;
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    policy: Partial<ThrottlePolicy> = {},
  ) {
    this.policy = { ...DEFAULT_THROTTLE_POLICY, ...policy };
  }

  /** May this login name try from this address now? */
  check(username: string, ip: string): ThrottleVerdict {
    const now = this.clock.now();
    for (const [scope, key] of [['user', userKey(username)], ['ip', ipKey(ip)]] as const) {
      const e = this.live(key, now);
      if (e && e.lockedUntil > now) return { locked: true, scope, retryAfterMs: e.lockedUntil - now };
    }
    const e = this.live(userKey(username), now);
    return { locked: false, attemptsLeft: Math.max(0, this.policy.userLimit - (e?.failures ?? 0)) };
  }

  /** Count a wrong password; the verdict says whether that locked the login or the address. */
  failure(username: string, ip: string): ThrottleVerdict {
    const now = this.clock.now();
    this.count(userKey(username), this.policy.userLimit, now);
    this.count(ipKey(ip), this.policy.ipLimit, now);
    return this.check(username, ip);
  }

  success(username: string): void {
    this.entries.delete(userKey(username));
  }

  private count(key: string, limit: number, now: number): void {
    const e = this.live(key, now) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    e.failures++;
    e.lastFailure = now;
    if (e.failures >= limit) {
      const lock = Math.min(this.policy.maxLockMs, this.policy.baseLockMs * 2 ** Math.min(20, e.failures - limit));
      e.lockedUntil = now + lock;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > this.policy.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.lastFailure >= this.policy.forgetMs && e.lockedUntil <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}

const userKey = (username: string) => `u:${username}`;
const ipKey = (ip: string) => `a:${ip}`;

/** "2 min 5 s" / "45 s": the wait as the login page says it. */
export function describeWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
