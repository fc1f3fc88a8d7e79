import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SayhiError } from '../base/index.js';
import { hashPassword, verifyPassword } from './password-hash.js';

/**
 * The web/API logins of the phone: an administrator and a user, as on the real
 * phone (manual §7: admin root/root, user user/user by default). Stored hashed in
 * `<data>/web-accounts.json`, written atomically (temp file + rename).
 */
export type WebRole = 'admin' | 'user';

interface StoredAccount {
  username: string;
  role: WebRole;
  hash: string;
  /** true while the factory password is unchanged (the UI warns). */
  isDefault: boolean;
}

export const DEFAULT_WEB_ACCOUNTS: ReadonlyArray<{ username: string; password: string; role: WebRole }> = [
  { username: 'root', password: 'root', role: 'admin' },
  { username: 'user', password: 'user', role: 'user' },
];

export class WebAccounts {
  private accounts: StoredAccount[] = [];
  private readonly file: string | undefined;
  /** Goes up on every change, so a login cache knows when to forget (web/basic-auth.ts). */
  revision = 0;

  private constructor(file: string | undefined) {
    this.file = file;
  }

  /** Open (or create with the defaults) the accounts file in `dataDir`; in memory when undefined. */
  static async open(dataDir: string | undefined): Promise<WebAccounts> {
    const store = new WebAccounts(dataDir ? join(dataDir, 'web-accounts.json') : undefined);
    if (store.file && existsSync(store.file)) {
      let parsed: { accounts?: StoredAccount[] };
      try {
        parsed = JSON.parse(readFileSync(store.file, 'utf8')) as { accounts?: StoredAccount[] };
      } catch {
        throw new SayhiError('CFG_BAD_FILE', `${store.file} is not valid JSON: repair it, or delete it to get the factory logins back`);
      }
      if (!Array.isArray(parsed?.accounts)) throw new SayhiError('CFG_BAD_FILE', `${store.file}: no accounts list`);
      store.accounts = parsed.accounts;
    } else {
      await store.reset();
    }
    return store;
  }

  /** Back to the factory logins root/root and user/user (factory reset, manual §7). */
  async reset(): Promise<void> {
    const fresh: StoredAccount[] = [];
    for (const d of DEFAULT_WEB_ACCOUNTS) {
      fresh.push({ username: d.username, role: d.role, hash: await hashPassword(d.password), isDefault: true });
    }
    this.accounts = fresh;
    this.save();
  }

  /** The login name of a role ('root', 'user' by default). */
  username(role: WebRole): string {
    return this.accounts.find((a) => a.role === role)?.username ?? '';
  }

  /** The role of a valid login, or undefined. */
  async verify(username: string, password: string): Promise<WebRole | undefined> {
    const acct = this.accounts.find((a) => a.username === username);
    if (!acct) {
      // spend the same time on unknown users so timing does not reveal names
      await verifyPassword(password, this.accounts[0]?.hash ?? '');
      return undefined;
    }
    return (await verifyPassword(password, acct.hash)) ? acct.role : undefined;
  }

  async setPassword(role: WebRole, username: string, password: string): Promise<void> {
    await this.setLogin(role, { username, password });
  }

  /**
   * Change a login's name, password or both (one file write). The two logins keep
   * distinct names: otherwise which role a login gets would depend on file order.
   */
  async setLogin(role: WebRole, change: { username?: string; password?: string }): Promise<void> {
    const { username, password } = change;
    if (password !== undefined && (password.length < 1 || password.length > 64)) {
      throw new SayhiError('CFG_RANGE', 'password must be 1..64 characters');
    }
    if (username !== undefined && (username.length < 1 || username.length > 32)) {
      throw new SayhiError('CFG_RANGE', 'login name must be 1..32 characters');
    }
    const acct = this.accounts.find((a) => a.role === role);
    if (!acct) throw new SayhiError('CFG_NO_ACCOUNT', `no ${role} account`);
    if (username !== undefined && this.accounts.some((a) => a !== acct && a.username === username)) {
      throw new SayhiError('CFG_DUPLICATE', `login name "${username}" is already used by the other login`);
    }
    const hash = password === undefined ? undefined : await hashPassword(password);
    if (username !== undefined) acct.username = username;
    if (hash !== undefined) {
      acct.hash = hash;
      acct.isDefault = false;
    }
    this.save();
  }

  usesDefaultPassword(role: WebRole): boolean {
    return this.accounts.find((a) => a.role === role)?.isDefault ?? false;
  }

  private save(): void {
    this.revision++;
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ accounts: this.accounts }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
