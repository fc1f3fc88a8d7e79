import { SayhiError } from '../../base/index.js';

/**
 * A bitmap glyph: `rows[r]` holds row r with bit (width-1-x) set for a dark
 * pixel at column x. `top` is how many rows the glyph rises above the baseline
 * (its first row is at baseline - top); `left` shifts it from the pen.
 */
export interface Glyph {
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
  rows: readonly number[];
}

/** A bitmap font: glyphs by code point, with the ascent and descent of its cell. */
export interface BitmapFont {
  readonly name: string;
  /** Rows above the baseline in the font's cell. */
  readonly ascent: number;
  /** Rows below the baseline. */
  readonly descent: number;
  glyph(codePoint: number): Glyph | undefined;
}

/** A font held as a map, filled by a designer (font-small.ts, font-medium.ts) or a file reader (pcf-font.ts). */
export class GlyphTable implements BitmapFont {
  private readonly glyphs = new Map<number, Glyph>();

  constructor(
    readonly name: string,
    readonly ascent: number,
    readonly descent: number,
  ) {}

  get size(): number {
    return this.glyphs.size;
  }

  glyph(codePoint: number): Glyph | undefined {
    return this.glyphs.get(codePoint);
  }

  add(codePoint: number, glyph: Glyph): void {
    this.glyphs.set(codePoint, glyph);
  }

  codePoints(): number[] {
    return [...this.glyphs.keys()];
  }
}

/**
 * How a designed font is written in the source: blocks of glyphs side by side,
 * each glyph `cellWidth` characters wide ('#' dark, '.' light), glyphs separated
 * by one space, one text row per pixel row. `chars` names the glyphs of the block
 * from left to right.
 */
export interface GlyphBlock {
  chars: string;
  rows: string;
}

export interface DesignOptions {
  name: string;
  cellWidth: number;
  /** Rows of a drawing above the baseline (its first row is `ascent` rows above it); the rest are descender rows. */
  ascent: number;
  /** The cell's ascent when it keeps room above the drawings (accents over capitals); default `ascent`. */
  cellAscent?: number;
  descent: number;
  /** Advance of a monospaced font; absent = proportional (trimmed width + `spacing`). */
  advance?: number;
  spacing?: number;
  /** Characters kept at full cell width in a proportional font (tabular digits). */
  fullWidth?: string;
  /** Advance of the space character. */
  spaceAdvance: number;
}

/** Parse designed glyph blocks into a GlyphTable (a mistake in a drawing is a programmer error: it throws). */
export function designFont(blocks: readonly GlyphBlock[], o: DesignOptions): GlyphTable {
  const font = new GlyphTable(o.name, o.cellAscent ?? o.ascent, o.descent);
  font.add(0x20, { width: 0, height: 0, left: 0, top: 0, advance: o.advance ?? o.spaceAdvance, rows: [] });
  for (const block of blocks) {
    const lines = block.rows.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    const chars = [...block.chars];
    lines.forEach((line, r) => {
      const cells = line.split(' ');
      if (cells.length !== chars.length || cells.some((c) => c.length !== o.cellWidth || /[^#.]/.test(c))) {
        throw new SayhiError('DEVICE_FONT_DESIGN', `${o.name}: row ${r} of block "${block.chars}" is malformed: "${line}"`);
      }
    });
    chars.forEach((ch, i) => {
      const bits = lines.map((line) => parseInt(line.split(' ')[i]!.replace(/#/g, '1').replace(/\./g, '0'), 2));
      font.add(ch.codePointAt(0)!, shapeGlyph(bits, o, o.fullWidth?.includes(ch) ?? false));
    });
  }
  return font;
}

function shapeGlyph(bits: number[], o: DesignOptions, fullWidth: boolean): Glyph {
  const W = o.cellWidth;
  if (o.advance !== undefined || fullWidth) {
    return { width: W, height: bits.length, left: 0, top: o.ascent, advance: o.advance ?? W + (o.spacing ?? 1), rows: bits };
  }
  // proportional: trim empty columns on both sides
  const used = bits.reduce((a, b) => a | b, 0);
  if (used === 0) return { width: 0, height: 0, left: 0, top: 0, advance: o.spaceAdvance, rows: [] };
  let hi = W - 1;
  while (!((used >>> hi) & 1)) hi--;
  let lo = 0;
  while (!((used >>> lo) & 1)) lo++;
  const width = hi - lo + 1;
  return { width, height: bits.length, left: 0, top: o.ascent, advance: width + (o.spacing ?? 1), rows: bits.map((b) => b >>> lo) };
}

/**
 * The replacement glyph for a character no font has: a hollow box of the cell's
 * height, as phones show for missing characters.
 */
export function replacementGlyph(ascent: number, descent: number): Glyph {
  const h = Math.max(3, ascent + descent - 2);
  const w = Math.max(3, Math.round(h * 0.6));
  const full = (1 << w) - 1;
  const edge = (1 << (w - 1)) | 1;
  const rows = Array.from({ length: h }, (_, r) => (r === 0 || r === h - 1 ? full : edge));
  return { width: w, height: h, left: 0, top: ascent - 1, advance: w + 1, rows };
}
