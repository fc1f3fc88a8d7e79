import { englishLabel, labelText } from '../i18n/label.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { ListPage } from './list-page.js';
import type { MenuContext, MenuList, MenuPage } from './menu-node.js';

/**
 * The open menu: a stack of pages over the call screens. MENU/OK opens the
 * main list; C on it closes the menu; a page that pops returns to its parent.
 * The LCD is the `user` role; pages opened through a password run as the
 * role the password node grants.
 */
export class MenuSession {
  private stack: MenuPage[] = [];

  constructor(private readonly root: () => MenuList) {}

  get isOpen(): boolean {
    return this.stack.length > 0;
  }

  get depth(): number {
    return this.stack.length;
  }

  get top(): MenuPage | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Titles from the main menu down, as shown (the LCD language). */
  path(ctx: MenuContext): string[] {
    return this.stack.map((p) => labelText(ctx.t, p.title));
  }

  /** The same in English (the manual's words): stable for scripts whatever the language. */
  englishPath(): string[] {
    return this.stack.map((p) => englishLabel(p.title));
  }

  /**
   * Open the main menu, then follow `path` (item labels: English, as shown, or
   * message ids) as far as it goes; a password page on the way stops it there.
   */
  async open(ctx: MenuContext, path: string[] = []): Promise<void> {
    this.close(ctx);
    const main = new ListPage(this.root(), 'user');
    this.stack.push(main);
    let page: MenuPage = main;
    for (const label of path) {
      if (!(page instanceof ListPage)) break;
      const node = page.select(ctx, label);
      if (!node) break;
      const r = await page.open(ctx, node);
      if (r.kind !== 'push') break;
      this.stack.push(r.page);
      page = r.page;
    }
  }

  /** A page of its own over everything (the keypad-lock password). */
  openPage(ctx: MenuContext, page: MenuPage): void {
    this.close(ctx);
    this.stack.push(page);
  }

  close(ctx: MenuContext): void {
    while (this.stack.length > 0) this.stack.pop()!.close?.(ctx);
  }

  view(ctx: MenuContext): ScreenView {
    return this.top!.view(ctx);
  }

  /** A key for the top page; false when the page did not use it (the caller may). */
  async key(ctx: MenuContext, k: KeyPress): Promise<boolean> {
    const page = this.top;
    if (!page) return false;
    const r = await page.key(ctx, k);
    if (this.top !== page) return true; // the page closed the menu itself (a call placed)
    switch (r.kind) {
      case 'unhandled':
        return false;
      case 'stay':
        return true;
      case 'push':
        this.stack.push(r.page);
        return true;
      case 'replace':
        this.stack.pop()!.close?.(ctx);
        this.stack.push(r.page);
        return true;
      case 'pop':
        for (let i = 0; i < (r.count ?? 1) && this.stack.length > 0; i++) this.stack.pop()!.close?.(ctx);
        if (r.notice) ctx.notice(r.notice);
        return true;
      case 'exit':
        this.close(ctx);
        if (r.notice) ctx.notice(r.notice);
        return true;
    }
  }
}
