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
      for (const d of DEFAULT_WEB_ACCOUNTS) {
        store.accounts.push({ username: d.username, role: d.role, hash: await hashPassword(d.password), isDefault: true });
      }
      store.save();
    }
    return store;
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
    if (password.length < 1 || password.length > 64) throw new SayhiError('CFG_RANGE', 'password must be 1..64 characters');
    const acct = this.accounts.find((a) => a.role === role);
    if (!acct) throw new SayhiError('CFG_NO_ACCOUNT', `no ${role} account`);
    acct.username = username;
    acct.hash = await hashPassword(password);
    acct.isDefault = false;
    this.save();
  }

  usesDefaultPassword(role: WebRole): boolean {
    return this.accounts.find((a) => a.role === role)?.isDefault ?? false;
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ accounts: this.accounts }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
