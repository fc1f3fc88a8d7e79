/**
 * Proves the menu framework on the main menu of manual §5–6: navigation with
 * Up/Down/OK/C and digits, scrolling, editors that write the settings registry
 * (choice, level, text with multi-tap letters) with the user role, the Advanced
 * setting behind its password running as admin, refused values shown with the
 * registry's reason, and the lists of call history and phone book.
 */
import { describe, expect, it } from 'vitest';
import { makeDevice } from './fake-phone.js';

describe('menu navigation', () => {
  it('MENU > Function setting > DND > All lines > Enable writes call.dnd', async () => {
    const { device, settings } = makeDevice();
    await device.press('menu');
    const main = device.snapshot();
    expect(main.screen).toBe('menu');
    expect(main.lines).toEqual(['Menu', '1.Call history', '2.Phone book', '3.Function setting']);
    expect(main.selected).toBe(1);
    await device.keys('{down}{down}{ok}');
    expect(device.snapshot().menu).toEqual(['Menu', 'Function setting']);
    await device.keys('{down}{ok}');
    expect(device.snapshot().lines[1]).toBe('1.All lines  Off');
    await device.press('ok');
    expect(device.snapshot().lines.slice(0, 3)).toEqual(['All lines', '\u25baEnable'.replace('\u25ba', ' '), '\u25baDisable']);
    await device.press('soft1'); // Save: the cursor starts on the current value (Disable)
    expect(settings.get('call.dnd')).toBe(false);
    await device.keys('{ok}{up}{ok}');
    expect(settings.get('call.dnd')).toBe(true);
    expect(device.snapshot().notice).toBe('Saved');
    expect(device.snapshot().lines[1]).toBe('1.All lines  On');
    expect(device.snapshot().status.dnd).toBe(true);
    expect(device.snapshot().status.lines[0]?.icon).toBe('dnd');
  });

  it('digits open an item directly; C goes back up and closes the menu', async () => {
    const { device } = makeDevice();
    await device.keys('{menu}3');
    expect(device.snapshot().menu).toEqual(['Menu', 'Function setting']);
    await device.press('1');
    expect(device.snapshot().menu.at(-1)).toBe('Auto answer');
    await device.keys('{c}{c}');
    expect(device.snapshot().menu).toEqual(['Menu']);
    await device.press('c');
    expect(device.screenName()).toBe('idle');
  });

  it('lists scroll by the visible rows, with scroll marks', async () => {
    const { device } = makeDevice();
    await device.press('menu');
    for (let i = 0; i < 5; i++) await device.press('down');
    const s = device.snapshot();
    expect(s.lines).toEqual(['Menu', '4.System setting', '5.View status', '6.Diagnose']);
    expect(s.selected).toBe(3);
    await device.press('down'); // wraps to the top
    expect(device.snapshot().lines[1]).toBe('1.Call history');
  });

  it('Auto answer from the menu turns on the status bar "AA"', async () => {
    const { device, settings } = makeDevice();
    await device.keys('{menu}31{up}{ok}');
    expect(settings.get('call.autoAnswer')).toBe(true);
    expect(device.snapshot().status.autoAnswer).toBe(true);
  });

  it('a call ringing in takes the glass from the menu; the menu is there after', async () => {
    const { device, phone } = makeDevice();
    await device.keys('{menu}3');
    phone.addCall();
    expect(device.screenName()).toBe('ringing');
    await device.press('soft4');
    expect(device.screenName()).toBe('menu');
  });
});

describe('volumes (manual §6 "Adjust the volume level")', () => {
  it('Volume setting edits the seven 9-level volumes in the registry', async () => {
    const { device, settings } = makeDevice();
    await device.keys('{menu}41');
    expect(device.snapshot().menu).toEqual(['Menu', 'System setting', 'Phone setting']);
    await device.keys('2'); // Volume setting
    expect(device.snapshot().lines[1]).toBe('1.Ring volume  5');
    await device.keys('{down}{ok}'); // Handset volume
    await device.keys('{right}{right}{right}{right}{right}{right}'); // clamps at 9
    expect(settings.get('audio.volume.handset')).toBe(9);
    await device.keys('{left}');
    expect(settings.get('audio.volume.handset')).toBe(8);
    expect(device.snapshot().lines[3]).toBe('8');
    await device.press('ok');
    expect(device.snapshot().lines[2]).toBe('2.Handset volume  8');
  });

  it('Up from idle opens the ring volume; Volume +/- in a call change the path volume', async () => {
    const { device, phone, settings } = makeDevice();
    await device.press('up');
    expect(device.snapshot().menu.at(-1)).toBe('Ring volume');
    await device.press('up');
    expect(settings.get('audio.volume.ring')).toBe(6);
    await device.press('menu');
    phone.addCall();
    await device.press('hookOff');
    await device.press('volDown');
    expect(settings.get('audio.volume.handset')).toBe(4);
    expect(device.snapshot().notice).toBe('Volume: 4');
  });

  it('Ring type offers Ring1..Ring10 and previews while choosing', async () => {
    const { device, settings } = makeDevice();
    await device.keys('{menu}411');
    expect(device.snapshot().menu.at(-1)).toBe('Ring type');
    await device.press('down');
    expect(device.audio.state().ringTone).toBe('Ring2');
    await device.press('ok');
    expect(settings.get('audio.ringType')).toBe('Ring2');
    expect(device.audio.state().ringTone).toBe('Ring2');
  });
});

describe('Advanced setting behind its password (manual §6)', () => {
  it('the empty default password opens it, and it edits admin settings', async () => {
    const { device, settings, clock } = makeDevice();
    await device.keys('{menu}42');
    expect(device.snapshot().lines[1]).toBe('Password:');
    await device.press('ok');
    expect(device.snapshot().menu).toEqual(['Menu', 'System setting', 'Advanced setting']);
    await device.keys('111'); // SIP > Account sip > Account 1
    expect(device.snapshot().menu.at(-1)).toBe('Account 1');
    expect(device.snapshot().lines[1]).toBe('1.Enable account  Off');
    await device.keys('{ok}{up}{ok}');
    // manual §6: the account's fields are kept until "Submit changes"
    expect(device.snapshot().lines[1]).toBe('1.Enable account  On');
    expect(settings.get('account.1.enabled')).toBe(false);
    await clock.advanceAsync(2000); // the "Saved" notice goes
    await device.keys('{up}'); // wraps to the last item
    expect(device.snapshot().lines[3]).toBe('10.Submit changes');
    await device.press('ok');
    expect(settings.get('account.1.enabled')).toBe(true);
  });

  it('a wrong password is refused; the right one works', async () => {
    const { device, settings } = makeDevice();
    settings.set('lcd.password', '4321');
    await device.keys('{menu}42');
    await device.keys('1234{ok}');
    expect(device.snapshot().notice).toBe('Wrong password');
    expect(device.snapshot().menu.at(-1)).toBe('Advanced setting');
    expect(device.snapshot().lines[1]).toBe('Password:');
    await device.keys('4321{ok}');
    expect(device.snapshot().lines[1]).toBe('1.SIP');
    await device.press('c');
    expect(device.snapshot().menu).toEqual(['Menu', 'System setting']);
  });

  it('a server typed on the keypad is validated by the registry', async () => {
    const { device, settings } = makeDevice();
    await device.keys('{menu}42{ok}111');
    // Account 1 > SIP Server (the 8th field with an LCD path)
    const items = device.snapshot();
    expect(items.menu.at(-1)).toBe('Account 1');
    const serverIndex = settings.registry.list().filter((d) => d.menu?.endsWith('Account sip') && d.key.startsWith('account.1.')).findIndex((d) => d.key === 'account.1.server');
    for (let i = 0; i < serverIndex; i++) await device.press('down');
    await device.press('ok');
    expect(device.snapshot().lines[0]).toBe('SIP1'); // the manual's label for the primary server
    await device.keys('127*0*0*1{ok}');
    await device.keys('{down}{down}{down}{ok}'); // Submit changes, the last item
    expect(settings.get('account.1.server')).toBe('127.0.0.1');
  });
});

describe('text entry (multi-tap)', () => {
  it('types a name with letters, changes case, and saves it', async () => {
    const { device, settings, clock } = makeDevice();
    await device.keys('{menu}42{ok}111');
    const idx = settings.registry.list().filter((d) => d.menu?.endsWith('Account sip') && d.key.startsWith('account.1.')).findIndex((d) => d.key === 'account.1.displayName');
    for (let i = 0; i < idx; i++) await device.press('down');
    await device.press('ok');
    expect(device.snapshot().softKeys).toEqual(['Save', 'abc', 'Del', 'Back']);
    await device.press('soft2'); // ABC
    await device.keys('44');
    clock.advance(1500);
    await device.press('soft2'); // 123
    await device.press('soft2'); // abc
    await device.keys('444');
    expect(device.snapshot().lines[1]).toBe('Hi');
    await device.press('0'); // another key commits: a space
    await device.press('soft3'); // Del
    await device.press('ok');
    await device.keys('{up}{up}{ok}'); // Submit changes
    expect(settings.get('account.1.displayName')).toBe('Hi');
  });

  it('a value the registry refuses keeps the page and shows its reason', async () => {
    const { device, settings } = makeDevice();
    // VoIP call forwarding > Unconditional transfer > Number: a number (NUMBER_PATTERN has no spaces)
    await device.keys('{menu}351{down}{ok}');
    expect(device.snapshot().lines[0]).toBe('Number');
    await device.keys('12');
    await device.press('soft2'); // abc
    await device.press('0'); // a space
    await device.press('ok');
    expect(settings.get('call.forwardAlwaysNumber')).toBe('');
    expect(device.snapshot().menu.at(-1)).toBe('Number');
    expect(device.snapshot().notice).toMatch(/pattern|match|allowed|invalid/i);
    await device.press('soft3'); // Del the space
    await device.press('ok');
    expect(settings.get('call.forwardAlwaysNumber')).toBe('12');
    expect(device.snapshot().notice).toBe('Saved');
  });
});

describe('lists from the database', () => {
  it('Missed calls lists the history, Dial calls the number, opening marks them viewed', async () => {
    const { device, phone, db, clock } = makeDevice();
    db.callHistory.add({ type: 'missed', time: clock.wallTime() - 60_000, number: '1009', remoteName: 'Carol' });
    await device.press('down');
    expect(device.snapshot().lines[1]).toBe('Carol  09:29');
    expect(db.callHistory.unviewedCount('missed')).toBe(0);
    await device.press('soft1');
    expect(phone.commands('dial')[0]?.args[0]).toBe('1009');
    expect(device.snapshot().menu).toEqual([]);
  });

  it('the personal phone book names callers and offers fuzzy matches while dialling', async () => {
    const { device, phone, db, settings } = makeDevice();
    db.contacts.add({ displayName: 'Dave', office: '2001' });
    settings.set('call.fuzzySearch', true);
    phone.addCall({ remote: 'sip:2001@pbx', remoteName: undefined });
    expect(device.snapshot().lines[1]).toBe('Dave');
    await device.press('soft4');
    await device.keys('20');
    expect(device.snapshot().lines[2]).toBe('Dave  2001');
    await device.keys('{down}{ok}');
    expect(phone.commands('dial')[0]?.args[0]).toBe('2001');
  });
});
