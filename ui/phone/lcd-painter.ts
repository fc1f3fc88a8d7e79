/**
 * Draws the phone's 128×64 1-bit framebuffer (src/web/face-protocol.ts: rows
 * packed MSB first, 16 bytes a row, 1 = dark) on a canvas, pixel-exact: every
 * LCD pixel is one `cell`×`cell` square of device pixels (nearest neighbour, no
 * smoothing), with a one-pixel gap from cell 3 up so the dot matrix shows, in
 * the colours of the ES3xx glass (the same palette as GET /api/v1/screen.png).
 */
export const LCD_W = 128;
export const LCD_H = 64;
const STRIDE = 16;

/** Unlit dot, gap, lit dot, lit gap (src/device/lcd-png.ts LCD_PALETTE). */
export const LCD_COLOURS = {
  unlit: [0x9c, 0xae, 0x8b],
  gap: [0xa9, 0xba, 0x98],
  lit: [0x1e, 0x26, 0x20],
  litGap: [0x3a, 0x45, 0x3b],
} as const;

export class LcdPainter {
  private image: ImageData | undefined;
  private cell = 0;
  private bits = new Uint8Array(LCD_W * LCD_H / 8);
  /** The frame number on the glass now. */
  frame = -1;

  constructor(readonly canvas: HTMLCanvasElement) {}

  /** Size the canvas for `cssScale` CSS pixels per LCD pixel at the screen's pixel ratio. */
  resize(cssScale: number): void {
    const cell = Math.max(1, Math.round(cssScale * (window.devicePixelRatio || 1)));
    if (cell === this.cell) return;
    this.cell = cell;
    this.canvas.width = LCD_W * cell;
    this.canvas.height = LCD_H * cell;
    this.canvas.style.width = `${(LCD_W * cell) / (window.devicePixelRatio || 1)}px`;
    this.canvas.style.height = `${(LCD_H * cell) / (window.devicePixelRatio || 1)}px`;
    this.image = undefined;
    this.paint();
  }

  /** A new frame from the phone. */
  draw(frame: number, bits: Uint8Array): void {
    this.bits.set(bits.subarray(0, this.bits.length));
    this.frame = frame;
    this.paint();
    this.canvas.dataset.frame = String(frame);
  }

  /** Cell size in device pixels (tests sample the middle of each cell). */
  get cellSize(): number {
    return this.cell;
  }

  private paint(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.cell === 0) return;
    const cell = this.cell;
    const w = LCD_W * cell;
    this.image ??= ctx.createImageData(w, LCD_H * cell);
    const data = this.image.data;
    const gap = cell >= 3;
    for (let y = 0; y < LCD_H; y++) {
      for (let x = 0; x < LCD_W; x++) {
        const dark = (this.bits[y * STRIDE + (x >> 3)]! >> (7 - (x & 7))) & 1;
        const dot = dark ? LCD_COLOURS.lit : LCD_COLOURS.unlit;
        const edge = dark ? LCD_COLOURS.litGap : LCD_COLOURS.gap;
        for (let dy = 0; dy < cell; dy++) {
          let p = ((y * cell + dy) * w + x * cell) * 4;
          for (let dx = 0; dx < cell; dx++, p += 4) {
            const c = gap && (dx === cell - 1 || dy === cell - 1) ? edge : dot;
            data[p] = c[0];
            data[p + 1] = c[1];
            data[p + 2] = c[2];
            data[p + 3] = 255;
          }
        }
      }
    }
    ctx.putImageData(this.image, 0, 0);
  }
}
