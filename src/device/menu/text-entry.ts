import type { Clock } from '../../base/index.js';

/**
 * Text typed on the 12-key pad, multi-tap (ITU-T E.161 §2 letter assignment:
 * 2 ABC, 3 DEF, 4 GHI, 5 JKL, 6 MNO, 7 PQRS, 8 TUV, 9 WXYZ): the same key again
 * within MULTI_TAP_MS steps through its letters, another key or the pause
 * commits. Modes: '123' digits (with '*' as '.' for addresses), 'abc', 'ABC';
 * '#' always types '#' (numbers need it), a soft key changes the mode.
 */
export type EntryMode = '123' | 'abc' | 'ABC';

export const MULTI_TAP_MS = 1000;

const LETTERS: Record<string, string> = {
  '1': '1.,?!-@_/:',
  '2': 'abc2',
  '3': 'def3',
  '4': 'ghi4',
  '5': 'jkl5',
  '6': 'mno6',
  '7': 'pqrs7',
  '8': 'tuv8',
  '9': 'wxyz9',
  '0': ' 0',
  '*': '*.',
  '#': '#',
};

export interface TextEntryOptions {
  clock: Clock;
  initial?: string;
  mode?: EntryMode;
  /** Modes the mode soft key cycles through. */
  modes?: EntryMode[];
  maxLength?: number;
  /** In '123' mode '*' types this ('.' for IP addresses and hosts; default '*'). */
  star?: string;
}

export class TextEntry {
  private value: string;
  private modeNow: EntryMode;
  private last: { key: string; at: number; index: number } | undefined;

  constructor(private readonly o: TextEntryOptions) {
    this.value = o.initial ?? '';
    this.modeNow = o.mode ?? o.modes?.[0] ?? 'abc';
  }

  get text(): string {
    return this.value;
  }

  get mode(): EntryMode {
    return this.modeNow;
  }

  /** True while the last letter may still change with the same key. */
  get composing(): boolean {
    return this.last !== undefined && this.o.clock.now() - this.last.at < MULTI_TAP_MS;
  }

  /** The mode soft key: the next mode. */
  nextMode(): EntryMode {
    const modes = this.o.modes ?? [this.modeNow];
    this.modeNow = modes[(modes.indexOf(this.modeNow) + 1) % modes.length]!;
    this.last = undefined;
    return this.modeNow;
  }

  press(key: string): void {
    const max = this.o.maxLength ?? 64;
    if (this.modeNow === '123' || !LETTERS[key] || key === '#') {
      this.last = undefined;
      const ch = key === '*' && this.modeNow === '123' ? (this.o.star ?? '*') : key;
      if (this.value.length < max) this.value += ch;
      return;
    }
    const now = this.o.clock.now();
    const cycle = LETTERS[key]!;
    if (this.last && this.last.key === key && now - this.last.at < MULTI_TAP_MS) {
      const index = (this.last.index + 1) % cycle.length;
      this.value = this.value.slice(0, -1) + this.cased(cycle[index]!);
      this.last = { key, at: now, index };
      return;
    }
    if (this.value.length >= max) return;
    this.value += this.cased(cycle[0]!);
    this.last = { key, at: now, index: 0 };
  }

  backspace(): void {
    this.value = this.value.slice(0, -1);
    this.last = undefined;
  }

  clear(): void {
    this.value = '';
    this.last = undefined;
  }

  private cased(ch: string): string {
    return this.modeNow === 'ABC' ? ch.toUpperCase() : ch;
  }
}
