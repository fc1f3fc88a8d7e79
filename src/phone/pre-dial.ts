import { SayhiError, type Clock, type TimerHandle } from '../base/index.js';
import { PhoneError } from './phone-errors.js';

/**
 * The number being dialled before it goes out (manual §4 "Placing a Call":
 * "Enter a number; press '#' (default), or wait 5 s (default), then it sends
 * the number automatically"). The keypad (the face, issue #5) feeds keys in;
 * this model decides when the number is complete, by the Dial Plan settings:
 *
 *  - the send key (`dialplan.sendKey`: '#' by default, '*', or none) sends
 *    what was dialled; the send key itself is not part of the number. As the
 *    FIRST key it is a digit, so service codes that start with it ("*72",
 *    "#28#") can still be dialled (Yealink and Grandstream do the same);
 *  - `dialplan.sendOnTimeout`: `dialplan.timeout` seconds after the last key;
 *  - `dialplan.maxDigits` (0 = off): as soon as that many keys are in.
 *
 *   collecting ──send key / timeout / max digits / send()──> sent
 *       │
 *       └───────────── clear() (on-hook, cancel) ────────────> cancelled
 *
 * The timer runs on the injected Clock, so a VirtualClock drives it in tests.
 */
export type PreDialState = 'collecting' | 'sent' | 'cancelled';

const MOVES: Record<PreDialState, readonly PreDialState[]> = {
  collecting: ['sent', 'cancelled'],
  sent: [],
  cancelled: [],
};

export type SendKey = 'hash' | 'star' | 'none';

/** The Dial Plan page's sending rules (registry `dialplan.*`). */
export interface PreDialRules {
  sendKey: SendKey;
  sendOnTimeout: boolean;
  /** Quiet time after the last key before the number goes, ms. */
  timeoutMs: number;
  /** Send once this many keys are in; 0 = off. */
  maxDigits: number;
}

export type PreDialSendCause = 'send-key' | 'timeout' | 'max-digits' | 'send';

export interface PreDialOptions {
  clock: Clock;
  rules: PreDialRules;
  /** The line the number goes out on (a line key or a prefix key chose it); undefined = the phone picks. */
  line?: number;
  /** What is already in (a Speed Dial Prefix key's prefix). */
  initial?: string;
  /** The number is complete. Called once. */
  onSend(number: string, cause: PreDialSendCause): void;
  /** Digits or state changed (for the LCD). */
  onChange?(): void;
}

/** Keys of the keypad (manual §2 "0-9, *, #"). */
const KEYPAD_RE = /^[0-9*#]$/;
/** A pre-dial buffer longer than this is a stuck key, not a number. */
export const PREDIAL_MAX = 64;

export class PreDial {
  readonly line: number | undefined;
  private current: PreDialState = 'collecting';
  private buffer: string;
  private timer: TimerHandle | undefined;

  constructor(private readonly opts: PreDialOptions) {
    this.line = opts.line;
    this.buffer = (opts.initial ?? '').slice(0, PREDIAL_MAX);
    this.armTimer();
  }

  get state(): PreDialState {
    return this.current;
  }

  get digits(): string {
    return this.buffer;
  }

  /** One keypad key. */
  press(key: string): void {
    if (!KEYPAD_RE.test(key)) throw new PhoneError('PHONE_BAD_DIGITS', `"${key}" is not a keypad key (0-9 * #)`);
    if (this.current !== 'collecting') return;
    if (this.isSendKey(key) && this.buffer.length > 0) return this.finish('send-key');
    if (this.buffer.length >= PREDIAL_MAX) return;
    this.buffer += key;
    this.opts.onChange?.();
    const max = this.opts.rules.maxDigits;
    if (max > 0 && this.buffer.length >= max) return this.finish('max-digits');
    this.armTimer();
  }

  /** Several keys in a row (as typed). */
  type(keys: string): void {
    for (const key of keys) {
      if (this.current !== 'collecting') return;
      this.press(key);
    }
  }

  /** The clear / delete soft key: remove the last key. */
  backspace(): void {
    if (this.current !== 'collecting' || this.buffer.length === 0) return;
    this.buffer = this.buffer.slice(0, -1);
    this.opts.onChange?.();
    this.armTimer();
  }

  /** The Send (dial) soft key, or the speaker key with digits in: send now. */
  send(): void {
    if (this.current === 'collecting' && this.buffer.length > 0) this.finish('send');
  }

  /** Give up (on-hook, cancel): nothing is sent. */
  clear(): void {
    if (this.current !== 'collecting') return;
    this.cancelTimer();
    this.transition('cancelled');
    this.opts.onChange?.();
  }

  private isSendKey(key: string): boolean {
    const k = this.opts.rules.sendKey;
    return (k === 'hash' && key === '#') || (k === 'star' && key === '*');
  }

  private armTimer(): void {
    this.cancelTimer();
    const r = this.opts.rules;
    if (!r.sendOnTimeout || this.buffer.length === 0 || this.current !== 'collecting') return;
    this.timer = this.opts.clock.setTimer(r.timeoutMs, () => {
      this.timer = undefined;
      this.finish('timeout');
    });
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private finish(cause: PreDialSendCause): void {
    this.cancelTimer();
    this.transition('sent');
    this.opts.onChange?.();
    this.opts.onSend(this.buffer, cause);
  }

  private transition(to: PreDialState): void {
    if (!MOVES[this.current].includes(to)) throw new SayhiError('PHONE_PREDIAL_STATE', `pre-dial ${this.current} -> ${to}`);
    this.current = to;
  }
}

/** The Dial Plan rules as the registry holds them. */
export function preDialRulesFrom(setting: (key: string) => unknown): PreDialRules {
  const sendKey = String(setting('dialplan.sendKey'));
  return {
    sendKey: sendKey === 'star' || sendKey === 'none' ? sendKey : 'hash',
    sendOnTimeout: setting('dialplan.sendOnTimeout') === true,
    timeoutMs: Number(setting('dialplan.timeout')) * 1000,
    maxDigits: Number(setting('dialplan.maxDigits')),
  };
}
