import type { SettingValue } from './registry/index.js';
import { PASSWORD_MASK } from './registry/index.js';
import type { WebAccounts, WebRole } from './web-accounts.js';

/**
 * The web logins as registry keys (manual §7 Phone Maintenance > Password; Escene
 * `passwords/password` UsrName/Password/User/UserPassword). One truth: the hashed
 * logins of WebAccounts. These keys are never written to the settings table: a
 * change goes to WebAccounts (hashed at once), a read shows the login name and a
 * masked password, and an Escene export writes the password attributes empty
 * (docs/decisions.md "Web logins in Escene files").
 */
export const WEB_LOGIN_KEYS: Readonly<Record<string, { role: WebRole; field: 'username' | 'password' }>> = {
  'web.adminUser': { role: 'admin', field: 'username' },
  'web.adminPassword': { role: 'admin', field: 'password' },
  'web.userName': { role: 'user', field: 'username' },
  'web.userPassword': { role: 'user', field: 'password' },
};

export function isWebLoginKey(key: string): boolean {
  return Object.hasOwn(WEB_LOGIN_KEYS, key);
}

/** What surfaces show for a login key: the login name, or the mask for a password. */
export function webLoginValue(accounts: WebAccounts, key: string): SettingValue {
  const login = WEB_LOGIN_KEYS[key]!;
  return login.field === 'username' ? accounts.username(login.role) : PASSWORD_MASK;
}

/** What an Escene export writes: the login name, and an empty password (never a hash, never the clear text). */
export function webLoginExportValue(accounts: WebAccounts, key: string): SettingValue {
  const login = WEB_LOGIN_KEYS[key]!;
  return login.field === 'username' ? accounts.username(login.role) : '';
}

export type WebLoginChanges = Map<WebRole, { username?: string; password?: string }>;

/**
 * Group validated login values by role. A password given as the mask, or empty in
 * an imported file (`keepEmptyPassword`, what our own export writes), leaves it
 * unchanged; a name equal to the current one is no change.
 */
export function groupWebLoginChanges(
  accounts: WebAccounts,
  entries: Array<[string, SettingValue]>,
  keepEmptyPassword: boolean,
): WebLoginChanges {
  const out: WebLoginChanges = new Map();
  for (const [key, value] of entries) {
    const login = WEB_LOGIN_KEYS[key];
    if (!login) continue;
    const text = String(value);
    const change = out.get(login.role) ?? {};
    if (login.field === 'password') {
      if (text === PASSWORD_MASK || (keepEmptyPassword && text === '')) continue;
      change.password = text;
    } else {
      if (text === accounts.username(login.role)) continue;
      change.username = text;
    }
    out.set(login.role, change);
  }
  return out;
}

/** Reasons the login changes cannot be applied (an empty password, both logins with one name). */
export function webLoginProblems(accounts: WebAccounts, changes: WebLoginChanges): Array<{ key: string; reason: string }> {
  const problems: Array<{ key: string; reason: string }> = [];
  const keyOf = (role: WebRole, field: 'username' | 'password') =>
    Object.keys(WEB_LOGIN_KEYS).find((k) => WEB_LOGIN_KEYS[k]!.role === role && WEB_LOGIN_KEYS[k]!.field === field)!;
  for (const [role, change] of changes) {
    if (change.password === '') problems.push({ key: keyOf(role, 'password'), reason: `${keyOf(role, 'password')}: a login password must not be empty` });
  }
  const finalName = (role: WebRole) => changes.get(role)?.username ?? accounts.username(role);
  if (finalName('admin') === finalName('user')) {
    const role: WebRole = changes.get('user')?.username !== undefined ? 'user' : 'admin';
    problems.push({ key: keyOf(role, 'username'), reason: `${keyOf(role, 'username')}: the administrator and the user need different login names` });
  }
  return problems;
}
