import type { SchemaEntry } from './settings-data.js';

/**
 * How each page splits its settings into the manual's sub-headings (manual §7:
 * Network has "IP Setting", "DNS Setting", "Port Management Setting"...; SIP
 * Account "SIP Setting", "Call", "Security"; Phone Setting "Basic", "QoS",
 * "Call", "VOIP Call Forward", "Set Time Mode", "Other"). Presentation only: the
 * registry is the truth; a key no rule names lands under "More" so nothing is hidden.
 */
export interface FieldGroup {
  title: string;
  entries: SchemaEntry[];
}

type Rule = [title: string, match: RegExp];

const SIP_SETTING =
  /^account\.\d+\.(enabled|accountMode|displayName|user|authName|password|label|server|secondaryServer|outboundProxy|secondaryOutboundProxy|pollingInterval|stunEnabled|stunServer|bla|blaNumber|callMethod|subscribeExpires|registerExpires|dnsSrv|transport|tlsVerify)$/;

const RULES: Record<string, Rule[]> = {
  Network: [
    ['IP Setting', /^network\.(mode|ipAddress|subnetMask|gateway|pppoe|mtu|hostname|vendorClass)/],
    ['DNS Setting', /^network\.dns/],
    ['Port Management Setting', /^(web|telnet)\.port$/],
    ['Socket5 Proxy Server', /^network\.socks5/],
    ['Paging Setting', /^paging\./],
    ['PC Port', /^network\.pc/],
    ['802.1X', /^dot1x\./],
    ['LLDP', /^network\.lldp/],
  ],
  'SIP Account': [
    ['SIP Setting', SIP_SETTING],
    ['Security', /^account\.\d+\.(rtpPort|sipEncryption|rtpEncryption|encryption)/],
    ['Call', /^account\.\d+\./],
  ],
  Audio: [
    ['Audio Codecs', /^audio\.(codec|packetTime|g723)/],
    ['Voice Processing', /^audio\.(aec|agc|vad|jitter)/],
    ['Volume', /^audio\.(volume|ringType)/],
  ],
  'Advance/Phone Setting': [
    ['Basic', /^(call\.(noAnswerTimeout|poundSendMethod)|dtmf\.)/],
    ['QoS', /^qos\./],
    ['VOIP Call Forward', /^call\.forward/],
    ['Call', /^call\./],
    ['Set Time Mode', /^time\./],
    ['Other', /^(maintenance\.|keys\.|audio\.|network\.)/],
  ],
  'Phone Setting/LCD': [
    ['LCD and Key Board Lock', /^(lcd\.|web\.language)/],
  ],
  'Phone Book/LDAP': [
    ['LDAP 1', /^ldap\.1\./],
    ['LDAP 2', /^ldap\.2\./],
  ],
  'Advance/Global SIP': [
    ['SIP Timers', /^sip\.t\d$/],
    ['Global SIP', /^sip\./],
  ],
  'Phone Maintenance/Auto Provision': [
    ['AES', /^provision\.aes/],
    ['DHCP Option and Plug and Play', /^provision\.(dhcpOption|pnp)/],
    ['Auto Provision', /^provision\./],
  ],
};

/** The page's entries in sub-headed groups, each in the order the page's rules list them. */
export function groupEntries(page: string, entries: SchemaEntry[]): FieldGroup[] {
  const rules = RULES[page];
  const title = page.includes('/') ? page.slice(page.lastIndexOf('/') + 1) : page;
  if (!rules) return entries.length ? [{ title, entries }] : [];
  const groups = rules.map(([t]) => ({ title: t, entries: [] as SchemaEntry[] }));
  const more: SchemaEntry[] = [];
  for (const e of entries) {
    const i = rules.findIndex(([, re]) => re.test(e.key));
    if (i < 0) more.push(e);
    else groups[i]!.entries.push(e);
  }
  // the manual's order of sub-headings (SIP Setting, Call, Security; Basic, QoS, Call...)
  const order = ORDER[page];
  const sorted = order ? order.map((t) => groups.find((g) => g.title === t)!).filter(Boolean) : groups;
  return [...sorted.filter((g) => g.entries.length > 0), ...(more.length ? [{ title: 'More', entries: more }] : [])];
}

/** Display order where it differs from the matching order (more specific rules first). */
const ORDER: Record<string, string[]> = {
  'SIP Account': ['SIP Setting', 'Call', 'Security'],
  'Advance/Phone Setting': ['Basic', 'QoS', 'Call', 'VOIP Call Forward', 'Set Time Mode', 'Other'],
  'Advance/Global SIP': ['Global SIP', 'SIP Timers'],
  'Phone Maintenance/Auto Provision': ['Auto Provision', 'AES', 'DHCP Option and Plug and Play'],
};
