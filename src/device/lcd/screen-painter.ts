import type { StatusBarInfo } from '../status-bar.js';
import type { ScreenView } from '../screens/screen-view.js';
import type { DeviceFonts } from './device-fonts.js';
import type { Lcd } from './framebuffer.js';
import { icon } from './icons.js';
import type { LcdLayout } from './layout.js';
import type { FontStack } from './text.js';

/** Pixels kept free at the right of a text line for the scroll marks. */
const SCROLL_MARK_WIDTH = 6;

/**
 * Draws one frame: status bar, the view's text lines, the soft-key tabs.
 * Everything is redrawn each time into the back buffer; Lcd.present() finds
 * what changed.
 */
export class ScreenPainter {
  constructor(
    private readonly lcd: Lcd,
    private readonly fonts: DeviceFonts,
  ) {}

  paint(view: ScreenView, status: StatusBarInfo, layout: LcdLayout): void {
    const lcd = this.lcd;
    lcd.clear();
    if (view.draw) {
      view.draw(lcd, layout);
      return;
    }
    this.statusBar(status, layout);
    const scroll = view.scroll && (view.scroll.up || view.scroll.down);
    const width = scroll ? 128 - SCROLL_MARK_WIDTH : 128;
    layout.lines.forEach((line, i) => {
      const text = view.lines[i] ?? '';
      const inverse = view.selected === i;
      if (inverse) lcd.fill({ x: 0, y: line.rect.y, w: width, h: line.rect.h });
      this.textLine(this.fonts.medium, text, line.baseline, width, view.align?.[i] ?? 'left', inverse);
      if (view.cursor?.line === i) {
        const x = this.fonts.medium.measure([...text].slice(0, view.cursor.column).join(''));
        lcd.hline(Math.min(x, width - 5), line.baseline + 1, 5, !inverse);
      }
    });
    if (scroll) this.scrollMarks(view.scroll!, layout);
    const font = layout.softKeyFont === 'small' ? this.fonts.small : this.fonts.medium;
    layout.softKeys.forEach((tab, i) => {
      const label = view.softKeys[i] ?? '';
      if (!label) return;
      lcd.fill(tab);
      // the last glyph's advance ends in a spacing column: the ink is one pixel narrower
      const text = font.fit(label, tab.w + 1);
      const x = tab.x + Math.floor((tab.w - (font.measure(text) - 1)) / 2);
      font.draw(lcd, x, layout.softKeyBaseline, text, { inverse: true });
    });
  }

  private textLine(font: FontStack, text: string, baseline: number, width: number, align: string, inverse: boolean): void {
    const [left, right] = text.split('\t', 2) as [string, string | undefined];
    if (right !== undefined) {
      // the last glyph's advance ends in a spacing column: right-aligned ink ends at the edge
      const rw = font.measure(right) - 1;
      font.draw(this.lcd, 0, baseline, left, { inverse, maxWidth: Math.max(0, width - rw - 3) });
      font.draw(this.lcd, width - rw, baseline, right, { inverse, maxWidth: width });
      return;
    }
    const shown = font.fit(left, width);
    const w = font.measure(shown);
    const x = align === 'center' ? Math.floor((width - w + 1) / 2) : align === 'right' ? width - w + 1 : 0;
    font.draw(this.lcd, x, baseline, shown, { inverse, maxWidth: width });
  }

  private scrollMarks(scroll: { up: boolean; down: boolean }, layout: LcdLayout): void {
    const first = layout.lines[0]!.rect;
    const last = layout.lines[layout.lines.length - 1]!.rect;
    const x = 128 - 5;
    if (scroll.up) for (let r = 0; r < 3; r++) this.lcd.hline(x + 2 - r, first.y + 3 + r, 1 + 2 * r);
    if (scroll.down) for (let r = 0; r < 3; r++) this.lcd.hline(x + r, last.y + last.h - 5 + r, 5 - 2 * r);
  }

  private statusBar(s: StatusBarInfo, layout: LcdLayout): void {
    const lcd = this.lcd;
    const top = layout.statusBar.y;
    let x = 0;
    for (const l of s.lines) {
      lcd.blit(icon(l.icon), x, top);
      x += 8;
    }
    x += 2;
    const small = this.fonts.small;
    if (s.autoAnswer) x = small.draw(lcd, x, layout.statusBaseline, 'AA') + 2;
    if (s.missedCalls > 0) {
      lcd.blit(icon('missed'), x, top);
      x = small.draw(lcd, x + 6, layout.statusBaseline, String(Math.min(s.missedCalls, 99))) + 2;
    }
    if (s.messages > 0) {
      lcd.blit(icon('message'), x, top);
      x += 9;
    }
    if (s.locked) {
      lcd.blit(icon('lock'), x, top);
      x += 7;
    }
    const tw = small.measure(s.time) - 1;
    if (128 - tw > x) small.draw(lcd, 128 - tw, layout.statusBaseline, s.time);
  }
}
