/**
 * Proves the PCF reader (the X11 bitmap font format Debian's xfonts-wqy ships)
 * on fonts built here byte by byte in both byte orders, both bit orders,
 * compressed and full metrics and two row paddings, so the test needs no font
 * on the machine; and that a missing or broken file gives a reason, not a throw.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceFonts, loadCjkFont, Lcd, PcfFont } from '../../../src/device/index.js';

interface Layout {
  msbByte: boolean;
  msbBit: boolean;
  compressed: boolean;
  /** Row padding: 0 = 1 byte, 2 = 4 bytes. */
  pad: 0 | 2;
}

/** Glyphs of the test font: a 3×3 'A' and a 10-wide U+4E2D (crosses a byte). */
const GLYPHS = [
  { cp: 0x41, lsb: 0, width: 4, ascent: 3, descent: 0, rows: ['.#.', '#.#', '###'] },
  { cp: 0x4e2d, lsb: 1, width: 12, ascent: 2, descent: 1, rows: ['#........#', '.########.', '#........#'] },
];

class Out {
  private bytes: number[] = [];
  constructor(private readonly msb: boolean) {}
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  i16(v: number): this {
    const b = [(v >> 8) & 0xff, v & 0xff];
    this.bytes.push(...(this.msb ? b : b.reverse()));
    return this;
  }
  i32(v: number): this {
    const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    this.bytes.push(...(this.msb ? b : b.reverse()));
    return this;
  }
  raw(b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  get length(): number {
    return this.bytes.length;
  }
  buffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

function buildPcf(l: Layout): Buffer {
  const fmtBase = (l.msbByte ? 4 : 0) | (l.msbBit ? 8 : 0) | l.pad;
  const table = (format: number, fill: (o: Out) => void): Buffer => {
    const o = new Out((format & 4) !== 0);
    const head = Buffer.alloc(4);
    head.writeInt32LE(format);
    fill(o);
    return Buffer.concat([head, o.buffer()]);
  };
  const strings = 'FONT_ASCENT\0FONT_DESCENT\0CHARSET_REGISTRY\0ISO10646\0';
  const props = table(fmtBase & ~3, (o) => {
    o.i32(3);
    o.i32(0).u8(0).i32(5);
    o.i32(12).u8(0).i32(1);
    o.i32(25).u8(1).i32(42);
    o.u8(0); // pad 3 props to 4
    o.i32(strings.length).raw([...Buffer.from(strings, 'latin1')]);
  });
  const metrics = table((fmtBase & ~3) | (l.compressed ? 0x100 : 0), (o) => {
    if (l.compressed) o.i16(GLYPHS.length);
    else o.i32(GLYPHS.length);
    for (const g of GLYPHS) {
      const rsb = g.lsb + g.rows[0]!.length;
      if (l.compressed) for (const v of [g.lsb, rsb, g.width, g.ascent, g.descent]) o.u8(v + 0x80);
      else o.i16(g.lsb).i16(rsb).i16(g.width).i16(g.ascent).i16(g.descent).i16(0);
    }
  });
  const padBytes = 1 << l.pad;
  const glyphBytes = GLYPHS.map((g) => {
    const w = g.rows[0]!.length;
    const rowBytes = Math.ceil(Math.ceil(w / 8) / padBytes) * padBytes;
    const out: number[] = [];
    for (const r of g.rows) {
      const row = new Array<number>(rowBytes).fill(0);
      [...r].forEach((ch, x) => {
        if (ch === '#') row[x >> 3]! |= l.msbBit ? 0x80 >> (x & 7) : 1 << (x & 7);
      });
      // scan unit 1 byte: byte order does not move bytes within a row
      out.push(...row);
    }
    return out;
  });
  const bitmaps = table(fmtBase, (o) => {
    o.i32(GLYPHS.length);
    let off = 0;
    for (const b of glyphBytes) {
      o.i32(off);
      off += b.length;
    }
    for (let i = 0; i < 4; i++) o.i32(off);
    for (const b of glyphBytes) o.raw(b);
  });
  const encodings = table(fmtBase & ~3, (o) => {
    const [minB2, maxB2, minB1, maxB1] = [0x2d, 0x41, 0x00, 0x4e];
    o.i16(minB2).i16(maxB2).i16(minB1).i16(maxB1).i16(0);
    for (let b1 = minB1; b1 <= maxB1; b1++) {
      for (let b2 = minB2; b2 <= maxB2; b2++) {
        const i = GLYPHS.findIndex((g) => g.cp === ((b1 << 8) | b2));
        o.i16(i < 0 ? 0xffff : i);
      }
    }
  });
  const tables: Array<[number, Buffer]> = [
    [1, props],
    [4, metrics],
    [8, bitmaps],
    [32, encodings],
  ];
  const header = Buffer.alloc(8 + tables.length * 16);
  header.writeUInt32LE(0x70636601, 0);
  header.writeInt32LE(tables.length, 4);
  let offset = header.length;
  tables.forEach(([type, data], i) => {
    const p = 8 + i * 16;
    header.writeInt32LE(type, p);
    header.writeInt32LE(data.readInt32LE(0), p + 4);
    header.writeInt32LE(data.length, p + 8);
    header.writeInt32LE(offset, p + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...tables.map(([, d]) => d)]);
}

const LAYOUTS: Layout[] = [
  { msbByte: true, msbBit: true, compressed: true, pad: 0 },
  { msbByte: false, msbBit: false, compressed: false, pad: 2 },
  { msbByte: false, msbBit: true, compressed: true, pad: 2 },
];

describe('PCF reader', () => {
  for (const layout of LAYOUTS) {
    it(`reads glyphs, metrics and properties (${JSON.stringify(layout)})`, () => {
      const font = new PcfFont(buildPcf(layout));
      expect(font.ascent).toBe(5);
      expect(font.descent).toBe(1);
      expect(font.isUnicode).toBe(true);
      const a = font.glyph(0x41)!;
      expect({ width: a.width, height: a.height, top: a.top, advance: a.advance }).toEqual({ width: 3, height: 3, top: 3, advance: 4 });
      const zhong = font.glyph(0x4e2d)!;
      expect(zhong.left).toBe(1);
      expect(zhong.rows.map((r) => r.toString(2).padStart(10, '0').replace(/0/g, '.').replace(/1/g, '#'))).toEqual(GLYPHS[1]!.rows);
      expect(font.glyph(0x42)).toBeUndefined();
      expect(font.glyph(0x10000)).toBeUndefined();
    });
  }

  it('refuses what is not a PCF file, or is cut short', () => {
    expect(() => new PcfFont(Buffer.from('not a font'))).toThrow(/PCF/);
    const whole = buildPcf(LAYOUTS[0]!);
    expect(() => new PcfFont(whole.subarray(0, 60))).toThrow(/PCF/);
  });

  it('as the CJK fallback, its glyphs are drawn where the Latin font has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sayhi-pcf-'));
    const file = join(dir, 'test.pcf');
    writeFileSync(file, buildPcf(LAYOUTS[0]!));
    const loaded = loadCjkFont(file);
    expect(loaded.path).toBe(file);
    const fonts = deviceFonts(loaded.font);
    const lcd = new Lcd();
    fonts.medium.draw(lcd, 0, 10, '\u4e2d');
    expect(lcd.toAscii({ x: 0, y: 8, w: 12, h: 3 }, 'drawn')).toEqual(['.#........#.', '..########..', '.#........#.']);
    // Latin still comes from our font, not the CJK file
    expect(fonts.medium.glyph(0x41).height).toBe(10);
  });

  it('a missing or broken file is a reason, not a crash', () => {
    expect(loadCjkFont('/nonexistent/font.pcf').reason).toMatch(/not found.*xfonts-wqy/);
    const dir = mkdtempSync(join(tmpdir(), 'sayhi-pcf-'));
    const file = join(dir, 'broken.pcf');
    writeFileSync(file, 'garbage');
    expect(loadCjkFont(file).reason).toMatch(/PCF/);
  });
});
