import { NUMBER_PATTERN, type SettingDef, type SettingRole } from '../../config/index.js';
import { labelText, type Label } from '../i18n/label.js';
import { isKeypadKey } from '../keys.js';
import { LONG_PRESS_MS, type KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, UNHANDLED, softKeys, type MenuContext, type MenuList, type MenuPage, type PageResult, type PasswordNode, type SettingNode } from './menu-node.js';
import type { SettingWriter } from './setting-writer.js';
import { afterWrite } from './setting-pages.js';
import { TextEntry, type EntryMode } from './text-entry.js';

export interface EntryOptions {
  title: Label;
  /** The text shown over the entry line ("Name:"); absent = the entry is line 1. */
  prompt?: Label;
  /** The text the entry starts with (read when the page is first drawn). */
  initial?: string | ((ctx: MenuContext) => string);
  modes: EntryMode[];
  /** What '*' types in '123' mode ('.' for addresses). */
  star?: string;
  maxLength?: number;
  /** Shown as stars (passwords). */
  secret?: boolean;
  /** A line under the entry ("20-86400 s"). */
  hint?: string;
  /** Save / OK. */
  onSave: (ctx: MenuContext, text: string) => PageResult | Promise<PageResult>;
  /** The Save soft key's label (default Save; the LDAP search says Search). */
  saveLabel?: 'soft.save' | 'soft.ok' | 'soft.search' | 'soft.send';
}

/**
 * A value typed on the keypad (numbers, addresses, names with multi-tap letters,
 * manual §6 "Use phone keypad to setting"): Save hands it on, Del (or C) erases
 * the last character, a long C clears, C on an empty line goes back, the second
 * soft key switches 123 / abc / ABC.
 */
export class EntryPage implements MenuPage {
  readonly title: Label;
  private entry: TextEntry | undefined;

  constructor(private readonly o: EntryOptions) {
    this.title = o.title;
  }

  private text(ctx: MenuContext): TextEntry {
    this.entry ??= new TextEntry({
      clock: ctx.clock,
      initial: typeof this.o.initial === 'function' ? this.o.initial(ctx) : (this.o.initial ?? ''),
      modes: this.o.modes,
      ...(this.o.star ? { star: this.o.star } : {}),
      ...(this.o.maxLength !== undefined ? { maxLength: this.o.maxLength } : {}),
    });
    return this.entry;
  }

  view(ctx: MenuContext): ScreenView {
    const e = this.text(ctx);
    const shown = this.o.secret ? '*'.repeat(e.text.length) : e.text;
    const line = this.o.prompt ? 2 : 1;
    const lines = [labelText(ctx.t, this.title), ...(this.o.prompt ? [labelText(ctx.t, this.o.prompt)] : []), shown];
    if (this.o.hint) lines.push(...Array(Math.max(0, 3 - lines.length)).fill(''), this.o.hint);
    const soft = softKeys(ctx, this.o.saveLabel ?? 'soft.save', '', 'soft.del', 'soft.back');
    if (this.o.modes.length > 1) soft[1] = e.mode;
    return { lines, softKeys: soft, cursor: { line, column: [...shown].length - (e.composing ? 1 : 0) } };
  }

  async key(ctx: MenuContext, k: KeyPress): Promise<PageResult> {
    const e = this.text(ctx);
    if (isKeypadKey(k.key)) {
      e.press(k.key);
      return STAY;
    }
    switch (k.key) {
      case 'ok':
      case 'soft1':
        return this.o.onSave(ctx, e.text);
      case 'soft2':
        if (this.o.modes.length > 1) e.nextMode();
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
        return UNHANDLED;
    }
  }
}

/** The entry modes a declaration needs: digits for numbers and ports, '.' on '*' for addresses. */
export function entryModes(def: SettingDef): { modes: EntryMode[]; star?: string } {
  switch (def.kind) {
    case 'int':
    case 'port':
      return { modes: ['123'] };
    case 'ip':
      return { modes: ['123'], star: '.' };
    case 'host':
      return { modes: ['123', 'abc'], star: '.' };
    case 'password':
      return def.pattern === '[0-9]*' ? { modes: ['123'] } : { modes: ['123', 'abc', 'ABC'] };
    default:
      // numbers, and identifiers without spaces (SIP user names are mostly extensions), start with digits
      return def.pattern === NUMBER_PATTERN || (def.pattern !== undefined && !def.pattern.includes(' ') && def.pattern.includes('0-9'))
        ? { modes: ['123', 'abc', 'ABC'] }
        : { modes: ['abc', 'ABC', '123'] };
  }
}

/** The keypad editor of a setting: Save writes it through the writer, which checks it. */
export function textEditor(node: SettingNode, def: SettingDef, writer: SettingWriter): MenuPage {
  const { modes, star } = entryModes(def);
  const hint = def.min !== undefined && def.max !== undefined ? `${def.min}-${def.max}${def.unit ? ` ${def.unit}` : ''}` : undefined;
  return new EntryPage({
    title: node.label,
    // the entry starts from the value in force (a password starts empty)
    initial: (ctx) => (def.kind === 'password' ? '' : String(writer.read(ctx, node.key))),
    modes,
    ...(star ? { star } : {}),
    ...(def.maxLength !== undefined ? { maxLength: def.maxLength } : {}),
    ...(def.kind === 'password' ? { secret: true } : {}),
    ...(hint ? { hint } : {}),
    onSave: (ctx, raw) => {
      const value = def.kind === 'int' || def.kind === 'port' ? (raw === '' ? raw : Number(raw)) : raw;
      return afterWrite(ctx, writer.write(ctx, node.key, value));
    },
  });
}

/**
 * The password before a guarded menu (manual §6: "Enter the password required
 * (The default is empty)"). The right one opens the menu, which then runs with
 * the node's role (admin for Advanced setting); a wrong one says so and clears.
 */
export class PasswordPage implements MenuPage {
  readonly title: Label;
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
      lines: [labelText(ctx.t, this.title), ctx.t('screen.password'), '*'.repeat(this.entry.text.length), ''],
      softKeys: softKeys(ctx, 'soft.ok', '', 'soft.del', 'soft.back'),
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
        ctx.notice(ctx.t('notice.wrongPassword'));
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
        return UNHANDLED;
    }
  }
}
