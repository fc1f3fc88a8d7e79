/**
 * Text messages on the LCD: the idle screen counts new ones, a new one says
 * who sent it, a function key set to SMS opens the list (marking them read),
 * OK shows the whole text wrapped to the glass, Del deletes.
 */
import { describe, expect, it } from 'vitest';
import { importKeys, type TextMessage } from '../../../src/config/index.js';
import { wrapForLcd } from '../../../src/device/menu/text-message-pages.js';
import { FakePhone, makeDevice } from './fake-phone.js';

class TextingPhone extends FakePhone {
  readonly sent: Array<{ to: string; text: string }> = [];
  async sendTextMessage(to: string, text: string): Promise<TextMessage> {
    this.sent.push({ to, text });
    return { id: 1, direction: 'out', time: 0, line: 1, remoteUri: '', remoteName: '', number: to, body: text, status: 'sent', read: true };
  }
}

const SMS_ON_SOFT1 = '<all><ProgramKeys><ProgramKey id="0" SipAccounts="127" Type="13" Num="" Name="SMS"/></ProgramKeys></all>';

describe('text messages on the LCD', () => {
  it('a new one is announced and counted on the idle screen; the SMS key opens the list and reads them', async () => {
    const { device, phone, db, clock } = makeDevice();
    importKeys(db, SMS_ON_SOFT1, { accountCount: 3 });
    const m = db.textMessages.add({ direction: 'in', time: clock.wallTime(), line: 1, number: '1010', remoteName: 'Reception', body: 'Lunch at 12? The usual place, bring the slides please' });
    phone.unreadTextMessages = 1;
    phone.events.emit('textMessage', m);
    phone.events.emit('unreadTextMessages', { count: 1 });
    expect(device.snapshot().notice).toBe('Message from Reception');
    await clock.advanceAsync(2500);
    expect(device.snapshot().lines[1]).toBe('1 New Message');

    await device.press('soft1');
    expect(device.snapshot().menuPath).toEqual(['Text messages']);
    expect(db.textMessages.unreadCount()).toBe(0);
    expect(device.snapshot().lines[1]).toContain('Reception');
    await device.press('ok');
    const shown = device.snapshot().lines;
    expect(shown[1]).toBe('Reception');
    expect(shown[3]).toBe('Lunch at 12? The');

    await device.press('soft2'); // Del
    expect(db.textMessages.list()).toHaveLength(0);
    expect(device.snapshot().notice).toBe('Deleted');
  });

  it('New message: To, then the text with multi-tap letters, Send; Reply fills in the sender', async () => {
    const t = makeDevice({ makePhone: (clock) => new TextingPhone('ES330', () => clock.wallTime()) });
    const phone = t.phone as TextingPhone;
    importKeys(t.db, SMS_ON_SOFT1, { accountCount: 3 });
    await t.device.press('soft1');
    await t.device.press('soft3'); // New
    expect(t.device.snapshot().menuPath).toEqual(['Text messages', 'New message']);
    await t.device.keys('1002');
    await t.device.press('ok');
    // h = 4 twice; the pause commits it; i = 4 three times
    await t.device.keys('44');
    await t.clock.advanceAsync(1100);
    await t.device.keys('444');
    expect(t.device.snapshot().lines[2]).toBe('hi');
    await t.device.press('soft1'); // Send
    expect(phone.sent).toEqual([{ to: '1002', text: 'hi' }]);
    expect(t.device.snapshot().notice).toBe('Sent');
    expect(t.device.snapshot().menuPath).toEqual(['Text messages']);

    const m = t.db.textMessages.add({ direction: 'in', time: t.clock.wallTime(), line: 1, number: '1010', body: 'ping' });
    t.phone.events.emit('textMessage', m);
    await t.clock.advanceAsync(2500);
    await t.device.press('soft1'); // Reply to the newest
    expect(t.device.snapshot().lines[2]).toBe('1010');
  });

  it('wraps a text at spaces, keeps its line breaks, and counts a CJK glyph as two columns', () => {
    expect(wrapForLcd('Meeting moved to 3 pm in room 2.01')).toEqual(['Meeting moved to 3 pm', 'in room 2.01']);
    expect(wrapForLcd('one\ntwo')).toEqual(['one', 'two']);
    expect(wrapForLcd('x'.repeat(30))).toEqual(['x'.repeat(21), 'x'.repeat(9)]);
    expect(wrapForLcd('你好你好你好你好你好你好')).toEqual(['你好你好你好你好你好', '你好']);
  });
});
