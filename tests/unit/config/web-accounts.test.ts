/**
 * Web/API logins (src/config) — proves:
 *  - factory logins as in the manual: root/root is the administrator, user/user the user;
 *    wrong passwords and unknown users get no role;
 *  - on disk only scrypt hashes (`scrypt$N$r$p$salt$hash`), file mode 0600, and a reopened
 *    store verifies the same logins;
 *  - setPassword: the old password stops working, the new one works, the default flag
 *    clears, and it survives a reopen; out-of-range passwords are refused (CFG_RANGE);
 *  - a corrupt file is refused with CFG_BAD_FILE and a message naming the file;
 *  - password hashes: salted (two hashes of one password differ), malformed or
 *    oversized-cost stored strings never verify (no CPU exhaustion from a bad file).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ACCOUNTS, WebAccounts, hashPassword, verifyPassword } from '../../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sayhi-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WebAccounts', () => {
  it('has the manual\'s factory logins', async () => {
    const accounts = await WebAccounts.open(undefined);
    expect(DEFAULT_WEB_ACCOUNTS.map((a) => `${a.username}/${a.password}:${a.role}`)).toEqual(['root/root:admin', 'user/user:user']);
    expect(await accounts.verify('root', 'root')).toBe('admin');
    expect(await accounts.verify('user', 'user')).toBe('user');
    expect(await accounts.verify('root', 'user')).toBeUndefined();
    expect(await accounts.verify('admin', 'root')).toBeUndefined();
    expect(await accounts.verify('', '')).toBeUndefined();
    expect(accounts.usesDefaultPassword('admin')).toBe(true);
  });

  it('stores only hashes, readable by the owner only, and reopens', async () => {
    const d = join(dir, 'store');
    await WebAccounts.open(d);
    const file = join(d, 'web-accounts.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { accounts: Array<{ username: string; hash: string }> };
    expect(stored.accounts.map((a) => a.username)).toEqual(['root', 'user']);
    for (const a of stored.accounts) expect(a.hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(readFileSync(file, 'utf8')).not.toMatch(/"password"/);
    const again = await WebAccounts.open(d);
    expect(await again.verify('root', 'root')).toBe('admin');
  });

  it('changes a password', async () => {
    const d = join(dir, 'change');
    const accounts = await WebAccounts.open(d);
    await accounts.setPassword('admin', 'boss', 's3cret');
    expect(await accounts.verify('root', 'root')).toBeUndefined();
    expect(await accounts.verify('boss', 's3cret')).toBe('admin');
    expect(accounts.usesDefaultPassword('admin')).toBe(false);
    expect(accounts.usesDefaultPassword('user')).toBe(true);
    const again = await WebAccounts.open(d);
    expect(await again.verify('boss', 's3cret')).toBe('admin');
    expect(again.usesDefaultPassword('admin')).toBe(false);
    await expect(accounts.setPassword('user', 'user', '')).rejects.toMatchObject({ code: 'CFG_RANGE' });
    await expect(accounts.setPassword('user', 'user', 'x'.repeat(65))).rejects.toMatchObject({ code: 'CFG_RANGE' });
  });

  it('refuses a corrupt file with a clear error', async () => {
    const d = join(dir, 'corrupt');
    await WebAccounts.open(d);
    writeFileSync(join(d, 'web-accounts.json'), '{"accounts": [');
    await expect(WebAccounts.open(d)).rejects.toMatchObject({ code: 'CFG_BAD_FILE', message: expect.stringContaining('web-accounts.json is not valid JSON') });
    writeFileSync(join(d, 'web-accounts.json'), '{}');
    await expect(WebAccounts.open(d)).rejects.toMatchObject({ code: 'CFG_BAD_FILE' });
  });
});

describe('password hashes', () => {
  it('are salted and verify', async () => {
    const a = await hashPassword('pw');
    const b = await hashPassword('pw');
    expect(a).not.toBe(b);
    expect(await verifyPassword('pw', a)).toBe(true);
    expect(await verifyPassword('pw', b)).toBe(true);
    expect(await verifyPassword('pW', a)).toBe(false);
  });

  it('never verify a malformed or too costly stored string', async () => {
    const good = await hashPassword('pw');
    const parts = good.split('$');
    for (const bad of ['', 'pw', 'bcrypt$1$2$3$4$5', good.replace('scrypt', 'SCRYPT'), [...parts.slice(0, 1), String(1 << 21), ...parts.slice(2)].join('$'), [...parts.slice(0, 1), '0', ...parts.slice(2)].join('$')]) {
      expect(await verifyPassword('pw', bad), bad).toBe(false);
    }
  });
});
