import type { SettingDef } from './setting-def.js';
import { PageDeclarer, codedOptions } from './page-declarer.js';

/**
 * Manual §7 "Advance > Global SIP" ("You also can setup the SIP server on Global SIP")
 * and the phone-wide SIP/DTMF parameters of "Advance > Phone Setting". XML:
 * `sipServers/sipserver` (escene-formats.md §3.2), `DTMEFs/DTMF`, `calls/call`.
 */
export const GLOBAL_SIP_PAGE = 'Advance/Global SIP';

export function globalSipSettings(): SettingDef[] {
  const p = new PageDeclarer({
    page: GLOBAL_SIP_PAGE,
    role: 'admin',
    effect: 'live',
    xml: { container: 'sipServers', element: 'sipserver' },
  });
  const dtmf = new PageDeclarer({
    page: 'Advance/Phone Setting',
    role: 'admin',
    effect: 'live',
    xml: { container: 'DTMEFs', element: 'DTMF' },
  });
  const call = p.with({ xml: { container: 'calls', element: 'call' } });
  return [
    p.host('sip.server', 'SIP Server', '', 'DomainName', { help: 'Phone-wide registrar, used by lines without their own server.' }),
    p.host('sip.outboundProxy', 'Outbound Proxy Server', '', 'ProxyServerAddress'),
    p.host('sip.secondaryServer', 'Secondary server', '', 'SecondDomainName'),
    p.bool('sip.stunEnabled', 'NAT Traversal', false, 'STUNEnableFlag'),
    p.host('sip.stunServer', 'STUN Server', '', 'STUNAddress'),
    p.int('sip.registerExpires', 'Register Expire Time', 3600, 20, 86400, 'SipRefreshTime', { unit: 's' }),
    p.port('sip.localPort', 'Local SIP Port', 5060, 'LocalPort', {
      effect: 'reboot', // the transports bind once, at start (every line's binding names this port)
      help: 'UDP and TCP; TLS listens on the next port. Takes effect at the next start.',
    }),
    p.enum('sip.transport', 'SIP Transport', 'udp', codedOptions([['udp', 'UDP'], ['tcp', 'TCP'], ['tls', 'TLS']]), 'LinkUse'),
    p.int('sip.rtpPortMin', 'RTP Port Range (start)', 10000, 1024, 65534, 'BeginPort', {
      effect: 'reboot',
      help: 'The phone\'s RTP ports; RTP uses even ports (RFC 3550 §11). Takes effect at the next start.',
    }),
    p.int('sip.rtpPortMax', 'RTP Port Range (end)', 10128, 1025, 65535, 'EndPort', { effect: 'reboot' }),
    p.int('sip.subscribeExpires', 'Subscribe Period', 3600, 60, 86400, 'SubExpire', { unit: 's' }),
    p.bool('sip.usePAssertedIdentity', 'P-Asserted-Identity', false, 'P-Asserted-Identity', {
      help: 'Show the caller from P-Asserted-Identity when the server sends one (RFC 3325 §9.1).',
    }),
    p.int('sip.t1', 'SIP T1', 500, 100, 10000, 'SipSessionTimeT1', { unit: 'ms', effect: 'reboot', help: 'RTT estimate (RFC 3261 §17.1.1.1).' }),
    p.int('sip.t2', 'SIP T2', 4000, 1000, 40000, 'SipSessionTimeT2', { unit: 'ms', effect: 'reboot', help: 'Maximum retransmit interval (RFC 3261 §17.1.2.2).' }),
    p.int('sip.t4', 'SIP T4', 5000, 1000, 40000, 'SipSessionTimeT4', { unit: 'ms', effect: 'reboot', help: 'Time a message stays in the network (RFC 3261 §17.1.2.2).' }),
    p.enum('qos.mode', 'QoS', 'diffserv', codedOptions([['diffserv', 'DiffServ'], ['precedence', 'Precedence']]), 'Qos', {
      page: 'Advance/Phone Setting',
      help: '"The QoS priority, support diff-server and precedence". XML mapping (I).',
    }),
    call.int('qos.sipDscp', 'Sip QoS', 26, 0, 63, 'SIPQos', { page: 'Advance/Phone Setting', help: 'DSCP for SIP (manual: 0~63, default 26).' }),
    call.int('qos.rtpDscp', 'Voice QoS', 46, 0, 63, 'RTPQos', { page: 'Advance/Phone Setting', help: 'DSCP for RTP (manual: 0~63, default 46).' }),
    call.bool('sip.use100rel', '100rel (PRACK)', false, 'SIP100RelEnable', { help: 'Offer reliable provisional responses (RFC 3262).' }),
    dtmf.enum(
      'dtmf.mode',
      'DTMF',
      'rfc2833',
      codedOptions([['rfc2833', 'RFC2833'], ['inband', 'Inband'], ['sip-info', 'SIP Info'], ['auto', 'Auto']]),
      'DTMFSendType',
      { help: 'Phone-wide, applied to every line. XML codes follow the manual order (I).' },
    ),
    dtmf.int('dtmf.rfc2833Payload', 'RFC 2833 Pay Load', 101, 96, 127, 'RFC2833CodeId', {
      help: 'Dynamic payload type for telephone-event (RFC 4733 §7.1.1); manual default 101.',
    }),
  ];
}
