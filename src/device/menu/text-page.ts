import { NUMBER_PATTERN, type SettingDef, type SettingRole } from '../../config/index.js';
import { isKeypadKey } from '../keys.js';
import { LONG_PRESS_MS, type KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, type MenuContext, type MenuList, type MenuPage, type PageResult, type PasswordNode, type SettingNode } from './menu-node.js';
import { TextEntry, type EntryMode } from './text-entry.js';
import { writeSetting } from './setting-pages.js';

const MODE_LABEL: Record<EntryMode, string> = { '123': '123', abc: 'abc', ABC: 'ABC' };

function entryModes(def: SettingDef): { modes: EntryMode[]; star?: string } {
  switch (def.kind) {
    case 'int':
    case 'port':
      return { modes: ['123'] };
    case 'ip':
      return { modes: ['123'], star: '.' };
    case 'host':
      return { modes: ['123', 'abc'], star: '.' };
    case 'password':
      return { modes: ['123', 'abc', 'ABC'] };
    default:
      return def.pattern === NUMBER_PATTERN ? { modes: ['123', 'abc', 'ABC'] } : { modes: ['abc', 'ABC', '123'] };
  }
}

/**
 * A value typed on the keypad (numbers, addresses, names with multi-tap letters):
 * Save writes it through the registry, which checks it; a refused value stays
 * on the page with the registry's reason as a notice.
 */
export class TextPage implements MenuPage {
  readonly title: string;
  private entry: TextEntry | undefined;

  constructor(
    private readonly node: SettingNode,
    private readonly def: SettingDef,
    private readonly role: SettingRole,
  ) {
    this.title = node.label;
  }

  private text(ctx: MenuContext): TextEntry {
    if (!this.entry) {
      const { modes, star } = entryModes(this.def);
      const initial = this.def.kind === 'password' ? '' : String(ctx.settings.get(this.node.key));
      this.entry = new TextEntry({
        clock: ctx.clock,
        initial,
        modes,
        ...(star ? { star } : {}),
        ...(this.def.maxLength !== undefined ? { maxLength: this.def.maxLength } : {}),
      });
    }
    return this.entry;
  }

  view(ctx: MenuContext): ScreenView {
    const e = this.text(ctx);
    const shown = this.def.kind === 'password' ? '*'.repeat(e.text.length) : e.text;
    const hint = this.def.min !== undefined && this.def.max !== undefined ? `${this.def.min}-${this.def.max}${this.def.unit ? ` ${this.def.unit}` : ''}` : '';
    const modes = entryModes(this.def).modes;
    return {
      lines: [this.title, shown, '', hint],
      softKeys: ['Save', modes.length > 1 ? MODE_LABEL[e.mode] : '', 'Del', 'Back'],
      cursor: { line: 1, column: [...shown].length - (e.composing ? 1 : 0) },
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
      case 'soft1': {
        const raw = e.text;
        const value = this.def.kind === 'int' || this.def.kind === 'port' ? (raw === '' ? raw : Number(raw)) : raw;
        return writeSetting(ctx, this.node.key, value, this.role);
      }
      case 'soft2':
        if (entryModes(this.def).modes.length > 1) e.nextMode();
        return STAY;
      case 'soft3':
      case 'left':
        e.backspace();
        return STAY;
      case 'c':
        if (k.holdMs >= LONG_PRESS_MS) e.clear();
        else if (e.text.length === 0) return POP;
        else e.backspace();
        return STAY;
      case 'soft4':
        return POP;
      default:
        return { kind: 'unhandled' };
    }
  }
}

/**
 * The password before a guarded menu (manual §6: "Enter the password required
 * (The default is empty)"). The right one opens the menu, which then runs with
 * the node's role (admin for Advanced setting); a wrong one says so and clears.
 */
export class PasswordPage implements MenuPage {
  readonly title: string;
  private entry: TextEntry | undefined;

  constructor(
    private readonly node: PasswordNode,
    private readonly openList: (list: MenuList, role: SettingRole) => MenuPage,
  ) {
    this.title = node.label;
  }

  view(ctx: MenuContext): ScreenView {
    this.entry ??= new TextEntry({ clock: ctx.clock, modes: ['123'] });
    return {
      lines: [this.title, 'Password:', '*'.repeat(this.entry.text.length), ''],
      softKeys: ['OK', '', 'Del', 'Back'],
      cursor: { line: 2, column: this.entry.text.length },
    };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    this.entry ??= new TextEntry({ clock: ctx.clock, modes: ['123'] });
    if (isKeypadKey(k.key)) {
      this.entry.press(k.key);
      return STAY;
    }
    switch (k.key) {
      case 'ok':
      case 'soft1':
        if (this.entry.text === String(ctx.settings.get(this.node.passwordKey))) {
          return { kind: 'replace', page: this.openList(this.node.child, this.node.role) };
        }
        this.entry.clear();
        ctx.notice('Wrong password');
        return STAY;
      case 'soft3':
        this.entry.backspace();
        return STAY;
      case 'c':
        if (this.entry.text.length === 0) return POP;
        this.entry.backspace();
        return STAY;
      case 'soft4':
        return POP;
      default:
        return { kind: 'unhandled' };
    }
  }
}
