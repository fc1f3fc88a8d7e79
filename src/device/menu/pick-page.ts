import type { Label } from '../i18n/label.js';
import { UNHANDLED, softKeys, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';
import { RowListPage, type Row } from './row-list-page.js';

export interface PickOption<T> {
  value: T;
  text: string;
}

interface PickRow<T> extends Row {
  value: T;
}

/** Choose one value from a short list (a contact's group, a key's mode); the one in force is marked ►. */
export function pickPage<T>(
  title: Label,
  options: (ctx: MenuContext) => PickOption<T>[],
  current: () => T,
  onPick: (ctx: MenuContext, value: T) => PageResult,
): MenuPage {
  let placed = false;
  const page: RowListPage<PickRow<T>> = new RowListPage<PickRow<T>>({
    title,
    rows: (ctx) => {
      const rows = options(ctx).map((o) => ({ value: o.value, text: `${o.value === current() ? '\u25ba' : ' '}${o.text}` }));
      if (!placed) {
        placed = true;
        page.cursor = Math.max(0, rows.findIndex((r) => r.value === current()));
      }
      return rows;
    },
    softKeys: (ctx, row) => softKeys(ctx, row ? 'soft.ok' : '', '', '', 'soft.back'),
    onKey: (ctx, k, row) => (row && (k.key === 'ok' || k.key === 'soft1') ? onPick(ctx, row.value) : UNHANDLED),
  });
  return page;
}
