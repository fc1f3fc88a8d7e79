import type { BitmapFont, Glyph } from './font.js';

/**
 * Latin letters with diacritics, composed instead of drawn one by one: a letter
 * whose Unicode canonical decomposition (NFD, Unicode Standard §3.7) is a base
 * letter plus combining marks is drawn as the base glyph with each mark's
 * drawing above or below it. This covers the manual's languages (Spanish,
 * Portuguese, French, Italian, Polish, Turkish) with a dozen marks.
 */
export interface MarkDrawing {
  /** Two rows ('#' dark), drawn over lowercase letters, 5 columns wide. */
  low: [string, string];
  /** One or two rows drawn over capitals (the small font has one row there). */
  high: string[];
  below?: boolean;
}

/** The combining marks we draw (U+03xx), for cells 5 wide. */
export const MARKS: Record<number, MarkDrawing> = {
  0x300: { low: ['.#...', '..#..'], high: ['.#...', '..#..'] }, // grave
  0x301: { low: ['...#.', '..#..'], high: ['...#.', '..#..'] }, // acute
  0x302: { low: ['..#..', '.#.#.'], high: ['..#..', '.#.#.'] }, // circumflex
  0x303: { low: ['.##.#', '#..#.'], high: ['.##.#', '#..#.'] }, // tilde
  0x306: { low: ['#...#', '.###.'], high: ['#...#', '.###.'] }, // breve (Turkish ğ)
  0x307: { low: ['.....', '..#..'], high: ['.....', '..#..'] }, // dot above (Polish ż, Turkish İ)
  0x308: { low: ['.....', '.#.#.'], high: ['.....', '.#.#.'] }, // diaeresis
  0x30a: { low: ['.###.', '.#.#.'], high: ['.###.', '.#.#.'] }, // ring above
  0x30c: { low: ['.#.#.', '..#..'], high: ['.#.#.', '..#..'] }, // caron
  0x327: { low: ['..#..', '.##..'], high: ['..#..', '.##..'], below: true }, // cedilla
  0x328: { low: ['..#..', '...##'], high: ['..#..', '...##'], below: true }, // ogonek
};

/** One-row forms for the small font's capitals, each distinct. */
const HIGH_ONE_ROW: Record<number, string> = {
  0x300: '.#...',
  0x301: '...#.',
  0x302: '..#..',
  0x303: '.####',
  0x306: '#...#',
  0x307: '..#..',
  0x308: '.#.#.',
  0x30a: '.###.',
  0x30c: '..#..',
};

/** Over these bases the dot goes away before an accent is added (í is ı + ´). */
const DOTLESS: Record<number, number> = { 0x69: 0x131, 0x6a: 0x237 };

export interface ComposeMetrics {
  /** Rows above the baseline where marks over capitals start (their first row). */
  highTop: number;
  /** Rows of the cell above the capitals: 2 (two-row marks) or 1 (one-row marks). */
  highRows: 1 | 2;
  /** Where marks over lowercase letters start. */
  lowTop: number;
  /** x-height: a base whose ink rises above it takes the capital marks. */
  xHeight: number;
  /** Cell width the marks are drawn for; a narrower (proportional) base gets them centred. */
  cellWidth: number;
}

/** A font that answers composed Latin letters from its base glyphs and MARKS. */
export class ComposedFont implements BitmapFont {
  readonly name: string;
  readonly ascent: number;
  readonly descent: number;
  private readonly cache = new Map<number, Glyph | null>();

  constructor(
    private readonly base: BitmapFont,
    private readonly m: ComposeMetrics,
  ) {
    this.name = base.name;
    this.ascent = base.ascent;
    this.descent = base.descent;
  }

  glyph(codePoint: number): Glyph | undefined {
    const own = this.base.glyph(codePoint);
    if (own) return own;
    let made = this.cache.get(codePoint);
    if (made === undefined) {
      made = this.compose(codePoint) ?? null;
      this.cache.set(codePoint, made);
    }
    return made ?? undefined;
  }

  private compose(codePoint: number): Glyph | undefined {
    const parts = [...String.fromCodePoint(codePoint).normalize('NFD')].map((c) => c.codePointAt(0)!);
    if (parts.length < 2) return undefined;
    let baseCp = parts[0]!;
    const marks = parts.slice(1);
    if (marks.some((mk) => !MARKS[mk])) return undefined;
    if (marks.some((mk) => !MARKS[mk]!.below) && DOTLESS[baseCp]) baseCp = DOTLESS[baseCp]!;
    const base = this.base.glyph(baseCp);
    if (!base) return undefined;
    let out = base;
    const firstInk = base.rows.findIndex((r) => r !== 0);
    const capital = base.top - Math.max(0, firstInk) > this.m.xHeight;
    for (const mk of marks) out = this.addMark(out, mk, capital);
    return out;
  }

  private addMark(g: Glyph, mark: number, capital: boolean): Glyph {
    const d = MARKS[mark]!;
    let rows: string[];
    let top: number;
    if (d.below) {
      rows = d.low;
      top = 0; // the two rows right under the baseline
    } else if (capital) {
      rows = this.m.highRows === 2 ? d.high : [HIGH_ONE_ROW[mark] ?? d.high[d.high.length - 1]!];
      top = this.m.highTop;
    } else {
      rows = d.low;
      top = this.m.lowTop;
    }
    const bits = rows.map((r) => parseInt(r.replace(/#/g, '1').replace(/\./g, '0'), 2));
    return overlay(g, bits, top, this.m.cellWidth);
  }
}

/** The union of a glyph and a mark drawing whose first row is `markTop` rows above the baseline. */
function overlay(g: Glyph, markBits: number[], markTop: number, cellWidth: number): Glyph {
  let bits = markBits;
  let markW = cellWidth;
  if (g.width < cellWidth) {
    // a proportional (trimmed) base: trim the mark too and centre it over the base
    const used = bits.reduce((a, b) => a | b, 0);
    let lo = 0;
    while (lo < cellWidth - 1 && !((used >>> lo) & 1)) lo++;
    let hi = cellWidth - 1;
    while (hi > lo && !((used >>> hi) & 1)) hi--;
    bits = bits.map((b) => b >>> lo);
    markW = hi - lo + 1;
  }
  const width = Math.max(g.width, markW);
  const baseShift = width - g.width - Math.floor((width - g.width) / 2);
  const markShift = width - markW - Math.floor((width - markW) / 2);
  const top = Math.max(g.top, markTop);
  const bottom = Math.min(g.top - g.height, markTop - bits.length);
  const rows = new Array<number>(top - bottom).fill(0);
  for (let r = 0; r < g.height; r++) rows[top - g.top + r]! |= g.rows[r]! << baseShift;
  for (let r = 0; r < bits.length; r++) rows[top - markTop + r]! |= bits[r]! << markShift;
  return { width, height: rows.length, left: g.left, top, advance: g.advance + (width - g.width), rows };
}
