import { SayhiError } from '../../base/index.js';
import type { Glyph } from './font.js';

/** The ES3xx LCD: 128×64 pixels, monochrome (manual §1 "128*64 pixel, 4 display"). */
export const LCD_WIDTH = 128;
export const LCD_HEIGHT = 64;
/** Bytes per row: pixels packed 8 to a byte, leftmost pixel in the most significant bit (PNG 1-bit order). */
export const LCD_STRIDE = LCD_WIDTH / 8;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One presented frame, as the web layer reads it for `/screen.png` and the browser page. */
export interface LcdFrame {
  width: number;
  height: number;
  stride: number;
  /** Packed rows (1 = dark pixel), a copy the caller may keep. */
  data: Uint8Array;
  /** Increments each time the presented pixels change. */
  frame: number;
}

/**
 * The LCD framebuffer. Painters draw into the back buffer (`pixels`); `present()`
 * compares it with the frame on the glass and, when pixels changed, copies it over,
 * counts a new frame and reports the bounding box of what changed (the dirty
 * rectangle the browser repaints). Drawing is clipped to the glass.
 */
export class Lcd {
  readonly width = LCD_WIDTH;
  readonly height = LCD_HEIGHT;
  readonly stride = LCD_STRIDE;
  /** Back buffer, drawn into. */
  readonly pixels = new Uint8Array(LCD_STRIDE * LCD_HEIGHT);
  /** What the glass shows (the last presented frame). */
  private readonly shown = new Uint8Array(LCD_STRIDE * LCD_HEIGHT);
  private frameNo = 0;

  get frame(): number {
    return this.frameNo;
  }

  clear(): void {
    this.pixels.fill(0);
  }

  pixel(x: number, y: number): boolean {
    if (x < 0 || y < 0 || x >= LCD_WIDTH || y >= LCD_HEIGHT) return false;
    return (this.pixels[y * LCD_STRIDE + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
  }

  /** Set (`on`), clear, or with `invert` flip one pixel; outside the glass nothing happens. */
  set(x: number, y: number, on: boolean, invert = false): void {
    if (x < 0 || y < 0 || x >= LCD_WIDTH || y >= LCD_HEIGHT) return;
    const i = y * LCD_STRIDE + (x >> 3);
    const bit = 0x80 >> (x & 7);
    if (invert) this.pixels[i]! ^= bit;
    else if (on) this.pixels[i]! |= bit;
    else this.pixels[i]! &= ~bit;
  }

  hline(x: number, y: number, w: number, on = true): void {
    for (let i = 0; i < w; i++) this.set(x + i, y, on);
  }

  vline(x: number, y: number, h: number, on = true): void {
    for (let i = 0; i < h; i++) this.set(x, y + i, on);
  }

  /** Bresenham's line, both ends included. */
  line(x0: number, y0: number, x1: number, y1: number, on = true): void {
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (let n = 0; n <= LCD_WIDTH + LCD_HEIGHT; n++) {
      this.set(x0, y0, on);
      if (x0 === x1 && y0 === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }

  /** Outline of a rectangle. */
  rect(r: Rect, on = true): void {
    if (r.w <= 0 || r.h <= 0) return;
    this.hline(r.x, r.y, r.w, on);
    this.hline(r.x, r.y + r.h - 1, r.w, on);
    this.vline(r.x, r.y, r.h, on);
    this.vline(r.x + r.w - 1, r.y, r.h, on);
  }

  fill(r: Rect, on = true): void {
    for (let y = r.y; y < r.y + r.h; y++) this.hline(r.x, y, r.w, on);
  }

  /** Flip every pixel of the rectangle (inverse text, a selected list line). */
  invert(r: Rect): void {
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) this.set(x, y, true, true);
  }

  /**
   * Draw a glyph (or icon) with its top-left pixel at (x, y). Set bits become
   * dark, or light with `inverse` (text on an inverse background); clear bits
   * are left alone.
   */
  blit(g: Glyph, x: number, y: number, inverse = false): void {
    for (let row = 0; row < g.height; row++) {
      const bits = g.rows[row]!;
      if (bits === 0) continue;
      for (let col = 0; col < g.width; col++) {
        if ((bits >>> (g.width - 1 - col)) & 1) this.set(x + col, y + row, !inverse);
      }
    }
  }

  /**
   * Put the back buffer on the glass. Returns the changed area and the new frame
   * number, or undefined when nothing changed (no frame is counted then).
   */
  present(): { frame: number; dirty: Rect } | undefined {
    let x0 = LCD_STRIDE;
    let x1 = -1;
    let y0 = LCD_HEIGHT;
    let y1 = -1;
    for (let y = 0; y < LCD_HEIGHT; y++) {
      const base = y * LCD_STRIDE;
      for (let b = 0; b < LCD_STRIDE; b++) {
        if (this.pixels[base + b] !== this.shown[base + b]) {
          if (b < x0) x0 = b;
          if (b > x1) x1 = b;
          if (y < y0) y0 = y;
          y1 = y;
        }
      }
    }
    if (y1 < 0) return undefined;
    this.shown.set(this.pixels);
    this.frameNo++;
    return { frame: this.frameNo, dirty: { x: x0 * 8, y: y0, w: (x1 - x0 + 1) * 8, h: y1 - y0 + 1 } };
  }

  /** The frame on the glass (a copy). */
  snapshot(): LcdFrame {
    return { width: LCD_WIDTH, height: LCD_HEIGHT, stride: LCD_STRIDE, data: this.shown.slice(), frame: this.frameNo };
  }

  /**
   * A region of the glass as text, `#` dark and `.` light, one string per row:
   * what the golden tests compare against.
   */
  toAscii(r: Rect = { x: 0, y: 0, w: LCD_WIDTH, h: LCD_HEIGHT }, source: 'shown' | 'drawn' = 'shown'): string[] {
    if (r.w <= 0 || r.h <= 0) throw new SayhiError('DEVICE_BAD_RECT', `empty rectangle ${JSON.stringify(r)}`);
    const buf = source === 'shown' ? this.shown : this.pixels;
    const out: string[] = [];
    for (let y = r.y; y < r.y + r.h; y++) {
      let s = '';
      for (let x = r.x; x < r.x + r.w; x++) {
        const inside = x >= 0 && y >= 0 && x < LCD_WIDTH && y < LCD_HEIGHT;
        s += inside && (buf[y * LCD_STRIDE + (x >> 3)]! & (0x80 >> (x & 7))) !== 0 ? '#' : '.';
      }
      out.push(s);
    }
    return out;
  }
}
