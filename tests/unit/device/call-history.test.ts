/**
 * Proves Call history (manual §4 "Dial from a call log", §5 "Using Call Logs"):
 * MENU > Call history > Missed calls / Received calls / Dialed numbers and the
 * Down / Left / Right shortcuts from idle; a record's details; Dial from a
 * record (choosing the number when the caller is a contact with several);
 * Del for one record and DelAll, after a question, for a whole list.
 */
import { describe, expect, it } from 'vitest';
import { makeDevice } from './fake-phone.js';
import { follow } from './menu-driver.js';

function seed(t: ReturnType<typeof makeDevice>): void {
  const now = t.clock.wallTime();
  // the store lists the last added first (records arrive in time order)
  t.db.callHistory.add({ type: 'missed', time: now - 120_000, number: '1010', line: 1 });
  t.db.callHistory.add({ type: 'missed', time: now - 60_000, number: '1009', remoteName: 'Carol', line: 1 });
  t.db.callHistory.add({ type: 'received', time: now - 3 * 86_400_000, number: '1011', remoteName: 'Dan', line: 2, durationS: 75 });
  t.db.callHistory.add({ type: 'dialed', time: now - 30_000, number: '2001', line: 1, durationS: 5 });
}

describe('Call history lists', () => {
  it('MENU > Call history shows the three lists in the manual order', async () => {
    const t = makeDevice();
    await follow(t.device, ['Call history']);
    expect(t.device.snapshot().lines).toEqual(['Call history', '1.Missed calls', '2.Received calls', '3.Dialed numbers']);
  });

  it('Down, Left and Right from idle open Missed, Received and Dialed; newest first, time today or date before', async () => {
    const t = makeDevice();
    seed(t);
    await t.device.press('down');
    expect(t.device.snapshot().lines.slice(0, 3)).toEqual(['Missed calls', 'Carol  09:29', '1010  09:28']);
    expect(t.device.snapshot().softKeys).toEqual(['Dial', 'Del', 'DelAll', 'Back']);
    await t.device.press('menu');
    await t.device.press('left');
    expect(t.device.snapshot().lines.slice(0, 2)).toEqual(['Received calls', 'Dan  31/01']);
    await t.device.press('menu');
    await t.device.press('right');
    expect(t.device.snapshot().lines.slice(0, 2)).toEqual(['Dialed numbers', '2001  09:29']);
  });

  it('an empty list says so and offers only Back', async () => {
    const t = makeDevice();
    await t.device.press('right');
    expect(t.device.snapshot().lines[1]).toBe('(empty)');
    expect(t.device.snapshot().softKeys).toEqual(['', '', '', 'Back']);
  });
});

describe('a record', () => {
  it('OK shows who, the number, when, the line and the talk time; Dial calls back', async () => {
    const t = makeDevice();
    seed(t);
    await t.device.press('left');
    await t.device.press('ok');
    expect(t.device.snapshot().lines).toEqual(['Received calls', 'Dan', '1011', '2026-01-31 09:30']);
    await t.device.press('down');
    expect(t.device.snapshot().lines[3]).toBe('Line 2  01:15');
    await t.device.press('soft1');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('1011');
    expect(t.device.screenName()).toBe('calling');
  });

  it('Dial on a contact with several numbers opens Call options; the one chosen is dialled', async () => {
    const t = makeDevice();
    t.db.contacts.add({ firstName: 'Eve', mobile: '3001', office: '3002' });
    t.db.callHistory.add({ type: 'received', time: t.clock.wallTime(), number: '3002' });
    await t.device.press('left');
    expect(t.device.snapshot().lines[1]).toBe('Eve  09:30');
    await t.device.press('soft1');
    expect(t.device.snapshot().lines.slice(0, 3)).toEqual(['Call options', '3002  NO.2', '3001  NO.1']);
    await t.device.press('down');
    await t.device.press('soft1');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('3001');
    expect(t.device.snapshot().menu).toEqual([]);
  });

  it('Del removes one record; DelAll asks, then empties the list', async () => {
    const t = makeDevice();
    seed(t);
    await t.device.press('down');
    await t.device.press('soft2');
    expect(t.device.snapshot().notice).toBe('Deleted');
    expect(t.db.callHistory.list('missed').map((r) => r.number)).toEqual(['1010']);
    await t.device.press('soft3');
    expect(t.device.snapshot().lines[2]).toBe('Delete all?');
    await t.device.press('c'); // no
    expect(t.db.callHistory.count('missed')).toBe(1);
    await t.device.press('soft3');
    await t.device.press('ok');
    expect(t.db.callHistory.count('missed')).toBe(0);
    expect(t.db.callHistory.count('received')).toBe(1); // only this list
    await t.clock.advanceAsync(2000);
    expect(t.device.snapshot().lines[1]).toBe('(empty)');
  });

  it('Del on the details page removes the record and goes back to the list', async () => {
    const t = makeDevice();
    seed(t);
    await t.device.press('right');
    await t.device.press('ok');
    await t.device.press('soft2');
    expect(t.db.callHistory.count('dialed')).toBe(0);
    expect(t.device.snapshot().menuPath).toEqual(['Menu', 'Call history', 'Dialed numbers']);
  });
});
