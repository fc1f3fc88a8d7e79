/**
 * Proves the screen state machine of manual §4 on a fake phone and a virtual
 * clock: keys become phone commands (dial, answer, reject, hold, transfer,
 * conference, DTMF), phone events move the screen, and the number typed goes
 * out with the send key, the 5 s dial timeout (registry dialplan.timeout) or
 * the Send soft key; with the phone's own pre-dial (issue #4) keys go to it.
 */
import { describe, expect, it } from 'vitest';
import { FakePredialPhone, makeDevice } from './fake-phone.js';

describe('dialing (manual §4 "Placing a Call")', () => {
  it('1002# dials 1002 and shows the calling screen', async () => {
    const { device, phone } = makeDevice();
    await device.keys('1002');
    expect(device.screenName()).toBe('dialing');
    expect(device.snapshot().lines[1]).toBe('1002');
    expect(device.snapshot().softKeys).toEqual(['Send', 'Del', '', 'Cancel']);
    await device.press('#');
    expect(phone.commands('dial')).toEqual([{ cmd: 'dial', args: ['1002', {}] }]);
    expect(device.screenName()).toBe('calling');
    expect(device.snapshot().lines[0]).toBe('1002');
    expect(device.snapshot().lines[2]).toBe('Calling...');
    expect(device.snapshot().softKeys[3]).toBe('End');
  });

  it('sends by itself 5 s after the last key (dialplan.timeout), not before', async () => {
    const { device, phone, clock } = makeDevice();
    await device.keys('42');
    await clock.advanceAsync(4900);
    expect(phone.commands('dial')).toHaveLength(0);
    await device.press('3'); // a key restarts the wait
    await clock.advanceAsync(4900);
    expect(phone.commands('dial')).toHaveLength(0);
    await clock.advanceAsync(200);
    expect(phone.commands('dial')[0]?.args[0]).toBe('423');
  });

  it('follows a changed dial timeout and send key from the registry', async () => {
    const { device, phone, clock, settings } = makeDevice();
    settings.setMany({ 'dialplan.timeout': 2, 'dialplan.sendKey': 'star' });
    await device.keys('77#');
    expect(device.snapshot().lines[1]).toBe('77#');
    await clock.advanceAsync(1999);
    expect(phone.commands('dial')).toHaveLength(0);
    await clock.advanceAsync(1);
    expect(phone.commands('dial')[0]?.args[0]).toBe('77#');
    const first = [...phone.callMap.values()][0]!;
    phone.move(first.id, 'ended', { endReason: 'local hangup' });
    await device.keys('88*');
    expect(phone.commands('dial')[1]?.args[0]).toBe('88');
  });

  it('C erases the last digit, a long C and Cancel give up; nothing is dialled', async () => {
    const { device, phone, clock } = makeDevice();
    await device.keys('123');
    await device.press('c');
    expect(device.snapshot().lines[1]).toBe('12');
    await device.press('c', { holdMs: 1500 });
    expect(device.screenName()).toBe('idle');
    await device.keys('9');
    await device.press('soft4');
    expect(device.screenName()).toBe('idle');
    await clock.advanceAsync(10_000);
    expect(phone.commands('dial')).toHaveLength(0);
  });

  it('the Send soft key sends at once', async () => {
    const { device, phone } = makeDevice();
    await device.keys('555');
    await device.press('soft1');
    expect(phone.commands('dial')[0]?.args[0]).toBe('555');
  });

  it('with the phone keeping the pre-dial, keys go to it and the LCD shows its buffer', async () => {
    const { device, phone } = makeDevice({ makePhone: (clock) => new FakePredialPhone('ES330', () => clock.wallTime()) });
    await device.keys('10');
    expect(device.screenName()).toBe('dialing');
    expect(device.snapshot().lines[1]).toBe('10');
    await device.press('c');
    expect(device.snapshot().lines[1]).toBe('1');
    await device.keys('002#');
    // C: the phone has no backspace command, so the face clears and types the rest again
    expect(phone.commands('predial').map((c) => c.args[0])).toEqual(['1', '0', '1', '0', '0', '2', '#']);
    expect(phone.commands('clearPredial')).toHaveLength(1);
    expect(phone.commands('dial')[0]?.args[0]).toBe('1002');
    expect(device.screenName()).toBe('calling');
  });
});

describe('incoming calls', () => {
  it('a call ringing in shows the ringing screen with Ans; Ans answers', async () => {
    const { device, phone } = makeDevice();
    const call = phone.addCall({ remoteName: 'Alice', remote: 'sip:1008@pbx' });
    expect(device.screenName()).toBe('ringing');
    const snap = device.snapshot();
    expect(snap.lines.slice(0, 3)).toEqual(['Incoming call', 'Alice', '1008']);
    expect(snap.softKeys).toEqual(['Ans', '', '', 'Rej']);
    expect(snap.audio.ringing).toBe(true);
    await device.press('soft1');
    expect(phone.commands('answer')).toEqual([{ cmd: 'answer', args: [call.id] }]);
    expect(device.screenName()).toBe('talking');
    expect(device.snapshot().softKeys).toEqual(['Hold', 'XFER', 'CONF', 'End']);
    expect(device.snapshot().audio.path).toBe('speaker');
  });

  it('Rej rejects; lifting the handset answers', async () => {
    const { device, phone } = makeDevice();
    const a = phone.addCall();
    await device.press('soft4');
    expect(phone.commands('reject')[0]?.args[0]).toBe(a.id);
    expect(device.screenName()).toBe('idle');
    const b = phone.addCall();
    await device.press('hookOff');
    expect(phone.commands('answer')[0]?.args[0]).toBe(b.id);
    expect(device.snapshot().audio.path).toBe('handset');
  });

  it('a second call during a call is call waiting; Ans takes it and the first waits on hold', async () => {
    const { device, phone } = makeDevice();
    const a = phone.addCall();
    await device.press('soft1');
    const b = phone.addCall({ remoteName: 'Bob', remote: 'sip:1009@pbx' });
    expect(device.screenName()).toBe('callWaiting');
    expect(device.snapshot().lines.slice(0, 2)).toEqual(['Call waiting', 'Bob']);
    expect(device.snapshot().audio.tone).toBe('callWaiting');
    await device.press('soft1');
    expect(phone.callMap.get(a.id)?.state).toBe('held');
    expect(phone.callMap.get(b.id)?.state).toBe('connected');
    expect(device.screenName()).toBe('talking');
  });
});

describe('in a call (manual §4)', () => {
  it('shows the talk timer, sends DTMF, holds and resumes, ends', async () => {
    const { device, phone, clock } = makeDevice();
    const call = phone.addCall();
    await device.press('ok');
    await clock.advanceAsync(65_000);
    expect(device.snapshot().lines[2]).toBe('Talking  01:05');
    await device.press('5');
    expect(phone.commands('sendDtmf')).toEqual([{ cmd: 'sendDtmf', args: [call.id, '5'] }]);
    await device.press('soft1');
    expect(device.screenName()).toBe('held');
    expect(device.snapshot().softKeys[0]).toBe('Resume');
    await device.press('soft1');
    expect(phone.commands('resume')).toHaveLength(1);
    expect(device.screenName()).toBe('talking');
    await device.press('soft4');
    expect(phone.commands('hangup')[0]?.args[0]).toBe(call.id);
    expect(device.screenName()).toBe('idle');
  });

  it('blind transfer: XFER, Blind, number, # → transfer to the number', async () => {
    const { device, phone } = makeDevice();
    const call = phone.addCall();
    await device.press('soft1');
    await device.press('soft2');
    expect(device.screenName()).toBe('transfer');
    await device.press('soft2');
    expect(device.snapshot().lines[0]).toBe('Blind transfer to:');
    await device.keys('2001#');
    expect(phone.commands('transfer')).toEqual([{ cmd: 'transfer', args: [call.id, { to: '2001' }] }]);
    expect(device.snapshot().notice).toBe('Transferred');
  });

  it('consult transfer: XFER, number, # calls the target; XFER again transfers with it', async () => {
    const { device, phone } = makeDevice();
    const a = phone.addCall();
    await device.press('soft1');
    await device.press('transfer'); // the TRANSFER key does what XFER does
    await device.keys('2002#');
    const consult = phone.commands('dial')[0];
    expect(consult?.args[0]).toBe('2002');
    const b = [...phone.callMap.values()].find((c) => c.direction === 'outgoing')!;
    phone.move(b.id, 'connected');
    expect(device.screenName()).toBe('talking');
    await device.press('soft2');
    expect(phone.commands('transfer')).toEqual([{ cmd: 'transfer', args: [a.id, { withCall: b.id }] }]);
  });

  it('3-way conference: CONF, number, #, then CONF joins the two', async () => {
    const { device, phone } = makeDevice();
    const a = phone.addCall();
    await device.press('soft1');
    await device.press('soft3');
    expect(device.screenName()).toBe('dialing');
    expect(device.snapshot().lines[0]).toBe('Conference with:');
    await device.keys('3003#');
    const b = [...phone.callMap.values()].find((c) => c.direction === 'outgoing')!;
    phone.move(b.id, 'connected');
    await device.press('soft3');
    expect(phone.commands('conference')).toEqual([{ cmd: 'conference', args: [a.id, b.id] }]);
    expect(device.screenName()).toBe('conference');
    expect(device.snapshot().lines[0]).toBe('Conference');
  });

  it('a failed command shows a notice and the screen stays', async () => {
    const { device, phone } = makeDevice();
    phone.addCall();
    phone.answer = async () => {
      throw new Error('boom');
    };
    const r = await device.press('soft1');
    expect(r.notice).toBe('Answer failed');
    expect(device.screenName()).toBe('ringing');
  });

  it('a remote hang-up returns to idle and says why', async () => {
    const { device, phone } = makeDevice();
    const c = await phone.dial('1002');
    phone.move(c.id, 'ended', { endReason: '486 Busy Here' });
    expect(device.screenName()).toBe('idle');
    expect(device.snapshot().notice).toBe('486 Busy Here');
  });
});

describe('keys from idle (manual §3 item 18)', () => {
  it('Down opens Missed calls, Left Received, Right Dialed; OK the main menu', async () => {
    const { device } = makeDevice();
    await device.press('down');
    expect(device.snapshot().menu).toEqual(['Menu', 'Call history', 'Missed calls']);
    await device.press('menu');
    await device.press('left');
    expect(device.snapshot().menu.at(-1)).toBe('Received calls');
    await device.press('menu');
    await device.press('right');
    expect(device.snapshot().menu.at(-1)).toBe('Dialed numbers');
    await device.press('menu');
    await device.press('ok');
    expect(device.snapshot().menu).toEqual(['Menu']);
  });

  it('a key the model lacks is refused (line3 on the ES320)', async () => {
    const { device } = makeDevice({ model: 'ES320' });
    const r = await device.press('line3');
    expect(r.handled).toBe(false);
  });
});
