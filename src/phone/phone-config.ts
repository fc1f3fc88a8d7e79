import type { PhoneModel } from './phone-types.js';

/**
 * The phone's configuration as the phone core consumes it. Field names follow
 * the manual's SIP Account page (§7 "SIP Account") and its defaults; the
 * settings registry (issue #3) will fill this from storage and Escene XML.
 */
export type SipTransportName = 'udp' | 'tcp' | 'tls';
export type DtmfMode = 'rfc2833' | 'inband' | 'sip-info' | 'auto';

export interface AccountConfig {
  enabled: boolean;
  displayName: string;
  /** "Username": the user part of our AOR. */
  user: string;
  /** "Authenticate Name"; the user name when empty. */
  authName: string;
  password: string;
  /** "SIP Server": host[:port]. Empty = no registration (peer-to-peer only). */
  server: string;
  /** "Secondary server", used when the main server does not answer. */
  secondaryServer: string;
  outboundProxy: string;
  secondaryOutboundProxy: string;
  transport: SipTransportName;
  /** "Register Expire Time", seconds (manual default 3600). */
  registerExpires: number;
  /** "Poling Interval Time Of Registration": retry after a failure, seconds (default 32). */
  pollingInterval: number;
  dnsSrv: boolean;
  /** TLS server certificate verification (on by default; per-account override). */
  tlsVerify: boolean;
  /** "UDP Keep-alive Message" / "UDP Keep-alive Interval" (default on, 30 s). */
  keepAlive: boolean;
  keepAliveInterval: number;
  dtmfMode: DtmfMode;
  /** "RFC 2833 Pay Load", default 101. */
  rfc2833Payload: number;
  /** Codec names in priority order. */
  codecs: string[];
}

export interface PhoneConfig {
  model: PhoneModel;
  mac: string;
  /** Local SIP port (UDP and TCP; TLS on port+1). */
  sipPort: number;
  bindAddress: string;
  /** RTP port range (manual's Global SIP "RTP Port Range"; default 10000-10128). */
  rtpPortMin: number;
  rtpPortMax: number;
  accounts: AccountConfig[];
  /** RFC 3261 timers (Global SIP "SipSessionTimeT1/T2/T4"), ms. */
  t1: number;
  t2: number;
  t4: number;
  userAgent: string;
  /** Extra CA certificates (PEM) trusted for TLS, besides the system store. */
  tlsCa: string[];
}

export function lineCount(model: PhoneModel): number {
  return model === 'ES320' ? 2 : 3;
}

export function defaultAccount(): AccountConfig {
  return {
    enabled: false,
    displayName: '',
    user: '',
    authName: '',
    password: '',
    server: '',
    secondaryServer: '',
    outboundProxy: '',
    secondaryOutboundProxy: '',
    transport: 'udp',
    registerExpires: 3600,
    pollingInterval: 32,
    dnsSrv: false,
    tlsVerify: true,
    keepAlive: true,
    keepAliveInterval: 30,
    dtmfMode: 'rfc2833',
    rfc2833Payload: 101,
    codecs: ['PCMU', 'PCMA', 'G722'],
  };
}

export function defaultPhoneConfig(model: PhoneModel = 'ES330'): PhoneConfig {
  return {
    model,
    mac: '02005e000001',
    sipPort: 5060,
    bindAddress: '0.0.0.0',
    rtpPortMin: 10000,
    rtpPortMax: 10128,
    accounts: Array.from({ length: lineCount(model) }, defaultAccount),
    t1: 500,
    t2: 4000,
    t4: 5000,
    userAgent: `Sayhi ${model}`,
    tlsCa: [],
  };
}
