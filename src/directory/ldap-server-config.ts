/**
 * One LDAP server as the web page "Phone Book > LDAP" sets it up (settings
 * `ldap.<n>.*`, n = 1..2, src/config/registry/settings-ldap.ts), read fresh for
 * every search because those settings take effect live.
 */
import type { Settings } from '../config/index.js';
import { defaultFilter } from './ldap-filter.js';

export type LdapSearchKind = 'name' | 'number';

export interface LdapServerConfig {
  /** 1 or 2: which server of the page. */
  index: number;
  host: string;
  port: number;
  base: string;
  /** Bind DN; empty = anonymous (no Bind at all: RFC 4511 §4.2.1, the identity before any Bind is anonymous). */
  user: string;
  password: string;
  nameFilter: string;
  numberFilter: string;
  nameAttributes: string[];
  numberAttributes: string[];
  /** 0 = no limit (manual 3.2.8). */
  maxHits: number;
  protocol: 'v3' | 'v2';
  sortResults: boolean;
  /** "LDAP Lookup for Incoming Call": this server names callers the phone book does not know. */
  lookupIncoming: boolean;
  /** "LDAP Lookup for PreDial/Dial": this server offers matches while a number is typed. */
  lookupDial: boolean;
}

/** The page offers two servers ("LDAP(2): search someone in two LDAP server"). */
export const LDAP_SERVER_COUNT = 2;

/** When the page leaves the attributes blank: what inetOrgPerson entries (RFC 2798) carry. */
const DEFAULT_NAME_ATTRIBUTES = ['cn'];
const DEFAULT_NUMBER_ATTRIBUTES = ['telephoneNumber', 'mobile'];

/** The manual's default address 0.0.0.0 means "not set". */
function hostIsSet(host: string): boolean {
  const h = host.trim();
  return h !== '' && h !== '0.0.0.0' && h !== '::';
}

function attributeList(settings: Settings, n: number, kind: 'name' | 'number'): string[] {
  const out: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const a = settings.string(`ldap.${n}.${kind}Attribute${i}`).trim();
    if (a !== '' && !out.some((o) => o.toLowerCase() === a.toLowerCase())) out.push(a);
  }
  return out;
}

/** Server n's settings, or undefined while it is switched off or has no address. */
export function ldapServerConfig(settings: Settings, n: number): LdapServerConfig | undefined {
  const k = (field: string): string => `ldap.${n}.${field}`;
  if (!settings.bool(k('enabled'))) return undefined;
  const host = settings.string(k('server')).trim();
  if (!hostIsSet(host)) return undefined;
  const nameAttributes = attributeList(settings, n, 'name');
  const numberAttributes = attributeList(settings, n, 'number');
  const names = nameAttributes.length > 0 ? nameAttributes : DEFAULT_NAME_ATTRIBUTES;
  const numbers = numberAttributes.length > 0 ? numberAttributes : DEFAULT_NUMBER_ATTRIBUTES;
  const nameFilter = settings.string(k('nameFilter')).trim();
  const numberFilter = settings.string(k('numberFilter')).trim();
  return {
    index: n,
    host,
    port: settings.int(k('port')),
    base: settings.string(k('base')).trim(),
    user: settings.string(k('user')).trim(),
    password: settings.string(k('password')),
    nameFilter: nameFilter !== '' ? nameFilter : defaultFilter(names),
    numberFilter: numberFilter !== '' ? numberFilter : defaultFilter(numbers),
    nameAttributes: names,
    numberAttributes: numbers,
    maxHits: settings.int(k('maxHits')),
    protocol: settings.string(k('protocol')) === 'v2' ? 'v2' : 'v3',
    sortResults: settings.bool(k('sortResults')),
    lookupIncoming: settings.bool(k('lookupIncoming')),
    lookupDial: settings.bool(k('lookupDial')),
  };
}

/** Every server that is set up, in page order (1 first, 2 is the fallback). */
export function ldapServerConfigs(settings: Settings): LdapServerConfig[] {
  const out: LdapServerConfig[] = [];
  for (let n = 1; n <= LDAP_SERVER_COUNT; n++) {
    const c = ldapServerConfig(settings, n);
    if (c) out.push(c);
  }
  return out;
}

/** "127.0.0.1:389", "[::1]:389": how the server is named in errors. */
export function ldapServerLabel(c: Pick<LdapServerConfig, 'host' | 'port'>): string {
  return c.host.includes(':') ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
}
