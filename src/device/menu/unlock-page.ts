import { isKeypadKey } from '../keys.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { STAY, UNHANDLED, softKeys, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';
import { TextEntry } from './text-entry.js';

/**
 * The keypad-lock password (MENU on a locked phone, screens/keypad-lock.ts):
 * digits, OK; the right one unlocks and the menu the person asked for opens,
 * a wrong one clears the entry. C on an empty entry, or Back, leaves it locked.
 */
export class UnlockPage implements MenuPage {
  readonly title = 'lock.title';
  private entry: TextEntry | undefined;

  private text(ctx: MenuContext): TextEntry {
    this.entry ??= new TextEntry({ clock: ctx.clock, modes: ['123'] });
    return this.entry;
  }

  view(ctx: MenuContext): ScreenView {
    const e = this.text(ctx);
    return {
      lines: [ctx.t('lock.title'), ctx.t('lock.enterPassword'), '*'.repeat(e.text.length), ''],
      softKeys: softKeys(ctx, 'soft.ok', '', 'soft.del', 'soft.back'),
      cursor: { line: 2, column: e.text.length },
    };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    const e = this.text(ctx);
    if (isKeypadKey(k.key)) {
      e.press(k.key);
      return STAY;
    }
    switch (k.key) {
      case 'ok':
      case 'soft1':
        if (ctx.keypadLock.unlock(e.text)) return { kind: 'exit', notice: ctx.t('lock.unlocked') };
        e.clear();
        ctx.notice(ctx.t('notice.wrongPassword'));
        return STAY;
      case 'soft3':
        e.backspace();
        return STAY;
      case 'c':
        if (e.text.length > 0) {
          e.backspace();
          return STAY;
        }
        return { kind: 'exit' };
      case 'soft4':
      case 'menu':
        return { kind: 'exit' };
      default:
        return UNHANDLED;
    }
  }
}
