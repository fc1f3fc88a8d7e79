/**
 * Proves the keypad lock (manual §7 "Key Board Lock": [Menu Key], [Function
 * Keys], [All keys], [Lock & Answer]; "The Menu key can open it"; "when you
 * enable the right password, it will auto disable this feature"): which keys
 * each mode lets through, the lock icon on the status bar, unlocking with the
 * password (lcd.keypadLockPassword, else the LCD password), the re-lock after
 * lcd.keypadLockTime idle seconds, and Lock & Answer answering by itself.
 */
import { describe, expect, it } from 'vitest';
import { makeDevice } from './fake-phone.js';

function locked(mode: 'menu' | 'function' | 'all' | 'lock-answer', extra: Record<string, unknown> = {}): ReturnType<typeof makeDevice> {
  const t = makeDevice();
  const r = t.settings.setMany({ 'lcd.keypadLock': true, 'lcd.keypadLockMode': mode, 'lcd.keypadLockPassword': '123', ...extra });
  expect(r.ok).toBe(true);
  return t;
}

describe('keypad lock modes', () => {
  it('[Menu Key]: calls work, every way into the menus asks for the password', async () => {
    const t = locked('menu');
    expect(t.device.snapshot().status.locked).toBe(true);
    await t.device.keys('1002#');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('1002');
    await t.device.press('soft4'); // End
    for (const key of ['menu', 'ok', 'down', 'directory'] as const) {
      await t.device.press(key);
      expect(t.device.snapshot().lines.slice(0, 2)).toEqual(['Keypad locked', 'Password to unlock:']);
      await t.device.press('soft4');
      expect(t.device.screenName()).toBe('idle');
    }
  });

  it('[Function Keys]: number keys and Speaker only', async () => {
    const t = locked('function');
    const held = await t.device.press('hold');
    expect(held).toMatchObject({ handled: false, notice: 'Keypad locked' });
    expect((await t.device.press('redial')).handled).toBe(false);
    expect((await t.device.press('soft1')).handled).toBe(false);
    await t.device.keys('77#');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('77');
    t.phone.move(t.phone.calls()[0]!.id, 'ended', { endReason: 'local hangup' });
    const call = t.phone.addCall({ line: 2 });
    expect((await t.device.press('soft1')).handled).toBe(false); // Ans is a soft key: locked
    await t.device.press('speaker'); // Speaker answers
    expect(t.phone.commands('answer')[0]?.args[0]).toBe(call.id);
  });

  it('[All keys]: nothing but the handset; MENU still asks for the password', async () => {
    const t = locked('all');
    expect((await t.device.press('5')).handled).toBe(false);
    expect(t.device.screenName()).toBe('idle');
    const call = t.phone.addCall();
    expect((await t.device.press('speaker')).handled).toBe(false);
    await t.device.press('hookOff'); // lifting the handset is not a key
    expect(t.phone.commands('answer')[0]?.args[0]).toBe(call.id);
    await t.device.press('hookOn');
    await t.device.press('menu');
    expect(t.device.snapshot().lines[0]).toBe('Keypad locked');
  });

  it('[Lock & Answer]: locked, "AA" on the status bar, and a call is answered by itself', async () => {
    const t = locked('lock-answer');
    expect(t.device.snapshot().status.autoAnswer).toBe(true);
    const call = t.phone.addCall();
    await t.clock.advanceAsync(0);
    expect(t.phone.commands('answer')[0]?.args[0]).toBe(call.id);
    expect(t.device.screenName()).toBe('talking');
    expect(t.device.audio.path).toBe('speaker');
  });
});

describe('unlocking', () => {
  it('the right password switches the lock off (the manual: open it again on the web); a wrong one does not', async () => {
    const t = locked('all');
    await t.device.keys('{menu}999{ok}');
    expect(t.device.snapshot().notice).toBe('Wrong password');
    expect(t.settings.get('lcd.keypadLock')).toBe(true);
    await t.device.keys('124{c}3'); // C erases a digit
    expect(t.device.snapshot().lines[2]).toBe('***');
    await t.device.press('ok');
    expect(t.settings.get('lcd.keypadLock')).toBe(false);
    expect(t.device.snapshot().status.locked).toBe(false);
    expect(t.device.snapshot().menuPath).toEqual(['Menu']); // MENU asked for the menu: it opens
  });

  it('an empty lock password means the LCD password ("the password is the same with the phone LCD")', async () => {
    const t = locked('menu', { 'lcd.keypadLockPassword': '', 'lcd.password': '42' });
    await t.device.keys('{down}123{ok}');
    expect(t.settings.get('lcd.keypadLock')).toBe(true);
    await t.device.keys('42{ok}');
    expect(t.settings.get('lcd.keypadLock')).toBe(false);
    expect(t.device.snapshot().menuPath).toEqual(['Menu', 'Call history', 'Missed calls']); // where Down was going
  });

  it('with a lock time the keys are free until that long without a key, then lock again', async () => {
    const t = locked('all', { 'lcd.keypadLockTime': 30 });
    await t.device.keys('{menu}123{ok}');
    expect(t.settings.get('lcd.keypadLock')).toBe(true); // stays enabled
    expect(t.device.snapshot().status.locked).toBe(false);
    await t.clock.advanceAsync(20_000);
    await t.device.press('down'); // a key: the 30 s start again
    await t.clock.advanceAsync(20_000);
    expect(t.device.snapshot().status.locked).toBe(false);
    await t.clock.advanceAsync(10_000);
    expect(t.device.snapshot().status.locked).toBe(true);
    expect(t.device.screenName()).toBe('idle'); // the open menu closed
    expect((await t.device.press('5')).handled).toBe(false);
  });

  it('switching the lock on from the web closes an open menu and shows the lock icon', async () => {
    const t = makeDevice();
    await t.device.keys('{menu}3');
    expect(t.device.snapshot().status.locked).toBe(false);
    t.settings.set('lcd.keypadLock', true);
    expect(t.device.screenName()).toBe('idle');
    expect(t.device.snapshot().status.locked).toBe(true);
    // the lock icon is drawn in the status bar (7 px high, before the time)
    const withLock = Buffer.from(t.device.framebuffer().data.subarray(0, 7 * 16));
    t.settings.set('lcd.keypadLock', false);
    const without = Buffer.from(t.device.framebuffer().data.subarray(0, 7 * 16));
    expect(withLock.equals(without)).toBe(false);
  });
});
