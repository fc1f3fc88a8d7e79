import type { Clock, TimerHandle } from '../../base/index.js';

/**
 * A number typed on the keypad before it goes somewhere: the dial number when
 * the phone has no pre-dial of its own, and always the target of a transfer
 * (manual §4 "press '#' (default), or wait five seconds (default) then transfer
 * the call"). The rules are the registry's Dial Plan keys, read when the entry
 * opens: `dialplan.sendKey` (# by default; as the first key it is a digit, so
 * "*72" and "#28#" can be typed), `dialplan.sendOnTimeout` with
 * `dialplan.timeout` seconds, and `dialplan.maxDigits` (0 = off).
 */
export interface DialRules {
  sendKey: 'hash' | 'star' | 'none';
  sendOnTimeout: boolean;
  timeoutMs: number;
  maxDigits: number;
}

export type DialSendCause = 'send-key' | 'timeout' | 'max-digits' | 'send';

/** Longer than this is a stuck key, not a number. */
export const DIAL_ENTRY_MAX = 64;

export function dialRulesFrom(get: (key: string) => unknown): DialRules {
  const k = String(get('dialplan.sendKey'));
  return {
    sendKey: k === 'star' || k === 'none' ? k : 'hash',
    sendOnTimeout: get('dialplan.sendOnTimeout') === true,
    timeoutMs: Number(get('dialplan.timeout')) * 1000,
    maxDigits: Number(get('dialplan.maxDigits')),
  };
}

export class DialEntry {
  private buffer = '';
  private timer: TimerHandle | undefined;
  private done = false;

  constructor(
    private readonly clock: Clock,
    private readonly rules: DialRules,
    private readonly onSend: (number: string, cause: DialSendCause) => void,
  ) {}

  get digits(): string {
    return this.buffer;
  }

  get open(): boolean {
    return !this.done;
  }

  press(key: string): void {
    if (this.done) return;
    const r = this.rules;
    const isSend = (r.sendKey === 'hash' && key === '#') || (r.sendKey === 'star' && key === '*');
    if (isSend && this.buffer.length > 0) return this.finish('send-key');
    if (this.buffer.length >= DIAL_ENTRY_MAX) return;
    this.buffer += key;
    if (r.maxDigits > 0 && this.buffer.length >= r.maxDigits) return this.finish('max-digits');
    this.arm();
  }

  backspace(): void {
    if (this.done || this.buffer.length === 0) return;
    this.buffer = this.buffer.slice(0, -1);
    this.arm();
  }

  send(): void {
    if (!this.done && this.buffer.length > 0) this.finish('send');
  }

  cancel(): void {
    this.done = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.rules.sendOnTimeout || this.buffer.length === 0) return;
    this.timer = this.clock.setTimer(this.rules.timeoutMs, () => {
      this.timer = undefined;
      this.finish('timeout');
    });
  }

  private finish(cause: DialSendCause): void {
    this.cancel();
    this.onSend(this.buffer, cause);
  }
}
