/**
 * PreDial, the dialled-number model (manual §4 "Placing a Call": press '#',
 * or wait 5 s and the number is sent), on a VirtualClock. Proves:
 *  - '#' (the default send key) sends what was dialled, without the '#';
 *    as the first key it is a digit ("#28" style codes);
 *  - the dial timeout sends the number N s after the LAST key (each key
 *    restarts it), and not at all with an empty buffer or sendOnTimeout off;
 *  - '*' as send key, no send key ('#' is then a digit), max digits;
 *  - backspace, clear (nothing sent, timer gone), send() by hand, a seeded
 *    prefix (Speed Dial Prefix key) that times out like typed digits;
 *  - only keypad keys are taken; a sent or cleared pre-dial ignores keys;
 *  - the registry's Dial Plan defaults give '#' and 5 s.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { PreDial, preDialRulesFrom, type PreDialRules, type PreDialSendCause } from '../../../src/phone/index.js';

const DEFAULT: PreDialRules = { sendKey: 'hash', sendOnTimeout: true, timeoutMs: 5000, maxDigits: 0 };

function make(rules: Partial<PreDialRules> = {}, extra: { initial?: string; line?: number } = {}) {
  const clock = new VirtualClock();
  const sent: Array<{ number: string; cause: PreDialSendCause; at: number }> = [];
  let changes = 0;
  const pd = new PreDial({
    clock,
    rules: { ...DEFAULT, ...rules },
    ...extra,
    onSend: (number, cause) => sent.push({ number, cause, at: clock.now() }),
    onChange: () => changes++,
  });
  return { clock, pd, sent, changes: () => changes };
}

describe('PreDial', () => {
  it("sends with '#' (the default), without the '#'", () => {
    const { pd, sent } = make();
    pd.type('1002#');
    expect(sent).toEqual([{ number: '1002', cause: 'send-key', at: 0 }]);
    expect(pd.state).toBe('sent');
    pd.press('5');
    expect(pd.digits).toBe('1002');
    expect(sent).toHaveLength(1);
  });

  it("takes a first '#' as a digit, so codes like #28 can be dialled", () => {
    const { pd, sent } = make();
    pd.type('#28#');
    expect(sent).toEqual([{ number: '#28', cause: 'send-key', at: 0 }]);
  });

  it('sends after the dial timeout, counted from the last key', () => {
    const { clock, pd, sent } = make();
    pd.press('1');
    clock.advance(4000);
    pd.press('0');
    clock.advance(4999);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toEqual([{ number: '10', cause: 'timeout', at: 9000 }]);
    expect(clock.pending()).toBe(0);
  });

  it('does not time out an empty buffer, nor with sendOnTimeout off', () => {
    const a = make();
    a.clock.advance(60_000);
    expect(a.sent).toEqual([]);
    const b = make({ sendOnTimeout: false });
    b.pd.type('123');
    b.clock.advance(60_000);
    expect(b.sent).toEqual([]);
    b.pd.send();
    expect(b.sent).toEqual([{ number: '123', cause: 'send', at: 60_000 }]);
  });

  it("'*' as the send key; no send key makes '#' a digit", () => {
    const star = make({ sendKey: 'star' });
    star.pd.type('12#3*');
    expect(star.sent.map((s) => [s.number, s.cause])).toEqual([['12#3', 'send-key']]);
    const none = make({ sendKey: 'none', sendOnTimeout: false });
    none.pd.type('*72#1003#');
    expect(none.sent).toEqual([]);
    expect(none.pd.digits).toBe('*72#1003#');
  });

  it('sends as soon as max digits are in', () => {
    const { pd, sent, clock } = make({ maxDigits: 4 });
    pd.type('100');
    expect(sent).toEqual([]);
    pd.press('2');
    expect(sent).toEqual([{ number: '1002', cause: 'max-digits', at: 0 }]);
    clock.advance(10_000);
    expect(sent).toHaveLength(1);
  });

  it('backspace removes the last key and restarts the timer; clear sends nothing', () => {
    const { pd, sent, clock, changes } = make();
    pd.type('1009');
    clock.advance(3000);
    pd.backspace();
    expect(pd.digits).toBe('100');
    clock.advance(3000);
    expect(sent).toEqual([]);
    pd.clear();
    expect(pd.state).toBe('cancelled');
    clock.advance(10_000);
    expect(sent).toEqual([]);
    expect(clock.pending()).toBe(0);
    expect(changes()).toBe(6);
  });

  it('a seeded prefix (Speed Dial Prefix key) keeps its line and times out like typed digits', () => {
    const { pd, sent, clock } = make({}, { initial: '9', line: 2 });
    expect(pd.digits).toBe('9');
    expect(pd.line).toBe(2);
    pd.type('555');
    clock.advance(5000);
    expect(sent).toEqual([{ number: '9555', cause: 'timeout', at: 5000 }]);
  });

  it('takes keypad keys only', () => {
    const { pd } = make();
    expect(() => pd.press('a')).toThrow(/keypad/);
    expect(() => pd.type('12x')).toThrow(/keypad/);
    expect(pd.digits).toBe('12');
  });

  it("reads the registry's Dial Plan settings: '#' and 5 s by default", () => {
    const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
    expect(preDialRulesFrom((k) => settings.get(k))).toEqual(DEFAULT);
    settings.setMany({ 'dialplan.sendKey': 'star', 'dialplan.timeout': 8, 'dialplan.maxDigits': 11, 'dialplan.sendOnTimeout': false });
    expect(preDialRulesFrom((k) => settings.get(k))).toEqual({ sendKey: 'star', sendOnTimeout: false, timeoutMs: 8000, maxDigits: 11 });
  });
});
