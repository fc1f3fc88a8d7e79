import { labelText, type Label } from '../i18n/label.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, UNHANDLED, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';

/** One line of a list of records: the left text and a right-aligned part. */
export interface Row {
  text: string;
  right?: string;
}

export interface RowListOptions<R extends Row> {
  title: Label;
  rows: (ctx: MenuContext) => R[];
  /** The four labels for the row under the cursor (undefined: the list is empty), in the LCD language. */
  softKeys: (ctx: MenuContext, row: R | undefined) => readonly string[];
  /** A key for the row under the cursor; UNHANDLED lets the list move or go back. */
  onKey: (ctx: MenuContext, k: KeyPress, row: R | undefined) => PageResult | Promise<PageResult>;
  /** Shown when there are no rows (default "(empty)"). */
  empty?: Label;
  close?: (ctx: MenuContext) => void;
}

/**
 * A scrolling list of records (call logs, contacts, groups, search results):
 * Up/Down move with wrap-around, C or Left go back, everything else is the
 * page's own (Dial, Del, OK for details...).
 */
export class RowListPage<R extends Row> implements MenuPage {
  cursor = 0;
  private top = 0;

  constructor(private readonly o: RowListOptions<R>) {}

  get title(): Label {
    return this.o.title;
  }

  view(ctx: MenuContext): ScreenView {
    const rows = this.o.rows(ctx);
    const visible = ctx.layout().textRows - 1;
    this.cursor = Math.min(this.cursor, Math.max(0, rows.length - 1));
    if (this.cursor < this.top) this.top = this.cursor;
    if (this.cursor >= this.top + visible) this.top = this.cursor - visible + 1;
    this.top = Math.max(0, Math.min(this.top, rows.length - visible));
    const shown = rows.slice(this.top, this.top + visible).map((r) => (r.right !== undefined && r.right !== '' ? `${r.text}\t${r.right}` : r.text));
    return {
      lines: [labelText(ctx.t, this.o.title), ...(rows.length === 0 ? [labelText(ctx.t, this.o.empty ?? 'screen.empty')] : shown)],
      softKeys: this.o.softKeys(ctx, rows[this.cursor]),
      ...(rows.length > 0 ? { selected: 1 + this.cursor - this.top } : {}),
      scroll: { up: this.top > 0, down: this.top + visible < rows.length },
    };
  }

  async key(ctx: MenuContext, k: KeyPress): Promise<PageResult> {
    const rows = this.o.rows(ctx);
    this.cursor = Math.min(this.cursor, Math.max(0, rows.length - 1));
    const r = await this.o.onKey(ctx, k, rows[this.cursor]);
    if (r.kind !== 'unhandled') return r;
    switch (k.key) {
      case 'up':
        if (rows.length > 0) this.cursor = (this.cursor + rows.length - 1) % rows.length;
        return STAY;
      case 'down':
        if (rows.length > 0) this.cursor = (this.cursor + 1) % rows.length;
        return STAY;
      case 'c':
      case 'left':
      case 'soft4':
        return POP;
      default:
        return UNHANDLED;
    }
  }

  close(ctx: MenuContext): void {
    this.o.close?.(ctx);
  }
}
