import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, type ActionNode, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';

/** Read-only lines under a title (View status pages), scrolled with Up/Down. */
export class InfoPage implements MenuPage {
  private top = 0;

  constructor(
    readonly title: string,
    private readonly lines: (ctx: MenuContext) => string[],
  ) {}

  view(ctx: MenuContext): ScreenView {
    const all = this.lines(ctx);
    const rows = ctx.layout().textRows - 1;
    this.top = Math.max(0, Math.min(this.top, all.length - rows));
    return {
      lines: [this.title, ...all.slice(this.top, this.top + rows)],
      softKeys: ['', '', '', 'Back'],
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
        return { kind: 'unhandled' };
    }
  }
}

/** "Load default settings?": OK runs the action, C goes back. */
export class ConfirmPage implements MenuPage {
  readonly title: string;

  constructor(private readonly node: ActionNode) {
    this.title = node.label;
  }

  view(): ScreenView {
    return { lines: [this.title, '', this.node.confirm ?? '', ''], align: ['left', 'left', 'center'], softKeys: ['OK', '', '', 'Back'] };
  }

  async key(ctx: MenuContext, k: KeyPress): Promise<PageResult> {
    if (k.key === 'ok' || k.key === 'soft1') {
      const notice = await this.node.run(ctx);
      return { kind: 'pop', ...(notice ? { notice } : {}) };
    }
    if (k.key === 'c' || k.key === 'soft4') return POP;
    return { kind: 'unhandled' };
  }
}
