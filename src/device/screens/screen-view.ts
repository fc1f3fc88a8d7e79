import type { Lcd } from '../lcd/framebuffer.js';
import type { LcdLayout } from '../lcd/layout.js';

export type LineAlign = 'left' | 'center' | 'right';

/**
 * What a screen or menu page shows: text, not pixels. The painter
 * (lcd/screen-painter.ts) draws it under the status bar; the snapshot
 * (`GET /api/v1/screen`) reports it. A tab in a line splits it into a left
 * part and a right-aligned part ("Ring volume\t5").
 */
export interface ScreenView {
  /** Up to four lines (the CJK layout shows the first three). */
  lines: readonly string[];
  /** Four soft-key labels; '' = no function on that key. */
  softKeys: readonly string[];
  /** The line drawn inverse (the list cursor). */
  selected?: number;
  align?: readonly LineAlign[];
  /** A text cursor: drawn under `column` (characters) of `line`. */
  cursor?: { line: number; column: number };
  /** Scroll marks at the right edge: more above / below. */
  scroll?: { up: boolean; down: boolean };
  /** Draws the whole glass itself instead (Diagnose > LCD). */
  draw?: (lcd: Lcd, layout: LcdLayout) => void;
}

export const NO_SOFT_KEYS = ['', '', '', ''];

/** The four lines as plain text, as the snapshot reports them (tabs become two spaces). */
export function viewLines(view: ScreenView): [string, string, string, string] {
  const l = (i: number): string => (view.lines[i] ?? '').replace(/\t/g, '  ');
  return [l(0), l(1), l(2), l(3)];
}

export function viewSoftKeys(view: ScreenView): [string, string, string, string] {
  const k = (i: number): string => view.softKeys[i] ?? '';
  return [k(0), k(1), k(2), k(3)];
}
