import { labelText, type Label } from '../i18n/label.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, UNHANDLED, softKeys, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';

/** Read-only lines under a title (View status pages), scrolled with Up/Down. */
export class InfoPage implements MenuPage {
  private top = 0;

  constructor(
    readonly title: Label,
    private readonly lines: (ctx: MenuContext) => string[],
  ) {}

  view(ctx: MenuContext): ScreenView {
    const all = this.lines(ctx);
    const rows = ctx.layout().textRows - 1;
    this.top = Math.max(0, Math.min(this.top, all.length - rows));
    return {
      lines: [labelText(ctx.t, this.title), ...all.slice(this.top, this.top + rows)],
      softKeys: softKeys(ctx, '', '', '', 'soft.back'),
      scroll: { up: this.top > 0, down: this.top + rows < all.length },
    };
  }

  key(_ctx: MenuContext, k: KeyPress): PageResult {
    switch (k.key) {
      case 'up':
        this.top = Math.max(0, this.top - 1);
        return STAY;
      case 'down':
        this.top++;
        return STAY;
      case 'c':
      case 'left':
      case 'ok':
      case 'soft4':
        return POP;
      default:
        return UNHANDLED;
    }
  }
}

/** "Load default settings?": OK runs the action, C goes back; the action's notice shows after. */
export class ConfirmPage implements MenuPage {
  constructor(
    readonly title: Label,
    private readonly question: Label,
    private readonly run: (ctx: MenuContext) => Promise<string | void> | string | void,
    /** Pages to leave after running: 1 = this one; 2 = the page of the record it deleted too. */
    private readonly pops = 1,
  ) {}

  view(ctx: MenuContext): ScreenView {
    return {
      lines: [labelText(ctx.t, this.title), '', labelText(ctx.t, this.question), ''],
      align: ['left', 'left', 'center'],
      softKeys: softKeys(ctx, 'soft.ok', '', '', 'soft.back'),
    };
  }

  async key(ctx: MenuContext, k: KeyPress): Promise<PageResult> {
    if (k.key === 'ok' || k.key === 'soft1') {
      const notice = await this.run(ctx);
      return { kind: 'pop', count: this.pops, ...(notice ? { notice } : {}) };
    }
    if (k.key === 'c' || k.key === 'soft4' || k.key === 'left') return POP;
    return UNHANDLED;
  }
}
