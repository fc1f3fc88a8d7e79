import type { SettingRole } from '../../config/index.js';
import { isKeypadKey } from '../keys.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { InfoPage, ConfirmPage } from './info-page.js';
import { itemsOf, POP, STAY, type MenuContext, type MenuList, type MenuNode, type MenuPage, type PageResult } from './menu-node.js';
import { PasswordPage } from './text-page.js';
import { editorFor, settingValueLabel } from './setting-pages.js';

/** Soft keys of a menu list (manual §6: "press OK button to confirm menu selections"). */
export const LIST_SOFT_KEYS = ['OK', '', '', 'Back'];

/**
 * A menu list: the title on the first line, the items under it with the
 * selected one inverse, scrolling by the visible rows; Up/Down move, OK (or
 * Right, or the item's digit) opens, C (or Left) goes back.
 */
export class ListPage implements MenuPage {
  readonly title: string;
  cursor = 0;
  private top = 0;

  constructor(
    private readonly list: MenuList,
    readonly role: SettingRole,
  ) {
    this.title = list.label;
  }

  view(ctx: MenuContext): ScreenView {
    const items = itemsOf(this.list, ctx);
    const rows = ctx.layout().textRows - 1;
    this.cursor = Math.min(this.cursor, Math.max(0, items.length - 1));
    if (this.cursor < this.top) this.top = this.cursor;
    if (this.cursor >= this.top + rows) this.top = this.cursor - rows + 1;
    const shown = items.slice(this.top, this.top + rows).map((n, i) => `${this.top + i + 1}.${label(ctx, n)}`);
    return {
      lines: [this.title, ...shown],
      softKeys: LIST_SOFT_KEYS,
      ...(items.length > 0 ? { selected: 1 + this.cursor - this.top } : {}),
      scroll: { up: this.top > 0, down: this.top + rows < items.length },
    };
  }

  async key(ctx: MenuContext, k: KeyPress): Promise<PageResult> {
    const items = itemsOf(this.list, ctx);
    const n = items.length;
    if (isKeypadKey(k.key) && /[1-9]/.test(k.key)) {
      const i = Number(k.key) - 1;
      if (i >= n) return STAY;
      this.cursor = i;
      return this.open(ctx, items[i]!);
    }
    switch (k.key) {
      case 'up':
        if (n > 0) this.cursor = (this.cursor + n - 1) % n;
        return STAY;
      case 'down':
        if (n > 0) this.cursor = (this.cursor + 1) % n;
        return STAY;
      case 'ok':
      case 'right':
      case 'soft1':
        return n > 0 ? this.open(ctx, items[this.cursor]!) : STAY;
      case 'c':
      case 'left':
      case 'soft4':
        return POP;
      default:
        return { kind: 'unhandled' };
    }
  }

  /** Select an item by its label (menu paths); false when there is none. */
  select(ctx: MenuContext, itemLabel: string): MenuNode | undefined {
    const items = itemsOf(this.list, ctx);
    const i = items.findIndex((n) => n.label.toLowerCase() === itemLabel.toLowerCase());
    if (i < 0) return undefined;
    this.cursor = i;
    return items[i];
  }

  async open(ctx: MenuContext, node: MenuNode): Promise<PageResult> {
    switch (node.kind) {
      case 'list':
        return { kind: 'push', page: new ListPage(node, this.role) };
      case 'setting':
        return { kind: 'push', page: editorFor(ctx, node, this.role) };
      case 'info':
        return { kind: 'push', page: new InfoPage(node.label, node.lines) };
      case 'password':
        return { kind: 'push', page: new PasswordPage(node, (list, role) => new ListPage(list, role)) };
      case 'page':
        return { kind: 'push', page: node.open(ctx, this.role) };
      case 'action': {
        if (node.confirm) return { kind: 'push', page: new ConfirmPage(node) };
        const notice = await node.run(ctx);
        if (notice) ctx.notice(notice);
        return STAY;
      }
    }
  }
}

function label(ctx: MenuContext, n: MenuNode): string {
  if (n.kind !== 'setting') return n.label;
  return `${n.label}\t${settingValueLabel(ctx, n)}`;
}
