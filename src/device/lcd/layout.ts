import type { Rect } from './framebuffer.js';

/**
 * Where things go on the 128×64 glass (manual §3 figure 3.3: time and date, AA,
 * missed calls, line status, soft-key labels; §1 "128*64 pixel, 4 display").
 *
 * 'latin' (every language but Chinese):
 *   y  0..6   status bar, 5×7 font and 7-row icons (baseline 7)
 *   y  7..54  four text lines of 12 rows, 6×12 font (baseline at line top + 10)
 *   y 55..63  soft keys: four inverse tabs 31 px wide, 5×7 font (baseline 63)
 * 'cjk' (LCD language Chinese: 12-row glyphs in the soft keys too):
 *   y  0..6   status bar
 *   y  7..48  three text lines of 14 rows (baseline at line top + 11)
 *   y 49..63  soft keys, 12-row font (baseline 61)
 */
export type LayoutName = 'latin' | 'cjk';

export interface TextLine {
  rect: Rect;
  baseline: number;
}

export interface LcdLayout {
  name: LayoutName;
  statusBar: Rect;
  statusBaseline: number;
  /** Text lines visible at once (menus scroll by this many). */
  textRows: number;
  lines: TextLine[];
  softKeys: Rect[];
  softKeyBaseline: number;
  softKeyFont: 'small' | 'medium';
}

const TAB_WIDTH = 31;

function tabs(y: number, h: number): Rect[] {
  return [0, 1, 2, 3].map((i) => ({ x: i * 32, y, w: TAB_WIDTH, h }));
}

export const LATIN_LAYOUT: LcdLayout = {
  name: 'latin',
  statusBar: { x: 0, y: 0, w: 128, h: 7 },
  statusBaseline: 7,
  textRows: 4,
  lines: [0, 1, 2, 3].map((i) => ({ rect: { x: 0, y: 7 + 12 * i, w: 128, h: 12 }, baseline: 7 + 12 * i + 10 })),
  softKeys: tabs(55, 9),
  softKeyBaseline: 63,
  softKeyFont: 'small',
};

export const CJK_LAYOUT: LcdLayout = {
  name: 'cjk',
  statusBar: { x: 0, y: 0, w: 128, h: 7 },
  statusBaseline: 7,
  textRows: 3,
  lines: [0, 1, 2].map((i) => ({ rect: { x: 0, y: 7 + 14 * i, w: 128, h: 14 }, baseline: 7 + 14 * i + 11 })),
  softKeys: tabs(49, 15),
  softKeyBaseline: 61,
  softKeyFont: 'medium',
};

export function layoutFor(language: string): LcdLayout {
  return language === 'zh' ? CJK_LAYOUT : LATIN_LAYOUT;
}
