import { labelMatches, labelText, type Label } from '../i18n/label.js';
import { isKeypadKey } from '../keys.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { ConfirmPage, InfoPage } from './info-page.js';
import { itemsOf, POP, STAY, UNHANDLED, softKeys, type MenuContext, type MenuList, type MenuNode, type MenuPage, type PageResult } from './menu-node.js';
import { editorFor, settingValueLabel } from './setting-pages.js';
import { registryWriter, type SettingWriter } from './setting-writer.js';
import { PasswordPage } from './text-page.js';

export interface ListPageOptions {
  /** Where setting items write (default: the registry with the role). */
  writer?: SettingWriter;
  /** Leaving the page (a draft not submitted). */
  onClose?: (ctx: MenuContext) => void;
}

/**
 * A menu list: the title on the first line, the items under it numbered, the
 * selected one inverse, scrolling by the visible rows; Up/Down move, OK (or
 * Right, or the item's digit) opens, C (or Left) goes back (manual §6: "Use the
 * navigation keys to select menu, press OK button to confirm menu selections").
 */
export class ListPage implements MenuPage {
  readonly title: Label;
  readonly writer: SettingWriter;
  cursor = 0;
  private top = 0;

  constructor(
    private readonly list: MenuList,
    role: SettingWriter['role'],
    private readonly opts: ListPageOptions = {},
  ) {
    this.title = list.label;
    this.writer = opts.writer ?? registryWriter(role);
  }

  view(ctx: MenuContext): ScreenView {
    const items = itemsOf(this.list, ctx);
    const rows = ctx.layout().textRows - 1;
    this.cursor = Math.min(this.cursor, Math.max(0, items.length - 1));
    if (this.cursor < this.top) this.top = this.cursor;
    if (this.cursor >= this.top + rows) this.top = this.cursor - rows + 1;
    const shown = items.slice(this.top, this.top + rows).map((n, i) => `${this.top + i + 1}.${this.itemText(ctx, n)}`);
    return {
      lines: [labelText(ctx.t, this.title), ...(items.length === 0 ? [ctx.t('screen.empty')] : shown)],
      softKeys: softKeys(ctx, items.length > 0 ? 'soft.ok' : '', '', '', 'soft.back'),
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
        return UNHANDLED;
    }
  }

  close(ctx: MenuContext): void {
    this.opts.onClose?.(ctx);
  }

  /** Select an item by its label (English, shown, or message id); undefined when there is none. */
  select(ctx: MenuContext, itemLabel: string): MenuNode | undefined {
    const items = itemsOf(this.list, ctx);
    const i = items.findIndex((n) => labelMatches(ctx.t, n.label, itemLabel));
    if (i < 0) return undefined;
    this.cursor = i;
    return items[i];
  }

  async open(ctx: MenuContext, node: MenuNode): Promise<PageResult> {
    switch (node.kind) {
      case 'list':
        return { kind: 'push', page: new ListPage(node, this.writer.role, this.opts.writer ? { writer: this.opts.writer } : {}) };
      case 'setting':
        return { kind: 'push', page: editorFor(ctx, node, this.writer) };
      case 'info':
        return { kind: 'push', page: new InfoPage(node.label, node.lines) };
      case 'password':
        return { kind: 'push', page: new PasswordPage(node, (list, role) => new ListPage(list, role)) };
      case 'page':
        return { kind: 'push', page: await node.open(ctx, this.writer.role) };
      case 'action': {
        if (node.confirm) return { kind: 'push', page: new ConfirmPage(node.label, node.confirm, node.run) };
        const notice = await node.run(ctx);
        if (notice) ctx.notice(notice);
        return STAY;
      }
    }
  }

  private itemText(ctx: MenuContext, n: MenuNode): string {
    const text = labelText(ctx.t, n.label);
    return n.kind === 'setting' ? `${text}\t${settingValueLabel(ctx, n, this.writer)}` : text;
  }
}
