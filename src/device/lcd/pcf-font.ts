import { SayhiError } from '../../base/index.js';
import type { BitmapFont, Glyph } from './font.js';

/**
 * A reader for X11 PCF ("portable compiled format") bitmap fonts, the format the
 * Debian `xfonts-*` packages install: a table of contents after the "\x01fcp"
 * magic, then tables, each opening with its own format word that says its byte
 * order, bit order, row padding and scan unit. We read the properties (ascent,
 * descent, charset), the metrics, the bitmaps and the BDF encodings; glyphs are
 * decoded on first use and kept (a 12 px CJK font has ~30 000 of them).
 */
const PCF_PROPERTIES = 1 << 0;
const PCF_ACCELERATORS = 1 << 1;
const PCF_METRICS = 1 << 2;
const PCF_BITMAPS = 1 << 3;
const PCF_BDF_ENCODINGS = 1 << 5;
const PCF_BDF_ACCELERATORS = 1 << 8;

const PCF_COMPRESSED_METRICS = 0x100;
const PCF_BYTE_MSB = 1 << 2;
const PCF_BIT_MSB = 1 << 3;

interface TocEntry {
  format: number;
  size: number;
  offset: number;
}

interface Metric {
  lsb: number;
  rsb: number;
  width: number;
  ascent: number;
  descent: number;
}

/** A little reader over one table, honouring the table's byte order. */
class TableReader {
  private pos: number;
  readonly format: number;
  private readonly msb: boolean;

  constructor(
    private readonly buf: Buffer,
    entry: TocEntry,
  ) {
    if (entry.offset + 4 > buf.length) throw pcfError('a table lies past the end of the file');
    this.format = buf.readInt32LE(entry.offset);
    this.msb = (this.format & PCF_BYTE_MSB) !== 0;
    this.pos = entry.offset + 4;
  }

  at(pos: number): this {
    this.pos = pos;
    return this;
  }

  get offset(): number {
    return this.pos;
  }

  i32(): number {
    this.need(4);
    const v = this.msb ? this.buf.readInt32BE(this.pos) : this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i16(): number {
    this.need(2);
    const v = this.msb ? this.buf.readInt16BE(this.pos) : this.buf.readInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u16(): number {
    this.need(2);
    const v = this.msb ? this.buf.readUInt16BE(this.pos) : this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw pcfError('a table is cut short');
  }
}

function pcfError(what: string): SayhiError {
  return new SayhiError('DEVICE_FONT_FILE', `not a readable PCF font: ${what}`);
}

export class PcfFont implements BitmapFont {
  readonly name: string;
  readonly ascent: number;
  readonly descent: number;
  /** Property values by name (FAMILY_NAME, PIXEL_SIZE, CHARSET_REGISTRY...). */
  readonly properties = new Map<string, string | number>();
  private readonly toc = new Map<number, TocEntry>();
  private readonly glyphs = new Map<number, Glyph | null>();
  private readonly metricsAt: (index: number) => Metric;
  private readonly bitmaps: { format: number; offsets: number[]; data: number };
  private readonly encoding: { minB2: number; maxB2: number; minB1: number; maxB1: number; table: number; reader: TableReader };

  constructor(private readonly buf: Buffer, name = 'pcf') {
    if (buf.length < 8 || buf.readUInt32LE(0) !== 0x70636601) throw pcfError('no "\\x01fcp" magic');
    const count = buf.readInt32LE(4);
    if (count <= 0 || count > 64 || 8 + count * 16 > buf.length) throw pcfError('bad table count');
    for (let i = 0; i < count; i++) {
      const p = 8 + i * 16;
      this.toc.set(buf.readInt32LE(p), { format: buf.readInt32LE(p + 4), size: buf.readInt32LE(p + 8), offset: buf.readInt32LE(p + 12) });
    }
    this.readProperties();
    this.metricsAt = this.readMetrics();
    this.bitmaps = this.readBitmapIndex();
    this.encoding = this.readEncodings();
    const [ascent, descent] = this.fontExtent();
    this.ascent = ascent;
    this.descent = descent;
    this.name = String(this.properties.get('FAMILY_NAME') ?? name);
  }

  /** Glyphs that map Unicode code points: the font's charset is ISO 10646. */
  get isUnicode(): boolean {
    return String(this.properties.get('CHARSET_REGISTRY') ?? '').toUpperCase() === 'ISO10646';
  }

  glyph(codePoint: number): Glyph | undefined {
    let g = this.glyphs.get(codePoint);
    if (g === undefined) {
      const index = this.indexOf(codePoint);
      g = index === undefined ? null : this.decode(index);
      this.glyphs.set(codePoint, g);
    }
    return g ?? undefined;
  }

  private table(type: number): TableReader | undefined {
    const e = this.toc.get(type);
    return e ? new TableReader(this.buf, e) : undefined;
  }

  private readProperties(): void {
    const r = this.table(PCF_PROPERTIES);
    if (!r) return;
    const n = r.i32();
    if (n < 0 || n > 1000) throw pcfError('bad property count');
    const props: Array<{ name: number; isString: boolean; value: number }> = [];
    for (let i = 0; i < n; i++) props.push({ name: r.i32(), isString: r.u8() !== 0, value: r.i32() });
    const padded = r.offset + ((n & 3) === 0 ? 0 : 4 - (n & 3));
    r.at(padded);
    const size = r.i32();
    const strings = r.offset;
    if (strings + size > this.buf.length) throw pcfError('property strings cut short');
    const str = (off: number): string => {
      const start = strings + off;
      const end = this.buf.indexOf(0, start);
      return this.buf.toString('latin1', start, end < 0 || end > strings + size ? strings + size : end);
    };
    for (const p of props) this.properties.set(str(p.name), p.isString ? str(p.value) : p.value);
  }

  private readMetrics(): (index: number) => Metric {
    const r = this.table(PCF_METRICS);
    if (!r) throw pcfError('no metrics table');
    const compressed = (r.format & PCF_COMPRESSED_METRICS) !== 0;
    const count = compressed ? r.i16() : r.i32();
    const start = r.offset;
    return (index: number): Metric => {
      if (index < 0 || index >= count) throw pcfError(`glyph ${index} has no metrics`);
      if (compressed) {
        r.at(start + index * 5);
        const b = (): number => r.u8() - 0x80;
        return { lsb: b(), rsb: b(), width: b(), ascent: b(), descent: b() };
      }
      r.at(start + index * 12);
      return { lsb: r.i16(), rsb: r.i16(), width: r.i16(), ascent: r.i16(), descent: r.i16() };
    };
  }

  private readBitmapIndex(): { format: number; offsets: number[]; data: number } {
    const r = this.table(PCF_BITMAPS);
    if (!r) throw pcfError('no bitmap table');
    const count = r.i32();
    if (count < 0 || count > 200_000) throw pcfError('bad glyph count');
    const offsets = Array.from({ length: count }, () => r.i32());
    for (let i = 0; i < 4; i++) r.i32(); // the bitmap sizes for the four paddings
    return { format: r.format, offsets, data: r.offset };
  }

  private readEncodings(): PcfFont['encoding'] {
    const r = this.table(PCF_BDF_ENCODINGS);
    if (!r) throw pcfError('no encodings table');
    const minB2 = r.i16();
    const maxB2 = r.i16();
    const minB1 = r.i16();
    const maxB1 = r.i16();
    r.i16(); // default char
    return { minB2, maxB2, minB1, maxB1, table: r.offset, reader: r };
  }

  private fontExtent(): [number, number] {
    const a = this.properties.get('FONT_ASCENT');
    const d = this.properties.get('FONT_DESCENT');
    if (typeof a === 'number' && typeof d === 'number') return [a, d];
    const r = this.table(PCF_BDF_ACCELERATORS) ?? this.table(PCF_ACCELERATORS);
    if (!r) throw pcfError('no ascent/descent');
    for (let i = 0; i < 8; i++) r.u8(); // flags
    return [r.i32(), r.i32()];
  }

  private indexOf(cp: number): number | undefined {
    const e = this.encoding;
    const b1 = cp >> 8;
    const b2 = cp & 0xff;
    if (b1 < e.minB1 || b1 > e.maxB1 || b2 < e.minB2 || b2 > e.maxB2) return undefined;
    const slot = (b1 - e.minB1) * (e.maxB2 - e.minB2 + 1) + (b2 - e.minB2);
    const index = e.reader.at(e.table + slot * 2).u16();
    return index === 0xffff || index >= this.bitmaps.offsets.length ? undefined : index;
  }

  private decode(index: number): Glyph {
    const m = this.metricsAt(index);
    const width = Math.max(0, m.rsb - m.lsb);
    const height = Math.max(0, m.ascent + m.descent);
    if (width > 31) throw pcfError(`glyph ${index} is ${width} pixels wide (at most 31 supported)`);
    const f = this.bitmaps.format;
    const pad = 1 << (f & 3);
    const unit = 1 << ((f >> 4) & 3);
    const msbByte = (f & PCF_BYTE_MSB) !== 0;
    const msbBit = (f & PCF_BIT_MSB) !== 0;
    const rowBytes = Math.ceil(Math.ceil(width / 8) / pad) * pad;
    const base = this.bitmaps.data + this.bitmaps.offsets[index]!;
    if (base + rowBytes * height > this.buf.length) throw pcfError(`glyph ${index} bitmap cut short`);
    const rows: number[] = [];
    for (let y = 0; y < height; y++) {
      let bits = 0;
      for (let x = 0; x < width; x++) {
        let b = x >> 3;
        // bytes of a scan unit are stored least significant first unless MSByte order
        if (!msbByte && unit > 1) b = (b & ~(unit - 1)) | (unit - 1 - (b & (unit - 1)));
        const byte = this.buf[base + y * rowBytes + b]!;
        const on = msbBit ? byte & (0x80 >> (x & 7)) : byte & (1 << (x & 7));
        bits = (bits << 1) | (on ? 1 : 0);
      }
      rows.push(bits >>> 0);
    }
    return { width, height, left: m.lsb, top: m.ascent, advance: m.width, rows };
  }
}
