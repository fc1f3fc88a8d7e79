import { CODEC_SLOTS, type Settings } from '../config/index.js';
import { createDefaultCodecRegistry } from '../media/index.js';
import { defaultPhoneConfig, lineCount, type AccountConfig, type DtmfMode, type PhoneConfig, type SipTransportName } from './phone-config.js';
import type { PhoneModel } from './phone-types.js';

/**
 * What the settings registry does not hold: the host's side of a software phone
 * (which address to bind, which CAs to trust) and its identity.
 */
export interface PhoneConfigExtras {
  mac: string;
  bindAddress?: string;
  tlsCa?: string[];
  userAgent?: string;
  /** Codec names the media engine can run; default: the built-in codec registry's. */
  knownCodec?: (name: string) => boolean;
}

const builtInCodecs = createDefaultCodecRegistry();

/**
 * The phone core's configuration, read from the settings registry (issue #3):
 * `account.<n>.*` → line n, `sip.localPort`, `sip.rtpPortMin/Max`, `sip.t1/t2/t4`.
 * The phone-wide `dtmf.mode`, `dtmf.rfc2833Payload` (manual §7 Advance > Phone
 * Setting) and the codec priority `audio.codec1..8` (manual §7 Audio) are copied
 * into every account. A line without its own server uses the Global SIP server
 * and outbound proxy (manual §7: "You also can setup the SIP server on Global SIP").
 */
export function phoneConfigFromSettings(settings: Settings, model: PhoneModel, extras: PhoneConfigExtras): PhoneConfig {
  const config = defaultPhoneConfig(model);
  config.mac = extras.mac;
  if (extras.bindAddress !== undefined) config.bindAddress = extras.bindAddress;
  if (extras.tlsCa !== undefined) config.tlsCa = extras.tlsCa;
  if (extras.userAgent !== undefined) config.userAgent = extras.userAgent;
  config.sipPort = settings.int('sip.localPort');
  config.rtpPortMin = settings.int('sip.rtpPortMin');
  config.rtpPortMax = settings.int('sip.rtpPortMax');
  config.t1 = settings.int('sip.t1');
  config.t2 = settings.int('sip.t2');
  config.t4 = settings.int('sip.t4');
  const known = extras.knownCodec ?? ((name: string) => builtInCodecs.get(name) !== undefined);
  const chosen = codecPriority(settings).filter(known);
  // Slots naming only codecs we cannot run (G.723, G.729) would leave nothing to
  // offer: a phone that cannot call is worse than one offering G.711 anyway.
  const codecs = chosen.length > 0 ? chosen : defaultPhoneConfig(model).accounts[0]!.codecs;
  config.accounts = Array.from({ length: lineCount(model) }, (_, i) => accountFromSettings(settings, i + 1, codecs));
  return config;
}

/** `audio.codec1..8` in slot order, empty slots ('none') left out. */
export function codecPriority(settings: Settings): string[] {
  const out: string[] = [];
  for (let slot = 1; slot <= CODEC_SLOTS; slot++) {
    const name = settings.string(`audio.codec${slot}`);
    if (name !== 'none' && !out.includes(name)) out.push(name);
  }
  return out;
}

function accountFromSettings(settings: Settings, n: number, codecs: string[]): AccountConfig {
  const s = (field: string) => settings.string(`account.${n}.${field}`);
  const i = (field: string) => settings.int(`account.${n}.${field}`);
  const b = (field: string) => settings.bool(`account.${n}.${field}`);
  const ownServer = s('server');
  return {
    enabled: b('enabled'),
    displayName: s('displayName'),
    user: s('user'),
    authName: s('authName'),
    password: s('password'),
    server: ownServer || settings.string('sip.server'),
    secondaryServer: ownServer ? s('secondaryServer') : s('secondaryServer') || settings.string('sip.secondaryServer'),
    outboundProxy: s('outboundProxy') || (ownServer ? '' : settings.string('sip.outboundProxy')),
    secondaryOutboundProxy: s('secondaryOutboundProxy'),
    transport: s('transport') as SipTransportName,
    registerExpires: i('registerExpires'),
    pollingInterval: i('pollingInterval'),
    dnsSrv: b('dnsSrv'),
    tlsVerify: b('tlsVerify'),
    keepAlive: b('keepAlive'),
    keepAliveInterval: i('keepAliveInterval'),
    dtmfMode: settings.string('dtmf.mode') as DtmfMode,
    rfc2833Payload: settings.int('dtmf.rfc2833Payload'),
    codecs: [...codecs],
  };
}
