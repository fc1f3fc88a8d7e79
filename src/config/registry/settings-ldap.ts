import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * Manual §7 "Phone Book > LDAP" and Appendix "LDAP 3.2 Attributes on Escene Configured
 * Page" (defaults from there: port 389, Max.Hits 50, search delay 0, version 3, the
 * three lookups disabled). Two servers ("LDAP(2): search someone in two LDAP server").
 * XML: `LDAPs/ldap id=0..1`, misspellings kept (`Name_Attribites1`, `Deslay`).
 */
export const LDAP_PAGE = 'Phone Book/LDAP';
export const LDAP_SERVERS = 2;

/** An LDAP attribute description (RFC 4512 §1.4 "keystring"), or empty. */
const ATTRIBUTE_PATTERN = '(?:[A-Za-z][A-Za-z0-9-]*)?';

export function ldapSettings(n: number): SettingDef[] {
  const k = (field: string): string => `ldap.${n}.${field}`;
  const p = new PageDeclarer({ page: LDAP_PAGE, role: 'admin', effect: 'live', xml: { container: 'LDAPs', element: 'ldap', id: n - 1 } });
  const filter = { help: 'RFC 4515 search filter; % stands for what the user typed, e.g. (&(sn=%)(telephoneNumber=*)).' };
  const attributes = (kind: 'name' | 'number', attribute: string, label: string): SettingDef[] =>
    [1, 2, 3].map((i) =>
      p.string(k(`${kind}Attribute${i}`), `${label} ${i}`, '', 64, `${attribute}${i}`, {
        pattern: ATTRIBUTE_PATTERN,
        help: 'One attribute the server returns, e.g. cn, sn, displayName / telephoneNumber, mobile.',
      }),
    );
  return [
    p.bool(k('enabled'), 'LDAP', false, 'LDAPEnable'),
    p.string(k('nameFilter'), 'LDAPName Filter', '', 255, 'LDAPName', filter),
    p.string(k('numberFilter'), 'LDAPNumber Filter', '', 255, 'LDAPNumber', filter),
    p.host(k('server'), 'Server Address', '0.0.0.0', 'Address', { help: 'Manual default 0.0.0.0 (= not set).' }),
    p.port(k('port'), 'Port', 389, 'Com'),
    p.string(k('base'), 'Base', '', 255, 'Base', { help: 'Search base DN (RFC 4514), e.g. dc=example,dc=com.' }),
    p.string(k('user'), 'User Name', '', 255, 'UserName', { help: 'Bind DN; empty = anonymous bind.' }),
    p.password(k('password'), 'Password', '', 64, 'Password', { help: 'Simple bind password (RFC 4513 §5.1.3).' }),
    p.int(k('maxHits'), 'Max.Hits', 50, 0, 32000, 'MaxHit', { help: '0 = no limit (manual: 1~32000, default 50).' }),
    ...attributes('name', 'Name_Attribites', 'LDAPName Attributes'),
    ...attributes('number', 'Number_Attribites', 'LDAPNumber Attributes'),
    p.enum(
      k('protocol'),
      'Protocol',
      'v3',
      [
        { value: 'v3', label: 'Version 3', xml: '3' },
        { value: 'v2', label: 'Version 2', xml: '2' },
      ],
      'Protocol',
      { help: 'Bind request version. XML codes (I).' },
    ),
    p.int(k('searchDelay'), 'Search Delay', 0, 0, 2000, 'Deslay', { unit: 'ms' }),
    p.bool(k('lookupIncoming'), 'LDAP Lookup for Incoming Call', false, 'call'),
    p.bool(k('sortResults'), 'LDAP Sorting Results', false, 'Results'),
    p.bool(k('lookupDial'), 'LDAP Lookup for PreDial/Dial', false, 'PreDial_Dial'),
  ];
}
