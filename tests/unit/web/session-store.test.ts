/**
 * SessionStore and LoginThrottle on their own, with a virtual clock — proves:
 *  - session ids and CSRF tokens are 32 random bytes (base64url), distinct per session;
 *  - at most `maxSessions` sessions: the least recently used one goes first (a lookup
 *    refreshes a session's place), a lookup without `touch` neither extends nor refreshes it;
 *  - the reason a session ended: idle, expired, logins-changed, unknown; destroyAll(role);
 *  - the throttle forgets failures `forgetMs` after the last one, keeps a lock until it
 *    ends even then, caps the lock at `maxLockMs`, and keeps at most `maxEntries` keys;
 *  - describeWait writes the wait as the login page says it.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { LoginThrottle, SessionStore, describeWait } from '../../../src/web/index.js';

describe('SessionStore', () => {
  it('makes random ids and tokens and evicts the least recently used', () => {
    const clock = new VirtualClock();
    const store = new SessionStore(clock, { maxSessions: 3 });
    const a = store.create({ username: 'root', role: 'admin', loginsRevision: 1 });
    const b = store.create({ username: 'user', role: 'user', loginsRevision: 1 });
    expect(Buffer.from(a.id, 'base64url')).toHaveLength(32);
    expect(Buffer.from(a.csrfToken, 'base64url')).toHaveLength(32);
    expect(new Set([a.id, a.csrfToken, b.id, b.csrfToken]).size).toBe(4);
    const c = store.create({ username: 'root', role: 'admin', loginsRevision: 1 });
    clock.advance(1000);
    expect('session' in store.lookup(a.id, 1)).toBe(true); // a is now the most recent
    store.create({ username: 'root', role: 'admin', loginsRevision: 1 });
    expect(store.size).toBe(3);
    expect(store.lookup(b.id, 1)).toEqual({ ended: 'unknown' });
    expect('session' in store.lookup(c.id, 1)).toBe(true);
  });

  it('says why a session ended', () => {
    const clock = new VirtualClock();
    const store = new SessionStore(clock, { idleMs: 1000, maxAgeMs: 5000 });
    const idle = store.create({ username: 'root', role: 'admin', loginsRevision: 1 });
    const kept = store.create({ username: 'root', role: 'admin', loginsRevision: 1 });
    clock.advance(900);
    expect('session' in store.lookup(kept.id, 1)).toBe(true);
    // a background lookup does not extend the idle time
    expect('session' in store.lookup(idle.id, 1, false)).toBe(true);
    clock.advance(100);
    expect(store.lookup(idle.id, 1)).toEqual({ ended: 'idle' });
    const live = store.lookup(kept.id, 1, false);
    expect('session' in live && store.remainingMs(live.session)).toBe(900); // touched at 900, idle 1000, now 1000
    // active every 800 ms (idle 1000): alive until the 5000 ms maximum age
    for (const at of [1800, 2600, 3400, 4200, 4900]) {
      clock.advance(at - clock.now());
      expect('session' in store.lookup(kept.id, 1), `at ${at}`).toBe(true);
    }
    clock.advance(100);
    expect(store.lookup(kept.id, 1)).toEqual({ ended: 'expired' });
    const changed = store.create({ username: 'root', role: 'admin', loginsRevision: 1 });
    expect(store.lookup(changed.id, 2)).toEqual({ ended: 'logins-changed' });
    expect(store.lookup(undefined, 1)).toEqual({ ended: 'unknown' });
  });

  it('ends the sessions of one role, or all', () => {
    const store = new SessionStore(new VirtualClock());
    const admin = store.create({ username: 'root', role: 'admin', loginsRevision: 0 });
    const user = store.create({ username: 'user', role: 'user', loginsRevision: 0 });
    store.destroyAll('user');
    expect('session' in store.lookup(admin.id, 0)).toBe(true);
    expect(store.lookup(user.id, 0)).toEqual({ ended: 'unknown' });
    store.destroyAll();
    expect(store.size).toBe(0);
  });
});

describe('LoginThrottle', () => {
  it('forgets failures after forgetMs, but not a running lock', () => {
    const clock = new VirtualClock();
    const t = new LoginThrottle(clock, { userLimit: 3, baseLockMs: 10_000, forgetMs: 60_000, maxLockMs: 40_000 });
    t.failure('root', '192.0.2.1');
    t.failure('root', '192.0.2.1');
    clock.advance(60_000);
    expect(t.check('root', '192.0.2.1')).toEqual({ locked: false, attemptsLeft: 3 });
    for (let i = 0; i < 3; i++) t.failure('root', '192.0.2.1');
    expect(t.check('root', '192.0.2.1')).toMatchObject({ locked: true, scope: 'user', retryAfterMs: 10_000 });
    clock.advance(10_000);
    // 4th, 5th, 6th failure: 20 s, 40 s, then capped at 40 s
    expect(t.failure('root', '192.0.2.1')).toMatchObject({ locked: true, retryAfterMs: 20_000 });
    clock.advance(20_000);
    expect(t.failure('root', '192.0.2.1')).toMatchObject({ locked: true, retryAfterMs: 40_000 });
    clock.advance(40_000);
    expect(t.failure('root', '192.0.2.1')).toMatchObject({ locked: true, retryAfterMs: 40_000 });
    t.success('root');
    expect(t.check('root', '192.0.2.9')).toEqual({ locked: false, attemptsLeft: 3 });
  });

  it('keeps at most maxEntries keys', () => {
    const t = new LoginThrottle(new VirtualClock(), { userLimit: 2, ipLimit: 1000, maxEntries: 10 });
    t.failure('victim', '192.0.2.1');
    t.failure('victim', '192.0.2.1');
    expect(t.check('victim', '192.0.2.1').locked).toBe(true);
    // made-up names push the oldest keys out; the map stays bounded
    for (let i = 0; i < 50; i++) t.failure(`name${i}`, '192.0.2.2');
    expect((t as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(10);
  });

  it('describes a wait', () => {
    expect(describeWait(29_100)).toBe('30 s');
    expect(describeWait(60_000)).toBe('1 min');
    expect(describeWait(125_000)).toBe('2 min 5 s');
    expect(describeWait(0)).toBe('1 s');
  });
});
