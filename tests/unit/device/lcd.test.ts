/**
 * Proves the LCD: the 128×64 1-bit framebuffer (primitives, clipping, present()
 * counting frames only when pixels change, the dirty rectangle), our fonts
 * against golden drawings (6×12 text font, 5×7 status font, composed accents,
 * the replacement box), the layout of a whole frame, and the PNG encoder
 * (decoded back: signature, CRCs, IHDR, palette and pixels).
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LATIN_LAYOUT, Lcd, crc32, deviceFonts, encodeLcdPng } from '../../../src/device/index.js';
import { makeDevice } from './fake-phone.js';

const fonts = deviceFonts(undefined);

describe('framebuffer', () => {
  it('packs pixels MSB first, 16 bytes a row, and clips', () => {
    const lcd = new Lcd();
    lcd.set(0, 0, true);
    lcd.set(9, 1, true);
    lcd.set(200, 5, true); // outside: ignored
    lcd.set(-1, -1, true);
    expect(lcd.pixels[0]).toBe(0x80);
    expect(lcd.pixels[16 + 1]).toBe(0x40);
    expect(lcd.pixel(9, 1)).toBe(true);
    expect(lcd.pixel(200, 5)).toBe(false);
  });

  it('present() counts a frame only when pixels changed and bounds the change', () => {
    const lcd = new Lcd();
    expect(lcd.present()).toBeUndefined();
    lcd.rect({ x: 10, y: 20, w: 5, h: 3 });
    const shown = lcd.present();
    expect(shown).toEqual({ frame: 1, dirty: { x: 8, y: 20, w: 8, h: 3 } });
    lcd.clear();
    lcd.rect({ x: 10, y: 20, w: 5, h: 3 });
    expect(lcd.present()).toBeUndefined();
    expect(lcd.frame).toBe(1);
    expect(lcd.toAscii({ x: 9, y: 19, w: 7, h: 5 })).toEqual(['.......', '.#####.', '.#...#.', '.#####.', '.......']);
  });

  it('draws lines, fills and inverts', () => {
    const lcd = new Lcd();
    lcd.line(0, 0, 3, 3);
    lcd.fill({ x: 5, y: 0, w: 2, h: 2 });
    lcd.invert({ x: 0, y: 0, w: 7, h: 1 });
    expect(lcd.toAscii({ x: 0, y: 0, w: 7, h: 4 }, 'drawn')).toEqual(['.####..', '.#...##', '..#....', '...#...']);
  });
});

describe('fonts (golden drawings)', () => {
  function render(font: 'medium' | 'small', text: string, w: number, baseline: number, h: number): string[] {
    const lcd = new Lcd();
    fonts[font].draw(lcd, 0, baseline, text);
    return lcd.toAscii({ x: 0, y: 0, w, h }, 'drawn');
  }

  it('6×12 text font: "Ag1" with the descender under the baseline', () => {
    expect(render('medium', 'Ag1', 18, 10, 12)).toEqual([
      '..................',
      '..................',
      '..#...........#...',
      '.#.#.........##...',
      '#...#..####.#.#...',
      '#...#.#...#...#...',
      '#####.#...#...#...',
      '#...#.#...#...#...',
      '#...#..####...#...',
      '#...#.....#.#####.',
      '......#...#.......',
      '.......###........',
    ]);
  });

  it('composes accents from NFD: é is e + acute, Ç has a cedilla, í drops the dot', () => {
    expect(render('medium', 'é', 5, 10, 12)).toEqual([
      '.....', '...#.', '..#..', '.....', '.###.', '#...#', '#####', '#....', '#...#', '.###.', '.....', '.....',
    ]);
    expect(render('medium', 'Ç', 5, 10, 12).slice(8)).toEqual(['#...#', '.###.', '..#..', '.##..']);
    expect(render('medium', 'í', 5, 10, 12).slice(1, 5)).toEqual(['...#.', '..#..', '.....', '.##..']);
  });

  it('5×7 status font is proportional: "Ans" is 5+1+4+1+4+1 wide, digits keep 5', () => {
    expect(fonts.small.measure('Ans')).toBe(16);
    expect(fonts.small.measure('1')).toBe(fonts.small.measure('0'));
    expect(render('small', 'End', 14, 7, 7)).toEqual([
      '#####.........',
      '#.............',
      '#.....###...##',
      '####..#..#.#..',
      '#.....#..#.#..',
      '#.....#..#.#..',
      '#####.#..#..##',
    ]);
  });

  it('a character no font has is a hollow box; with a CJK font it is drawn', () => {
    const box = render('medium', '\u4e2d', 8, 10, 12);
    expect(box.filter((r) => r.includes('#')).length).toBeGreaterThan(6);
    expect(box[1]).toBe('######..');
    expect(box[2]).toBe('#....#..');
    expect(box[10]).toBe('######..');
    expect(fonts.medium.has('\u4e2d'.codePointAt(0)!)).toBe(false);
  });
});

describe('a whole frame (layout in lcd/layout.ts)', () => {
  it('idle: status bar icons and clock, text lines, inverse soft-key tabs', () => {
    const { device } = makeDevice();
    const s = device.snapshot();
    expect(s.lines).toEqual(['Line 1: 1007', '', '03 02 Tue', '']);
    expect(s.softKeys).toEqual(['Hist', 'DIR', 'DND', 'Menu']);
    expect(s.status.time).toBe('09:30');
    const lcd = device.lcd;
    // line 1 is registered: the solid phone icon at the top left
    expect(lcd.toAscii({ x: 0, y: 0, w: 7, h: 7 })).toEqual(['.#####.', '##...##', '#.###.#', '..###..', '.#####.', '.#####.', '.#####.']);
    // the soft-key tabs are inverse: their corners are dark, the gaps between them light
    for (const tab of LATIN_LAYOUT.softKeys) {
      expect(lcd.pixel(tab.x, tab.y)).toBe(true);
      expect(lcd.pixel(tab.x + tab.w, tab.y)).toBe(false);
    }
    // the clock is right-aligned on the status bar: its last column is lit somewhere
    expect(lcd.toAscii({ x: 100, y: 0, w: 28, h: 7 }).some((r) => r.endsWith('#'))).toBe(true);
  });

  it('frames are counted as the glass changes, with events', async () => {
    const { device, clock } = makeDevice();
    const frames: number[] = [];
    device.events.on('frame', (f) => frames.push(f.frame));
    const before = device.framebuffer().frame;
    await clock.advanceAsync(5000); // the clock shows the same minute: no new frame
    expect(frames).toEqual([]);
    await device.press('5');
    expect(frames).toEqual([before + 1]);
    await clock.advanceAsync(60_000);
    expect(device.framebuffer().frame).toBeGreaterThan(before + 1);
  });
});

describe('PNG of the LCD', () => {
  function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
    const out: Array<{ type: string; data: Buffer }> = [];
    let p = 8;
    while (p < png.length) {
      const len = png.readUInt32BE(p);
      const type = png.toString('latin1', p + 4, p + 8);
      const data = png.subarray(p + 8, p + 8 + len);
      expect(png.readUInt32BE(p + 8 + len)).toBe(crc32(png.subarray(p + 4, p + 8 + len)));
      out.push({ type, data });
      p += 12 + len;
    }
    return out;
  }

  it('CRC-32 is the PNG one', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('gray look: 8-bit greyscale, every LCD pixel a scale×scale square', () => {
    const lcd = new Lcd();
    lcd.set(1, 0, true);
    lcd.present();
    const png = encodeLcdPng(lcd.snapshot(), { scale: 2, look: 'gray' });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const c = chunks(png);
    expect(c.map((x) => x.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(c[0]!.data.readUInt32BE(0)).toBe(256);
    expect(c[0]!.data.readUInt32BE(4)).toBe(128);
    expect([c[0]!.data[8], c[0]!.data[9]]).toEqual([8, 0]);
    const raw = inflateSync(c[1]!.data);
    const row = (y: number): number[] => [...raw.subarray(y * 257 + 1, y * 257 + 1 + 6)];
    expect(row(0)).toEqual([255, 255, 0, 0, 255, 255]);
    expect(row(1)).toEqual([255, 255, 0, 0, 255, 255]);
    expect(row(2)).toEqual([255, 255, 255, 255, 255, 255]);
  });

  it('lcd look: palette PNG with the dot gap from scale 3', () => {
    const lcd = new Lcd();
    lcd.set(0, 0, true);
    lcd.present();
    const c = chunks(encodeLcdPng(lcd.snapshot(), { scale: 3 }));
    expect(c.map((x) => x.type)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    expect(c[0]!.data[9]).toBe(3);
    expect(c[1]!.data.length).toBe(12);
    const raw = inflateSync(c[2]!.data);
    expect([...raw.subarray(1, 7)]).toEqual([2, 2, 3, 0, 0, 1]);
    expect(() => encodeLcdPng(lcd.snapshot(), { scale: 0 })).toThrow(/scale/);
  });
});
