/**
 * Proves every settings path of the manual's §4 and §6 on the LCD, key by key
 * from idle to the value changing in the settings registry (the one the web UI
 * writes): "Press MENU or OK button > Function setting > Auto answer > Enable",
 * DND per line, Time & date (SNTP, SIP server, manual), VoIP call forwarding
 * (unconditional / busy / no answer + numbers), Expansion installation on the
 * ES330, System setting > Phone setting (ring type with preview, the seven
 * volumes, language), Advanced setting behind its password (SIP account with
 * "Submit changes", network, keypad lock, load default settings, reboot), View
 * status and Diagnose. Labels and their order are the manual's.
 */
import { describe, expect, it } from 'vitest';
import { keyLayout } from '../../../src/config/index.js';
import { makeDevice } from './fake-phone.js';
import { choose, follow } from './menu-driver.js';

describe('the main menu (manual §4–6)', () => {
  it('MENU and OK both open it, in the manual order', async () => {
    for (const first of ['menu', 'ok'] as const) {
      const { device } = makeDevice();
      await device.press(first);
      const items: string[] = [];
      for (let i = 0; i < 6; i++) {
        const s = device.snapshot();
        items.push(s.lines[s.selected!]!);
        await device.press('down');
      }
      expect(items).toEqual(['1.Call history', '2.Phone book', '3.Function setting', '4.System setting', '5.View status', '6.Diagnose']);
    }
  });

  it('Function setting lists Auto answer, DND, Expansion installation (ES330 only), Time & date, VoIP call forwarding', async () => {
    const labels = async (model: 'ES320' | 'ES330'): Promise<string[]> => {
      const { device } = makeDevice({ model });
      await follow(device, ['Function setting']);
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const s = device.snapshot();
        const line = s.lines[s.selected!]!.replace(/^\d+\./, '').split('  ')[0]!;
        if (out.includes(line)) break;
        out.push(line);
        await device.press('down');
      }
      return out;
    };
    expect(await labels('ES330')).toEqual(['Auto answer', 'DND', 'Expansion installation', 'Time & date', 'VoIP call forwarding']);
    expect(await labels('ES320')).toEqual(['Auto answer', 'DND', 'Time & date', 'VoIP call forwarding']);
  });
});

describe('Function setting (manual §4)', () => {
  it('"Press MENU or OK button > Function setting > Auto answer; Select Enable"', async () => {
    for (const first of ['menu', 'ok'] as const) {
      const { device, settings } = makeDevice();
      await follow(device, ['Function setting', 'Auto answer', 'Enable'], { first });
      expect(settings.get('call.autoAnswer')).toBe(true);
      expect(device.snapshot().menuPath).toEqual(['Menu', 'Function setting']);
      expect(device.snapshot().lines[1]).toBe('1.Auto answer  On');
      expect(device.snapshot().status.autoAnswer).toBe(true);
    }
  });

  it('"> DND > (select line) Enable" and "Disable"', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['Function setting', 'DND', 'Line 2', 'Enable'], { clock });
    expect(settings.get('account.2.dnd')).toBe(true);
    expect(settings.get('account.1.dnd')).toBe(false);
    await choose(device, 'Line 2', clock);
    await choose(device, 'Disable', clock);
    expect(settings.get('account.2.dnd')).toBe(false);
  });

  it('Time & date: SNTP (status, server, time zone, daylight), SIP server, manual setting, formats', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['Function setting', 'Time & date', 'SNTP', 'Server'], { clock });
    await device.press('c', { holdMs: 1500 }); // clear "pool.ntp.org"
    await device.keys('127*0*0*1{ok}');
    expect(settings.get('time.sntpServer')).toBe('127.0.0.1');
    await choose(device, 'Time zone', clock);
    await choose(device, 'GMT+08:00 Beijing', clock, 130); // the whole Escene list (119 zones) by offset
    expect(settings.get('time.zone')).toBe(20);
    await choose(device, 'Daylight saving', clock);
    await choose(device, 'Enable', clock);
    expect(settings.get('time.dst')).toBe(true);
    await device.press('c');
    await choose(device, 'SIP server', clock);
    await choose(device, 'Status', clock);
    await choose(device, 'Enable', clock);
    expect(settings.get('time.sipServerTime')).toBe(true);
    await device.press('c');
    await choose(device, 'Manual setting', clock);
    await choose(device, 'Enable', clock);
    expect(settings.get('time.sntpEnabled')).toBe(false);
    expect(settings.get('time.sipServerTime')).toBe(false);
    await device.press('c');
    await choose(device, 'Time format', clock);
    await choose(device, '12 hour', clock);
    expect(settings.get('time.timeFormat')).toBe('12h');
    expect(device.snapshot().status.time).toMatch(/(AM|PM)$/i);
  });

  it('VoIP call forwarding: unconditional, busy and no answer transfer, each enabled with its number', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['Function setting', 'VoIP call forwarding', 'Unconditional transfer', 'Status', 'Enable'], { clock });
    await choose(device, 'Number', clock);
    await device.keys('2000{ok}');
    expect(settings.get('call.forwardAlways')).toBe(true);
    expect(settings.get('call.forwardAlwaysNumber')).toBe('2000');
    await device.press('c');
    await choose(device, 'Busy transfer', clock);
    await choose(device, 'Status', clock);
    await choose(device, 'Enable', clock);
    await choose(device, 'Number', clock);
    await device.keys('2001{ok}');
    expect(settings.get('call.forwardBusy')).toBe(true);
    expect(settings.get('call.forwardBusyNumber')).toBe('2001');
    await device.press('c');
    await choose(device, 'No answer transfer', clock);
    await choose(device, 'Number', clock);
    await device.keys('2002{ok}');
    await choose(device, 'Ring times', clock);
    await device.press('c', { holdMs: 1500 });
    await device.keys('3{ok}');
    await choose(device, 'Status', clock);
    await choose(device, 'Enable', clock);
    expect(settings.get('call.forwardNoAnswer')).toBe(true);
    expect(settings.get('call.forwardNoAnswerNumber')).toBe('2002');
    expect(settings.get('call.forwardNoAnswerRings')).toBe(3);
  });

  it('Expansion installation (ES330): install a module with Finish, then set a key: Mode, Account, Name, Number', async () => {
    const { device, settings, db, clock } = makeDevice({ model: 'ES330' });
    await follow(device, ['Function setting', 'Expansion installation'], { clock });
    expect(device.snapshot().lines[1]).toBe('Password:'); // the module count is an administrator's setting
    await device.press('ok');
    await choose(device, 'Install expansion', clock);
    expect(device.snapshot().lines.slice(1, 3)).toEqual(['Plug module into EXT', 'then press Finish']);
    expect(device.snapshot().softKeys[0]).toBe('Finish');
    await device.press('soft1');
    expect(settings.get('expansion.modules')).toBe(1);
    await device.press('c');
    await choose(device, 'Expansion 1', clock);
    await device.press('ok'); // key 1
    expect(device.snapshot().menuPath?.at(-1)).toBe('Key 1');
    await choose(device, 'Mode', clock);
    await choose(device, 'Asterisk BLF', clock);
    await choose(device, 'Account', clock);
    await choose(device, 'Line 1', clock);
    await choose(device, 'Number', clock);
    await device.keys('3001{ok}');
    await device.press('soft1'); // Save
    const keys = keyLayout(db, 3).expansion[0]!;
    expect(keys).toEqual([expect.objectContaining({ id: 0, type: 'blf', account: 1, number: '3001' })]);
    expect(device.snapshot().lines[1]).toMatch(/^1\.Asterisk BLF\s+3001$/);
  });
});

describe('System setting > Phone setting (manual §6 "Customizing Rings and Volume")', () => {
  it('Ring type rings at once, navigation previews, OK sets; Back cancels', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['System setting', 'Phone setting', 'Ring type'], { clock });
    expect(device.audio.state().ringTone).toBe('Ring1'); // "It will auto ringing"
    await device.keys('{down}{down}');
    expect(device.audio.state().ringTone).toBe('Ring3');
    await device.press('soft4'); // cancel
    expect(settings.get('audio.ringType')).toBe('Ring1');
    expect(device.audio.state().ringTone).toBe('Ring1');
    await choose(device, 'Ring type', clock);
    await choose(device, 'Ring3', clock);
    expect(settings.get('audio.ringType')).toBe('Ring3');
  });

  it('Volume setting: the seven kinds, in the manual order, each on 9 levels', async () => {
    const { device, settings, clock } = makeDevice();
    const kinds: Array<[string, string]> = [
      ['Ring volume', 'ring'],
      ['Handset volume', 'handset'],
      ['Handset mic volume', 'handsetMic'],
      ['Speaker volume', 'speaker'],
      ['Speaker mic volume', 'speakerMic'],
      ['Headset volume', 'headset'],
      ['Headset mic volume', 'headsetMic'],
    ];
    await follow(device, ['System setting', 'Phone setting', 'Volume setting'], { clock });
    for (const [i, [label, key]] of kinds.entries()) {
      await choose(device, label, clock);
      await device.press(String(i + 1) as '1');
      expect(device.snapshot().lines[2]).toBe(`- ${'#'.repeat(i + 1)}${'-'.repeat(8 - i)} +`);
      await device.press('ok');
      expect(settings.get(`audio.volume.${key}`)).toBe(i + 1);
    }
  });

  it('Language offers the manual\'s eight languages in their own words', async () => {
    const { device, clock } = makeDevice();
    await follow(device, ['System setting', 'Phone setting', 'Language'], { clock });
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const s = device.snapshot();
      seen.push(s.lines[s.selected!]!.slice(1));
      await device.press('down');
    }
    expect(seen.sort()).toEqual(['English', 'Español', 'Français', 'Italiano', 'Polski', 'Português', 'Türkçe', '中文'].sort());
  });
});

describe('Advanced setting behind its password (manual §6)', () => {
  it('SIP > Account sip > Account 2: the manual\'s fields; Submit changes writes them together', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['System setting', 'Advanced setting'], { clock });
    await device.press('ok'); // "The default is empty"
    await choose(device, 'SIP', clock);
    await choose(device, 'Account sip', clock);
    await choose(device, 'Account 2', clock);
    const labels: string[] = [];
    for (let i = 0; i < 10; i++) {
      const s = device.snapshot();
      labels.push(s.lines[s.selected!]!.replace(/^\d+\./, '').split('  ')[0]!);
      await device.press('down');
    }
    expect(labels).toEqual(['Enable account', 'Display Name', 'User Name', 'Authen usr', 'User pwd', 'Description', 'SIP1', 'SIP2', 'Refresh time', 'Submit changes']);
    let changes = 0;
    settings.events.on('changed', () => changes++);
    await choose(device, 'User Name', clock);
    await device.keys('1010{ok}');
    await choose(device, 'User pwd', clock);
    await device.keys('4321{ok}');
    await choose(device, 'SIP1', clock);
    await device.keys('127*0*0*1{ok}');
    await choose(device, 'Enable account', clock);
    await choose(device, 'Enable', clock);
    expect(settings.get('account.2.user')).toBe('');
    await choose(device, 'Submit changes', clock);
    expect(changes).toBe(1); // one write: the line registers once, with everything
    expect(settings.get('account.2.user')).toBe('1010');
    expect(settings.get('account.2.password')).toBe('4321');
    expect(settings.get('account.2.server')).toBe('127.0.0.1');
    expect(settings.get('account.2.enabled')).toBe(true);
  });

  it('leaving an account without Submit changes keeps the registry as it was', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['System setting', 'Advanced setting'], { clock });
    await device.press('ok');
    await device.keys('111'); // SIP > Account sip > Account 1
    await choose(device, 'Refresh time', clock);
    await device.press('c', { holdMs: 1500 });
    await device.keys('60{ok}');
    expect(device.snapshot().lines.some((l) => l.endsWith('60'))).toBe(true);
    await device.press('c');
    expect(device.snapshot().notice).toBe('Changes not submitted');
    expect(settings.get('account.1.registerExpires')).toBe(3600);
  });

  it('Network: Type static IP or DHCP, IP, Mask, GW, DNS1, DNS2, Web port, Telnet port', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['System setting', 'Advanced setting'], { clock });
    await device.press('ok');
    await choose(device, 'Network', clock);
    await choose(device, 'Type', clock);
    expect(device.snapshot().lines.slice(1, 3)).toEqual([' Static IP', '\u25baDHCP']);
    await choose(device, 'Static IP', clock);
    expect(settings.get('network.mode')).toBe('static');
    for (const [label, key, typed, value] of [
      ['IP', 'network.ipAddress', '127*0*0*5', '127.0.0.5'],
      ['Mask', 'network.subnetMask', '255*0*0*0', '255.0.0.0'],
      ['GW', 'network.gateway', '127*0*0*1', '127.0.0.1'],
      ['DNS1', 'network.dns1', '127*0*0*53', '127.0.0.53'],
      ['DNS2', 'network.dns2', '127*0*0*54', '127.0.0.54'],
    ] as const) {
      await choose(device, label, clock);
      await device.keys(`${typed}{ok}`);
      expect(settings.get(key)).toBe(value);
    }
    await choose(device, 'Web port', clock);
    await device.press('c', { holdMs: 1500 });
    await device.keys('88{ok}');
    expect(settings.get('web.port')).toBe(88);
    await choose(device, 'Telnet port', clock);
    await device.press('c', { holdMs: 1500 });
    await device.keys('2003{ok}');
    expect(settings.get('telnet.port')).toBe(2003);
  });

  it('Load default settings asks, then resets the registry; Reboot asks, then reboots', async () => {
    let reboots = 0;
    const { device, settings, clock } = makeDevice({ reboot: () => reboots++ });
    settings.setMany({ 'call.autoAnswer': true, 'audio.volume.ring': 9 });
    await follow(device, ['System setting', 'Advanced setting'], { clock });
    await device.press('ok');
    await choose(device, 'Load default settings', clock);
    expect(device.snapshot().lines[2]).toBe('Load defaults?');
    await device.press('ok');
    expect(settings.get('call.autoAnswer')).toBe(false);
    expect(settings.get('audio.volume.ring')).toBe(5);
    expect(device.snapshot().notice).toBe('Defaults set: reboot');
    await choose(device, 'Reboot', clock);
    await device.press('c'); // "Reboot the phone?" — no
    expect(reboots).toBe(0);
    await choose(device, 'Reboot', clock);
    await device.press('ok');
    expect(reboots).toBe(1);
  });

  it('a user-role page cannot write an administrator key; the password page runs as admin', async () => {
    const { device, settings, clock } = makeDevice();
    settings.set('lcd.password', '99');
    await follow(device, ['System setting', 'Advanced setting'], { clock });
    await device.keys('98{ok}');
    expect(device.snapshot().notice).toBe('Wrong password');
    await device.keys('99{ok}');
    await choose(device, 'Keypad lock', clock);
    await choose(device, 'Lock mode', clock);
    await choose(device, 'All keys', clock);
    expect(settings.get('lcd.keypadLockMode')).toBe('all');
  });
});

describe('View status and Diagnose (manual §6)', () => {
  it('Network, Lines, Software (model, versions, upgrade date, running time), Expansion', async () => {
    const { device, clock } = makeDevice();
    await follow(device, ['View status', 'Network'], { clock });
    expect(device.snapshot().lines[1]).toBe('Type  DHCP');
    await device.press('c');
    await choose(device, 'Lines', clock);
    expect(device.snapshot().lines.slice(1, 3)).toEqual(['Line 1  1007', ' Registered']);
    await device.press('c');
    await choose(device, 'Software', clock);
    expect(device.snapshot().lines[1]).toBe('Model  ES330');
    await device.keys('{down}{down}{down}');
    expect(device.snapshot().lines[3]).toMatch(/^Running {2}\d/);
    await device.press('c');
    await choose(device, 'Expansion', clock);
    expect(device.snapshot().lines[1]).toBe('Modules: 0');
  });

  it('Keys shows the key pressed; LCD draws patterns; Lights drives every LED; Sound plays the ring', async () => {
    const { device, clock } = makeDevice();
    await follow(device, ['Diagnose', 'Keys'], { clock });
    await device.press('hold');
    expect(device.snapshot().lines[2]).toBe('Key: hold');
    await device.keys('{c}{c}');
    await choose(device, 'LCD', clock);
    await device.press('ok');
    expect(device.framebuffer().data.every((b) => b === 0xff)).toBe(true); // all on
    await device.press('c');
    await choose(device, 'Lights', clock);
    await device.press('ok');
    expect(device.leds.all().every((l) => l.color === 'red')).toBe(true);
    await device.press('c');
    expect(device.leds.all().some((l) => l.color === 'red')).toBe(false);
    await choose(device, 'Sound', clock);
    await device.press('ok');
    expect(device.snapshot().lines[2]).toBe('Playing Ring1');
  });
});
