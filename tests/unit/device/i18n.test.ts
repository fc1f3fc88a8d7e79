/**
 * Proves the LCD languages (manual §1 "Multi-Language (e.g. CN/EN/Spain/
 * Portugal/Poland/Turkey/French/Italy etc.)", "Support Chinese display"):
 * English and Chinese complete, the six others complete too; every template
 * keeps English's parameters; every Chinese character is in the WenQuanYi
 * font the LCD draws with (none falls back to the box), every Latin one in our
 * own font; soft-key labels fit their 31 px tabs; `lcd.language` switches the
 * glass at once, from the menu or from the web; golden text of a few screens
 * in English and Chinese.
 */
import { describe, expect, it } from 'vitest';
import { Device, LANGUAGE_CODES, TRANSLATIONS, deviceFonts, loadCjkFont, missingMessages, type MessageId } from '../../../src/device/index.js';
import { en } from '../../../src/device/i18n/en.js';
import { makeDevice } from './fake-phone.js';
import { choose, follow } from './menu-driver.js';

const cjk = loadCjkFont();
const latinFonts = deviceFonts(undefined);

function params(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('translation tables', () => {
  it('every language has every message (none falls back to English)', () => {
    for (const lang of LANGUAGE_CODES) expect({ lang, missing: missingMessages(lang) }).toEqual({ lang, missing: [] });
  });

  it('every translation keeps the English parameters', () => {
    for (const lang of LANGUAGE_CODES) {
      for (const [id, text] of Object.entries(TRANSLATIONS[lang])) {
        expect({ lang, id, params: params(text!) }).toEqual({ lang, id, params: params(en[id as MessageId]) });
      }
    }
  });

  it('the Chinese table is drawn from the WenQuanYi font: no character becomes the box', () => {
    // xfonts-wqy is installed by scripts/install-debs.sh; without it the LCD cannot show Chinese
    expect(cjk.reason).toBeUndefined();
    const fonts = deviceFonts(cjk.font);
    const missing = new Set<string>();
    for (const text of Object.values(TRANSLATIONS.zh)) for (const ch of text!) if (!fonts.medium.has(ch.codePointAt(0)!)) missing.add(ch);
    expect([...missing]).toEqual([]);
  });

  it('the Latin languages are drawn from our own font (accents composed), no box', () => {
    for (const lang of LANGUAGE_CODES.filter((l) => l !== 'zh')) {
      const missing = new Set<string>();
      for (const text of Object.values(TRANSLATIONS[lang])) {
        for (const ch of text!) if (!latinFonts.medium.has(ch.codePointAt(0)!) || !latinFonts.small.has(ch.codePointAt(0)!)) missing.add(ch);
      }
      expect({ lang, missing: [...missing] }).toEqual({ lang, missing: [] });
    }
  });

  it('soft-key labels fit their tabs (31 px; 5×7 font, or two 12 px glyphs in Chinese)', () => {
    const zhFonts = deviceFonts(cjk.font);
    for (const lang of LANGUAGE_CODES) {
      const font = lang === 'zh' ? zhFonts.medium : latinFonts.small;
      for (const [id, text] of Object.entries(TRANSLATIONS[lang])) {
        if (!id.startsWith('soft.')) continue;
        expect({ lang, id, fits: font.measure(text!) - 1 <= 31 }).toEqual({ lang, id, fits: true });
      }
    }
  });
});

describe('switching the LCD language', () => {
  it('Language > 中文 from the menu redraws the same page in Chinese at once, with the CJK layout', async () => {
    const { device, settings, clock } = makeDevice();
    await follow(device, ['System setting', 'Phone setting', 'Language'], { clock });
    await choose(device, '中文', clock);
    expect(settings.get('lcd.language')).toBe('zh');
    const s = device.snapshot();
    expect(s.menu).toEqual(['菜单', '系统设置', '话机设置']);
    expect(s.menuPath).toEqual(['Menu', 'System setting', 'Phone setting']);
    expect(device.layout().textRows).toBe(3);
    expect(s.softKeys).toEqual(['确定', '', '', '返回']);
    // back out and in: everything speaks Chinese
    await clock.advanceAsync(2000);
    await device.keys('{c}{c}');
    expect(device.snapshot().lines).toEqual(['菜单', '3.功能设置', '4.系统设置', '']);
  });

  it('a change from the web (the same registry) switches an open screen, and back', async () => {
    const { device, settings, phone } = makeDevice();
    phone.addCall({ remoteName: 'Alice', remote: 'sip:1008@pbx' });
    expect(device.snapshot().lines[0]).toBe('Incoming call');
    settings.set('lcd.language', 'fr');
    expect(device.snapshot().lines[0]).toBe('Appel entrant');
    expect(device.snapshot().softKeys).toEqual(['Répon', '', '', 'Refus']);
    settings.set('lcd.language', 'en');
    expect(device.snapshot().softKeys).toEqual(['Ans', '', '', 'Rej']);
  });

  it('notices speak the language too: a setting saved or refused, a failed command, why a call ended', async () => {
    const { device, settings, phone, clock } = makeDevice();
    settings.set('lcd.language', 'zh');
    await device.press('soft3'); // the DND soft key
    expect(device.snapshot().notice).toBe('免打扰已开');
    await device.keys('{menu}42{ok}2'); // 系统设置 > 高级设置 (password) > 网络
    await device.keys('2'); // IP
    await device.keys('1*{ok}');
    expect(device.snapshot().notice).toBe('数值无效');
    await device.press('c', { holdMs: 1500 });
    await device.keys('127*0*0*1{ok}');
    expect(device.snapshot().notice).toBe('已保存');
    expect(settings.get('network.ipAddress')).toBe('127.0.0.1');
    await device.press('menu');
    await clock.advanceAsync(2000);
    const call = phone.addCall();
    phone.answer = async () => {
      throw new Error('boom');
    };
    expect((await device.press('soft1')).notice).toBe('接听失败');
    phone.move(call.id, 'ended', { endReason: '486 Busy Here' });
    expect(device.snapshot().notice).toBe('对方忙');
  });
});

describe('golden screens', () => {
  it('idle and ringing, English and Chinese', async () => {
    const { device, settings, phone } = makeDevice();
    expect(device.snapshot().lines).toEqual(['Line 1: 1007', '', '03 02 Tue', '']);
    expect(device.snapshot().softKeys).toEqual(['Hist', 'DIR', 'DND', 'Menu']);
    settings.set('lcd.language', 'zh');
    expect(device.snapshot().lines.slice(0, 3)).toEqual(['线路1: 1007', '', '03 02 周二']);
    expect(device.snapshot().softKeys).toEqual(['记录', '通讯', '免扰', '菜单']);
    phone.addCall({ remoteName: 'Alice', remote: 'sip:1008@pbx' });
    expect(device.snapshot().lines.slice(0, 3)).toEqual(['来电', 'Alice', '1008']);
    expect(device.snapshot().softKeys).toEqual(['接听', '', '', '拒接']);
    settings.set('lcd.language', 'en');
    expect(device.snapshot().lines).toEqual(['Incoming call', 'Alice', '1008', 'Line 1: 1007']);
  });

  it('Function setting, English and Chinese', async () => {
    const { device, settings } = makeDevice();
    await device.keys('{menu}3');
    expect(device.snapshot().lines).toEqual(['Function setting', '1.Auto answer  Off', '2.DND', '3.Expansion installation']);
    settings.set('lcd.language', 'zh');
    expect(device.snapshot().lines).toEqual(['功能设置', '1.自动应答  关', '2.免打扰', '']);
  });

  it('Chinese glyphs are drawn, not boxes: the frame differs from one drawn without the CJK font', async () => {
    const frames: Buffer[] = [];
    for (const fonts of [deviceFonts(cjk.font), deviceFonts(undefined)]) {
      const t = makeDevice();
      const device = new Device({ phone: t.phone, settings: t.settings, clock: t.clock, db: t.db, fonts });
      device.start();
      t.settings.set('lcd.language', 'zh');
      await device.press('menu');
      frames.push(Buffer.from(device.framebuffer().data));
      device.stop();
    }
    expect(frames[0]!.equals(frames[1]!)).toBe(false);
  });
});
