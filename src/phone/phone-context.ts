import type { Clock, Logger, SocketFactory, TypedEvents } from '../base/index.js';
import type { PhoneDatabase, SettingValue, Settings } from '../config/index.js';
import type { AudioDevice, CodecRegistry, MediaClock, RtpPortAllocator } from '../media/index.js';
import type { SipDnsResolver, SipUri, TransportManager } from '../sip/index.js';
import type { ReplacesHeader, UaCore } from '../sip-ua/index.js';
import type { Call } from './call.js';
import type { EarpieceTones } from './features/earpiece-mixer.js';
import type { Line } from './line.js';
import type { PhoneConfig } from './phone-config.js';
import type { PhoneEvents } from './phone-types.js';

/** What a feature may use of the phone: explicit and typed (STYLE.md: no hidden globals). */
export interface PhoneContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: TypedEvents<PhoneEvents>;
  /** The settings registry values (defaults when the phone runs without storage). */
  setting<T extends SettingValue = SettingValue>(key: string): T;
  readonly settings: Settings;
  /** Call history, phonebook, banlist... (in memory when the phone runs without a data directory). */
  readonly db: PhoneDatabase;
  config(): PhoneConfig;
  lines(): readonly Line[];
  calls(): readonly Call[];
  call(id: string): Call | undefined;
  core(): UaCore;
  transport(): TransportManager;
  readonly resolver: SipDnsResolver;
  readonly codecs: CodecRegistry;
  readonly mediaClock: MediaClock;
  readonly ports: RtpPortAllocator;
  /** The handset: the call that owns it plays through it. */
  readonly device: AudioDevice;
  /** Local tones mixed into what the handset hears (call-waiting tone...). */
  readonly earpiece: EarpieceTones;
  /** Place a call (after the dial pipeline): the building block of transfer, forwarding, hotline... */
  placeCall(opts: PlaceCallOptions): Promise<Call>;
  /** Dial as a person would (the whole dial pipeline: dial plan, codes...): speed dial, hotline, voice mail. */
  dial(to: string, opts?: DialOptions): Promise<{ id: string }>;
  /** Sockets for features with their own media (multicast paging). */
  readonly sockets: SocketFactory;
}

export interface DialOptions {
  line?: number;
  /** Extra INVITE headers (intercom: Alert-Info / Call-Info). */
  headers?: Array<[string, string]>;
}

export interface PlaceCallOptions {
  line: Line;
  uri: SipUri;
  headers?: Array<[string, string]>;
  anonymous?: boolean;
  /** INVITE with Replaces (RFC 3891), for the transferee side of an attended transfer. */
  replaces?: ReplacesHeader;
  referredBy?: string;
}
