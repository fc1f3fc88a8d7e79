import type { SettingDef } from './setting-def.js';
import { NUMBER_PATTERN, PageDeclarer, SIP_USER_PATTERN, codedOptions } from './page-declarer.js';

/**
 * Manual §7 "SIP Account" (one page per line: 2 on the ES320, 3 on the ES330) and
 * the LCD "System setting > Advanced setting > SIP > Account sip" editor of §6.
 * Field names match the phone core's AccountConfig (src/phone/phone-config.ts) where
 * they overlap, so the phone can be driven from here. XML: `sipUsers/sipUser id=N-1`
 * (escene-formats.md §3.3) and the per-account `SipEncrys/SipEncry id=N-1`.
 *
 * Mappings marked (I) are inferred from names and PBX templates, not documented.
 */
export const SIP_ACCOUNT_PAGE = 'SIP Account';

const LCD_ACCOUNT = 'Menu > System setting > Advanced setting > SIP > Account sip';

/** `maxLineKeys`: line keys on the model (2 on the ES320, 3 on the ES330, manual §1). */
export function sipAccountSettings(n: number, maxLineKeys: number): SettingDef[] {
  const k = (field: string): string => `account.${n}.${field}`;
  const p = new PageDeclarer({
    page: SIP_ACCOUNT_PAGE,
    role: 'admin',
    effect: 'live', // a change re-registers the line at once (issue #3)
    xml: { container: 'sipUsers', element: 'sipUser', id: n - 1 },
  });
  const sec = p.with({ xml: { container: 'SipEncrys', element: 'SipEncry', id: n - 1 } });
  const lcd = { menu: LCD_ACCOUNT };
  return [
    p.bool(k('enabled'), 'Enable', false, 'EnableAccount', { ...lcd, help: 'Disabling un-registers the line.' }),
    p.enum(k('accountMode'), 'Account Mode', 'voip', [{ value: 'voip', label: 'VOIP', xml: '0' }], 'AccountMode', {
      help: 'The manual offers VOIP/PSTN but these models have no PSTN port; only VOIP is accepted. XML code (I).',
    }),
    p.string(k('displayName'), 'Display Name', '', 64, 'UserName', { ...lcd, help: 'Sent as caller ID (From display name).' }),
    p.string(k('user'), 'Username', '', 64, 'UserNumber', { ...lcd, pattern: SIP_USER_PATTERN, help: 'User part of the AOR (extension).' }),
    p.string(k('authName'), 'Authenticate Name', '', 64, 'approveName', { ...lcd, pattern: SIP_USER_PATTERN, help: 'Empty: the Username.' }),
    p.password(k('password'), 'Password', '', 64, 'Password', lcd),
    p.string(k('label'), 'Label', '', 32, 'Describe', { ...lcd, help: 'Shown beside the line key.' }),
    p.host(k('server'), 'SIP Server', '', 'DomainName', { ...lcd, help: 'Registrar host[:port]; empty = peer-to-peer only.' }),
    p.host(k('secondaryServer'), 'Secondary server', '', 'SecondDomainName', lcd),
    p.host(k('outboundProxy'), 'Outbound Proxy Server', '', 'ProxyServerAddress'),
    p.host(k('secondaryOutboundProxy'), 'Secondary Outbound Proxy Server', '', 'SecondProxyServerAddress'),
    p.int(k('pollingInterval'), 'Poling Interval Time Of Registration', 32, 1, 3600, 'PollingRegistrationTime', {
      unit: 's',
      help: 'Retry delay after a failed registration (manual default 32 s).',
    }),
    p.bool(k('stunEnabled'), 'NAT Traversal', false, 'STUNEnableFlag', { help: 'Use the STUN server (RFC 5389) for this line.' }),
    p.host(k('stunServer'), 'STUN Server', '', 'STUNAddress'),
    p.bool(k('bla'), 'BLA', false, 'BLAEnableFlag', { help: 'Bridged line appearance (shared line).' }),
    p.string(k('blaNumber'), 'BLA Number', '', 64, 'BLANum', { pattern: SIP_USER_PATTERN }),
    p.enum(k('callMethod'), 'Call Method', 'sip', codedOptions([['sip', 'SIP'], ['tel', 'TEL']]), 'UserphoneEnable', {
      help: 'TEL adds user=phone to request URIs (RFC 3261 §19.1.1). XML mapping (I).',
    }),
    p.int(k('subscribeExpires'), 'Subscribe Period', 3600, 60, 86400, 'Subscribe', { unit: 's', help: 'SUBSCRIBE expiry (RFC 6665 §4.1.2.1).' }),
    p.int(k('registerExpires'), 'Register Expire Time', 3600, 20, 86400, 'RefreshTime', {
      ...lcd,
      unit: 's',
      help: 'REGISTER Expires (RFC 3261 §10.2.1); manual: minimum 20, default 3600.',
    }),
    p.bool(k('dnsSrv'), 'DNS-SRV', false, 'DNSSRVEnable', { help: 'Locate the server by SRV records (RFC 3263 §4.2).' }),
    p.enum(k('transport'), 'SIP Transport', 'udp', codedOptions([['udp', 'UDP'], ['tcp', 'TCP'], ['tls', 'TLS']]), 'LinkUse'),
    p.bool(k('tlsVerify'), 'Verify TLS Certificate', true, undefined, {
      help: 'Sayhi: check the server certificate on TLS (no Escene XML attribute).',
    }),
    p.int(k('lineKeys'), 'Amount Of Line Account Used', Math.min(2, maxLineKeys), 1, maxLineKeys, 'PossessNumber', {
      help: 'Line keys (simultaneous calls) this account occupies; manual default 2. XML mapping (I).',
    }),
    p.bool(k('dnd'), 'Do Not Disturb', false, undefined, {
      role: 'user',
      menu: 'Menu > Function setting > DND',
      help: 'Per-line DND (the phone-wide DND is call.dnd). No Escene XML attribute known.',
    }),
    p.bool(k('autoAnswer'), 'Auto Answer (line)', false, 'AutoAnsEnableFlag', { role: 'user', help: 'XML mapping (I).' }),
    p.bool(k('anonymousCall'), 'Anonymous Call', false, 'AnonymousCall', { help: 'Hide our identity on outgoing calls (RFC 3323).' }),
    p.bool(k('anonymousCallReject'), 'Anonymous Call Rejection', false, 'AnonymousCallReject'),
    p.bool(k('sessionTimer'), 'Use Session Timer', false, 'UserSessionTimerEnable', { help: 'RFC 4028 session refresh.' }),
    p.int(k('sessionExpires'), 'Session Timer', 1800, 90, 86400, 'SessionTimer', { unit: 's', help: 'RFC 4028 §4: at least Min-SE 90 s.' }),
    p.enum(k('sessionRefresher'), 'Session Refresher', 'uac', codedOptions([['uac', 'UAC'], ['uas', 'UAS']]), 'SessionTimerRefresher', {
      help: 'RFC 4028 refresher parameter. XML codes (I).',
    }),
    p.bool(k('allowEvents'), 'Allow-events', false, 'AllowEventsEnable', { help: 'Send Allow-Events (RFC 6665 §8.2.2).' }),
    p.bool(k('registeredNat'), 'Registered NAT', false, 'RegisteredNAT', { help: 'Register the NAT-mapped address (from rport/STUN).' }),
    p.bool(k('rport'), 'RPort', true, 'RPortEnable', { help: 'Ask for the response port (RFC 3581).' }),
    p.string(k('ringType'), 'Ring Type', '', 64, 'RingFilename', { role: 'user', help: 'Ring for this line; empty = the phone ring (audio.ringType).' }),
    p.bool(k('keepAlive'), 'UDP Keep-alive Message', true, 'KeepaliveEnable'),
    p.int(k('keepAliveInterval'), 'UDP Keep-alive Interval', 30, 5, 3600, 'KeepaliveInterval', { unit: 's', help: 'Manual default 30 s.' }),
    p.string(k('voicemailNumber'), 'Voice Mail Number', '', 64, 'CallLeaveMessageNum', {
      role: 'user',
      pattern: NUMBER_PATTERN,
      help: 'Dialled by the Message key for this line.',
    }),
    p.int(k('rtpPortMin'), 'RTP Port Range (start)', 10000, 1024, 65534, 'RTPBegin', { help: 'Per-line RTP ports (manual: Security).' }),
    p.int(k('rtpPortMax'), 'RTP Port Range (end)', 10128, 1025, 65535, 'RTPEND'),
    sec.bool(k('sipEncryption'), 'SIP Encryption', false, 'SignalingEncryption', { help: 'Escene proprietary RC4 signalling scrambling.' }),
    sec.bool(k('rtpEncryption'), 'RTP Encryption', false, 'RTPEncryption', { help: 'Escene proprietary RC4 media scrambling.' }),
    sec.enum(k('encryptionAlgorithm'), 'Encryption Algorithm', 'rc4', [{ value: 'rc4', label: 'RC4', xml: '0' }], 'EncryptionType', {
      help: 'The manual: "at this time we only have RC4". XML code (I).',
    }),
    sec.password(k('encryptionKey'), 'Encryption Key', '', 64, 'EncryptionNum', { help: 'XML mapping (I).' }),
  ];
}
