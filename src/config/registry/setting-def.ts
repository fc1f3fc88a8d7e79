/**
 * One parameter of the phone, declared once (DESIGN.md §2 "One settings
 * registry"): web forms, REST validation, LCD menu editors, telnet get/set and
 * the Escene XML import/export all read these declarations.
 */
export type SettingValue = string | number | boolean;

export type SettingKind =
  | 'string'
  | 'password' // stored, never shown back in clear on surfaces
  | 'int'
  | 'bool'
  | 'enum'
  | 'host' // host name or IP, optionally :port
  | 'ip'
  | 'port';

export interface EnumOption {
  /** The value in the registry / JSON API. */
  value: string;
  /** What the manual's web page / LCD shows. */
  label: string;
  /** The code written in the Escene XML attribute, when it differs from `value`. */
  xml?: string;
}

/** Where a setting lives in the Escene `<MAC>.xml` / ESConfig.xml (escene-formats.md §3). */
export interface XmlLocation {
  /** Plural container under <all>, original spelling: 'sipUsers', 'Privisions', 'DTMEFs'. */
  container: string;
  /** Element inside it: 'sipUser', 'privision', 'DTMF'. */
  element: string;
  /** Attribute, original spelling: 'ProxyServerAddress', 'Freqency'. */
  attribute: string;
  /** For list rows (sipUser, ldap, SipEncry): the row's id attribute value. Absent for singletons. */
  id?: number;
}

/** Who may see and change it (manual §7: admin vs user login). */
export type SettingRole = 'admin' | 'user';

/**
 * When a change takes effect: 'live' at once (the phone re-registers, re-reads...),
 * 'reboot' at the next start (the manual says so for web/telnet ports), 'host' never by
 * us: the host OS owns it (DHCP, VLAN, VPN, Wi-Fi...) - stored and round-tripped only.
 */
export type SettingEffect = 'live' | 'reboot' | 'host';

export interface SettingDef {
  /** Stable registry key, dotted: 'account.1.server', 'network.webPort', 'call.dnd'. */
  key: string;
  kind: SettingKind;
  default: SettingValue;
  /** int/port: inclusive range. */
  min?: number;
  max?: number;
  /** string/password/host: maximum length in characters. */
  maxLength?: number;
  /** string: a regular expression the value must match (source text, anchored by the validator). */
  pattern?: string;
  /** enum: the allowed values. */
  options?: EnumOption[];
  role: SettingRole;
  effect: SettingEffect;
  /** Manual section / web page, e.g. 'SIP Account', 'Advance/Phone Setting'. */
  page: string;
  /** The manual's field label. */
  label: string;
  help?: string;
  xml?: XmlLocation;
  /** Unit of an int, shown by surfaces: 's', 'ms', 'min', 'h', 'bytes', 'dB'... (added by the registry helper). */
  unit?: string;
  /** Where the LCD menus of manual §4–6 show it, e.g. 'Menu > Settings > Basic > Ring type' (absent: web only). */
  menu?: string;
}
