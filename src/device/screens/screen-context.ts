import type { Clock, Logger } from '../../base/index.js';
import type { Settings } from '../../config/index.js';
import type { CallInfo, PhoneModel, PhoneStatus } from '../../phone/index.js';
import type { AudioPaths } from '../audio-paths.js';
import type { DevicePhone } from '../device-phone.js';
import type { LcdLayout } from '../lcd/layout.js';
import type { ClockDisplay } from '../status-clock.js';
import type { MessageId } from '../i18n/en.js';
import type { LanguageCode, MessageParams } from '../i18n/translate.js';
import type { Dialer } from './dialer.js';
import type { DialEntry } from './dial-entry.js';

/** A phonebook match shown while dialling (manual §7 "Fuzzy Search", `call.fuzzySearch`). */
export interface DialMatch {
  name: string;
  number: string;
  /** Which book it came from (ldap: the directory, "LDAP Lookup for PreDial/Dial"). */
  book?: 'personal' | 'enterprise' | 'ldap';
}

/**
 * The face's own modes beside the phone's calls: a transfer target being typed,
 * a consultation call waiting for the second XFER, a conference being set up.
 */
export interface FaceMode {
  /**
   * A number typed for a call: the transfer target after XFER (blind after the
   * Blind soft key), or the third party after CONF.
   */
  entry?: { purpose: 'transfer' | 'conference'; callId: string; entry: DialEntry; blind: boolean };
  /** Attended transfer: `original` waits on hold while we talk to `consult`; XFER again completes it. */
  consult?: { original: string; consult: string };
  /** CONF pressed on `first` and the third party dialled (`second`): CONF again joins the two. */
  conference?: { first: string; second: string };
  /** The list cursor of screens that show several calls (held, conference). */
  selected?: number;
}

/** What screens and key handlers may use. */
export interface ScreenContext {
  readonly phone: DevicePhone;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly model: PhoneModel;
  readonly audio: AudioPaths;
  readonly dialer: Dialer;
  readonly mode: FaceMode;
  layout(): LcdLayout;
  /** A text in the LCD language (`lcd.language`, i18n/). */
  t(id: MessageId, params?: MessageParams): string;
  language(): LanguageCode;
  /** Calls not ended, in the order the phone lists them. */
  calls(): CallInfo[];
  status(): PhoneStatus;
  clockDisplay(): ClockDisplay;
  /** A name for a number from the phonebook, if any. */
  lookupName(number: string): string | undefined;
  /** Phonebook matches for the digits typed, when fuzzy search is on. */
  matches(digits: string): DialMatch[];
  /** A short message on the last text line for `ms` (default 2 s). */
  notice(text: string, ms?: number): void;
  /** Run a phone command; a failure becomes a notice. Resolves with its value, or undefined when it failed. */
  command<T>(what: string, run: () => Promise<T> | T): Promise<T | undefined>;
  /** Keep a command started outside a key handler (a timer, a send callback) so `press()` can await it. */
  track(work: Promise<unknown>): void;
  /** Open the menu, at a path of labels below the main menu when given (["Call history", "Missed calls"]). */
  openMenu(path?: string[]): void;
  /** Something changed outside the phone's events (a mode): redraw. */
  refresh(): void;
}

/** The number or user part of a SIP URI ("sip:1002@pbx" → "1002"). */
export function userPart(uri: string): string {
  const m = /^(?:sips?|tel):([^@;?]+)/i.exec(uri);
  return m ? decodeURIComponent(m[1]!) : uri;
}

/** What the LCD calls the other party: display name, phonebook name, or number. */
export function partyName(ctx: ScreenContext, call: CallInfo): string {
  const number = userPart(call.remote);
  return call.remoteName || ctx.lookupName(number) || number;
}

/** mm:ss, or h:mm:ss past an hour. */
export function callTimer(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}` : `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}
