import type { BitmapFont, Glyph } from './font.js';
import { replacementGlyph } from './font.js';
import type { Lcd } from './framebuffer.js';

/**
 * Text in one size: a first font (our Latin design) and fallbacks (the CJK font),
 * then the replacement box for a character none of them has. Positions are
 * baselines: glyphs of different fonts line up on it.
 */
export class FontStack {
  readonly ascent: number;
  readonly descent: number;
  private readonly box: Glyph;

  constructor(readonly fonts: readonly BitmapFont[]) {
    this.ascent = fonts[0]!.ascent;
    this.descent = fonts[0]!.descent;
    this.box = replacementGlyph(this.ascent, this.descent);
  }

  glyph(codePoint: number): Glyph {
    for (const f of this.fonts) {
      const g = f.glyph(codePoint);
      if (g) return g;
    }
    return this.box;
  }

  /** True when some font of the stack has the character (not the box). */
  has(codePoint: number): boolean {
    return this.fonts.some((f) => f.glyph(codePoint) !== undefined);
  }

  /** Pixel width of a string. */
  measure(text: string): number {
    let w = 0;
    for (const ch of text) w += this.glyph(ch.codePointAt(0)!).advance;
    return w;
  }

  /** The longest prefix of `text` that fits `width` pixels (with `ellipsis` when cut). */
  fit(text: string, width: number, ellipsis = ''): string {
    if (this.measure(text) <= width) return text;
    const room = width - this.measure(ellipsis);
    let w = 0;
    let out = '';
    for (const ch of text) {
      const a = this.glyph(ch.codePointAt(0)!).advance;
      if (w + a > room) break;
      w += a;
      out += ch;
    }
    return out + ellipsis;
  }

  /**
   * Draw `text` with its baseline at `baseline`, starting at x; clipped to
   * [x, x + maxWidth) when given. Returns the pen position after the text.
   */
  draw(lcd: Lcd, x: number, baseline: number, text: string, opts: { inverse?: boolean; maxWidth?: number } = {}): number {
    const limit = opts.maxWidth !== undefined ? x + opts.maxWidth : Number.POSITIVE_INFINITY;
    let pen = x;
    for (const ch of text) {
      const g = this.glyph(ch.codePointAt(0)!);
      if (pen + g.left + g.width > limit) break;
      lcd.blit(g, pen + g.left, baseline - g.top, opts.inverse ?? false);
      pen += g.advance;
    }
    return pen;
  }
}
