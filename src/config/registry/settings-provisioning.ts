import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * Manual §7 "Phone Maintenance > Auto Provision" and Appendix "Auto Provision".
 * XML: `Privisions/privision` (spelled so; escene-formats.md §2 and §3.2). Note
 * `Firmware` holds the provisioning *server* despite its name.
 */
export const PROVISION_PAGE = 'Phone Maintenance/Auto Provision';

export function provisioningSettings(): SettingDef[] {
  const p = new PageDeclarer({
    page: PROVISION_PAGE,
    role: 'admin',
    effect: 'live',
    xml: { container: 'Privisions', element: 'privision' },
  });
  return [
    p.bool('provision.enabled', 'Auto Provision', false, 'AutoPrivisionFlag'),
    p.enum(
      'provision.protocol',
      'Protocol',
      'tftp',
      [
        { value: 'tftp', label: 'TFTP', xml: '0' },
        { value: 'http', label: 'HTTP', xml: '1' },
        { value: 'ftp', label: 'FTP', xml: '2' },
        { value: 'https', label: 'HTTPS', xml: '3' },
      ],
      'protocol',
      { help: 'Used when the server URL has no scheme.' },
    ),
    p.string('provision.server', 'Software Server URL', '', 255, 'Firmware', {
      pattern: '\\S*',
      help: 'Directory URL without a file name, e.g. tftp://192.168.0.201/abc or pbx.example.com/prov.',
    }),
    p.string('provision.user', 'Username', '', 64, 'username', { help: 'FTP/HTTP/HTTPS only.' }),
    p.password('provision.password', 'Password', '', 64, 'password'),
    p.bool('provision.downloadFirmware', 'Auto Download Software', false, 'DownloadFirmwar'),
    p.bool('provision.downloadKernel', 'Auto Download Kernel', false, 'DownloadKernel'),
    p.bool('provision.downloadConfig', 'Auto Download Config File', true, 'Downloadconfig'),
    p.bool('provision.broadsoft', 'Broadsoft Compatibility', false, 'DownloadBroadsoft', {
      help: 'Fetch <MAC>.cfg/<MAC>.txt: stored and reported, not applied (format unknown).',
    }),
    p.bool('provision.downloadExpansion', 'Auto Download Expansion', true, 'DownloadExtension', {
      help: '<account-1>_Extern.xml: memory keys, programmable keys, expansion modules.',
    }),
    p.bool('provision.downloadEnterprisePhonebook', 'Auto Download Enterprise Phonebook', false, 'DownloadPhonebook'),
    p.bool('provision.downloadPersonalPhonebook', 'Auto Download Personal Phonebook', false, 'DownloadPersonPhonebook'),
    p.bool('provision.bootCheck', 'Booting Checked', true, 'Bootingchecked'),
    p.bool('provision.bootCheckBlocking', 'Disable the phone while booting checking', false, 'BootingcheckedMode'),
    p.int('provision.interval', 'Auto Provision Frequency', 168, 0, 8760, 'Freqency', {
      unit: 'h',
      help: 'Hours between timed runs; 0 with a time = daily at that time (manual appendix). XML unit (I).',
    }),
    p.int('provision.hour', 'Auto Provision Time', 24, 0, 24, 'time', { help: 'Hour of day 0..23; 24 = None. XML meaning (I).' }),
    p.enum(
      'provision.macCase',
      'File Name Case',
      'default',
      [
        { value: 'default', label: 'Default', xml: '0' },
        { value: 'upper', label: 'Upper case', xml: '1' },
        { value: 'lower', label: 'Lower case', xml: '2' },
      ],
      'DownloadFilename',
      { help: 'Case of the MAC in <mac>.xml; default = lower case (what PBXs write).' },
    ),
    p.bool('provision.dhcpOption', 'DHCP Option', true, 'DHCPOptionFlag', {
      effect: 'host',
      help: 'Take the server from a DHCP option: needs the host DHCP client to hand it over.',
    }),
    p.int('provision.dhcpOptionValue', 'DHCP Option Value', 66, 1, 254, 'DHCPOptionValue', {
      effect: 'host',
      help: 'Option 66 = TFTP server name (RFC 2132 §9.4).',
    }),
    p.bool('provision.pnp', 'Plug and Play', false, 'PNP', { help: 'Ask for the server by SIP multicast SUBSCRIBE (ua-profile, RFC 6080).' }),
    p.bool('provision.aesEnabled', 'AES Enable', false, undefined, {
      help: 'Decrypt provisioning files. No Escene XML attribute known; the cipher is a project choice (escene-formats.md §7.5).',
    }),
    p.password('provision.aesKey', 'AES Key', '', 64, undefined, {
      pattern: '|.{16}|.{32}|[0-9A-Fa-f]{64}',
      help: '16 or 32 characters (AES-128/256), or 64 hex digits. Used for the common files.',
    }),
    p.password('provision.aesKeyMac', 'AES Key (MAC file)', '', 64, undefined, {
      pattern: '|.{16}|.{32}|[0-9A-Fa-f]{64}',
      help: 'Key for <mac>.xml; empty = the AES Key.',
    }),
  ];
}
