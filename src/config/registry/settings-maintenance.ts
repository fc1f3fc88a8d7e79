import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * Manual §7 "Phone Maintenance": Password (administrator "root" and user logins),
 * FTP/TFTP Upgrade forms, and the expansion modules of §4 "Expansion installation"
 * (ES330 only: "It can up to 6 EMS32 programmable key modules"). XML:
 * `passwords/password` (escene-formats.md §3.2).
 *
 * The login passwords are what an Escene file carries in clear; the web layer keeps
 * its own salted hashes (src/config/web-accounts.ts) and bridges the two.
 */
export const PASSWORD_PAGE = 'Phone Maintenance/Password';

const LOGIN = '[A-Za-z0-9._@-]+';

export function maintenanceSettings(options: { expansionModules: number }): SettingDef[] {
  const p = new PageDeclarer({ page: PASSWORD_PAGE, role: 'admin', effect: 'live', xml: { container: 'passwords', element: 'password' } });
  const ftp = new PageDeclarer({ page: 'Phone Maintenance/FTP Upgrade', role: 'admin', effect: 'live' });
  const tftp = ftp.with({ page: 'Phone Maintenance/TFTP Upgrade' });
  const out = [
    p.string('web.adminUser', 'Administrator', 'root', 32, 'UsrName', { pattern: LOGIN, help: 'Web and telnet administrator login.' }),
    p.password('web.adminPassword', 'Administrator Password', 'root', 64, 'Password', { help: 'Factory root/root (manual §7).' }),
    p.string('web.userName', 'User', 'user', 32, 'User', { pattern: LOGIN, help: 'Web user login (general privileges).' }),
    p.password('web.userPassword', 'User Password', 'user', 64, 'UserPassword'),
    ftp.host('upgrade.ftp.server', 'Server IP', ''),
    ftp.string('upgrade.ftp.filename', 'Filename', '', 255, undefined, { pattern: '[^/\\\\]*' }),
    ftp.string('upgrade.ftp.user', 'Username', '', 64),
    ftp.password('upgrade.ftp.password', 'Password', '', 64),
    tftp.host('upgrade.tftp.server', 'Server IP', ''),
    tftp.string('upgrade.tftp.filename', 'Filename', '', 255, undefined, { pattern: '[^/\\\\]*' }),
  ];
  if (options.expansionModules > 0) {
    out.push(
      ftp.int('expansion.modules', 'Installed modules', 0, 0, options.expansionModules, undefined, {
        page: 'Expansion Module',
        menu: 'Menu > Function setting > Expansion installation',
        help: 'EMS32 modules installed (manual §4 Expansion installation): the face shows this many, 32 keys each. The keys are set on the Expansion Module page and kept in the keys file (Extern.xml).',
      }),
    );
  }
  return out;
}
