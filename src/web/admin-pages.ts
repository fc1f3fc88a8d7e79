/**
 * The management pages (manual §7 "Web Settings"), one table for both sides:
 * the server serves and guards these paths (a page marked 'admin' answers 403 to
 * the user login, whatever the menu shows), the browser builds its menu from it.
 * Self-contained on purpose: ui/ imports this file, so it imports nothing.
 *
 * Sections and page names are the manual's, so an Escene user finds things
 * where the real phone has them.
 */
export type PageRole = 'admin' | 'user';

export type PageSection =
  | 'Status'
  | 'Network'
  | 'SIP Account'
  | 'Programmable Keys'
  | 'Expansion Module'
  | 'Audio'
  | 'Phone Book'
  | 'Advance'
  | 'Phone Maintenance';

export interface AdminPage {
  /** URL path; the browser navigates between them without reloading. */
  path: string;
  /** The manual's page name. */
  title: string;
  section: PageSection;
  /** 'user': both logins; 'admin': the administrator only (manual §7 Password: "general user privileged"). */
  role: PageRole;
  /** Registry pages (SettingDef.page) whose settings the page edits, in order. */
  settings?: readonly string[];
}

export const ADMIN_SECTIONS: readonly PageSection[] = [
  'Status',
  'Network',
  'SIP Account',
  'Programmable Keys',
  'Expansion Module',
  'Audio',
  'Phone Book',
  'Advance',
  'Phone Maintenance',
];

export const ADMIN_PAGES: readonly AdminPage[] = [
  { path: '/status', title: 'Phone Status', section: 'Status', role: 'user' },
  { path: '/about', title: 'About', section: 'Status', role: 'user' },
  { path: '/config-guide', title: 'Config Guide', section: 'Status', role: 'admin' },
  { path: '/network', title: 'Network', section: 'Network', role: 'admin', settings: ['Network'] },
  { path: '/sip-account', title: 'SIP Account', section: 'SIP Account', role: 'admin', settings: ['SIP Account'] },
  { path: '/programmable-keys', title: 'Programmable Keys', section: 'Programmable Keys', role: 'admin' },
  { path: '/expansion-module', title: 'Expansion Module', section: 'Expansion Module', role: 'admin', settings: ['Expansion Module'] },
  { path: '/audio', title: 'Audio', section: 'Audio', role: 'user', settings: ['Audio'] },
  { path: '/phonebook/group', title: 'Group', section: 'Phone Book', role: 'user' },
  { path: '/phonebook/contact', title: 'Contact', section: 'Phone Book', role: 'user' },
  { path: '/phonebook/ldap', title: 'LDAP', section: 'Phone Book', role: 'admin', settings: ['Phone Book/LDAP'] },
  { path: '/phonebook/banlist', title: 'BanList', section: 'Phone Book', role: 'user' },
  { path: '/phonebook/enterprise', title: 'Enterprise Phonebook', section: 'Phone Book', role: 'user' },
  // beyond §7: the feature list's "SMS" (SIP MESSAGE) needs a place to read and write texts
  { path: '/phonebook/messages', title: 'Text Messages', section: 'Phone Book', role: 'user' },
  {
    path: '/advance/phone-setting',
    title: 'Phone Setting',
    section: 'Advance',
    role: 'user',
    settings: ['Advance/Phone Setting', 'Phone Setting/LCD'],
  },
  { path: '/advance/vlan', title: 'VLAN', section: 'Advance', role: 'admin', settings: ['Advance/VLAN'] },
  { path: '/advance/vpn', title: 'VPN', section: 'Advance', role: 'admin', settings: ['Advance/VPN'] },
  { path: '/advance/dial-plan', title: 'Dial Plan', section: 'Advance', role: 'admin', settings: ['Advance/Dial Plan'] },
  { path: '/advance/ip-strategy', title: 'IP Strategy', section: 'Advance', role: 'admin', settings: ['Advance/IP Strategy'] },
  { path: '/advance/global-sip', title: 'Global SIP', section: 'Advance', role: 'admin', settings: ['Advance/Global SIP'] },
  { path: '/maintenance/password', title: 'Password', section: 'Phone Maintenance', role: 'user' },
  { path: '/maintenance/log', title: 'Log', section: 'Phone Maintenance', role: 'admin', settings: ['Phone Maintenance/Log'] },
  { path: '/maintenance/default-setting', title: 'Default Setting', section: 'Phone Maintenance', role: 'admin' },
  {
    path: '/maintenance/auto-provision',
    title: 'Auto Provision',
    section: 'Phone Maintenance',
    role: 'admin',
    settings: ['Phone Maintenance/Auto Provision'],
  },
  { path: '/maintenance/ftp-upgrade', title: 'FTP Upgrade', section: 'Phone Maintenance', role: 'admin', settings: ['Phone Maintenance/FTP Upgrade'] },
  { path: '/maintenance/tftp-upgrade', title: 'TFTP Upgrade', section: 'Phone Maintenance', role: 'admin', settings: ['Phone Maintenance/TFTP Upgrade'] },
  { path: '/maintenance/http-upgrade', title: 'HTTP Upgrade', section: 'Phone Maintenance', role: 'admin' },
  { path: '/maintenance/reboot', title: 'Reboot', section: 'Phone Maintenance', role: 'admin' },
];

/** Where a login lands after signing in (and what `/` shows). */
export const HOME_PATH = '/status';
export const LOGIN_PATH = '/login';

export function findPage(path: string): AdminPage | undefined {
  return ADMIN_PAGES.find((p) => p.path === path);
}

export function pageAllows(page: AdminPage, role: PageRole): boolean {
  return page.role === 'user' || role === 'admin';
}

/** The header the browser sends with every fetch: no Basic challenge popup on a 401, and the CSRF token's name. */
export const CSRF_HEADER = 'x-csrf-token';
export const FETCH_MARK_HEADER = 'x-requested-with';
/** A poll the person did not make (status refresh): it does not keep the session alive. */
export const BACKGROUND_HEADER = 'x-sayhi-background';
