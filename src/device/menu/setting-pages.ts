import type { EnumOption, SettingDef, SettingRole } from '../../config/index.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, type MenuContext, type MenuPage, type PageResult, type SettingNode } from './menu-node.js';
import { TextPage } from './text-page.js';

/** Ranges this small edit as a level (the 9-level volumes, contrast): ←/→ or ↑/↓, written at once. */
const LEVEL_MAX_SPAN = 9;

/** How the LCD names a boolean setting's two values (manual §4: 'Select "Enable"'). */
const BOOL_OPTIONS: EnumOption[] = [
  { value: 'true', label: 'Enable' },
  { value: 'false', label: 'Disable' },
];

function optionsOf(ctx: MenuContext, node: SettingNode, def: SettingDef): EnumOption[] | undefined {
  if (node.options) return node.options(ctx);
  if (def.kind === 'bool') return BOOL_OPTIONS;
  if (def.kind === 'enum') return def.options;
  return undefined;
}

/** The value as a list shows it beside the label. */
export function settingValueLabel(ctx: MenuContext, node: SettingNode): string {
  const def = ctx.settings.registry.def(node.key);
  const v = ctx.settings.get(node.key);
  if (def.kind === 'bool') return v ? 'On' : 'Off';
  if (def.kind === 'password') return v === '' ? '' : '****';
  const opt = optionsOf(ctx, node, def)?.find((o) => o.value === String(v));
  return opt ? opt.label : String(v);
}

/** Write through the registry with the page's role; the result becomes what the page does next. */
export function writeSetting(ctx: MenuContext, key: string, value: unknown, role: SettingRole): PageResult {
  const r = ctx.settings.set(key, value, { role });
  if (!r.ok) {
    ctx.notice(r.errors[0]?.reason.replace(`${key}: `, '') ?? r.reason);
    return STAY;
  }
  return { kind: 'pop', notice: 'Saved' };
}

/** The editor for a setting node, chosen by its declaration. */
export function editorFor(ctx: MenuContext, node: SettingNode, role: SettingRole): MenuPage {
  const def = ctx.settings.registry.def(node.key);
  const options = optionsOf(ctx, node, def);
  if (options) return new ChoicePage(node, options, role);
  if (def.kind === 'int' && def.min !== undefined && def.max !== undefined && def.max - def.min <= LEVEL_MAX_SPAN) {
    return new LevelPage(node, def.min, def.max, role);
  }
  return new TextPage(node, def, role);
}

/** Pick one of a few values; the current one is marked, OK saves the selected one. */
export class ChoicePage implements MenuPage {
  readonly title: string;
  private cursor = 0;
  private top = 0;
  private placed = false;

  constructor(
    private readonly node: SettingNode,
    private readonly options: EnumOption[],
    private readonly role: SettingRole,
  ) {
    this.title = node.label;
  }

  private current(ctx: MenuContext): string {
    return String(ctx.settings.get(this.node.key));
  }

  view(ctx: MenuContext): ScreenView {
    if (!this.placed) {
      // the cursor starts on the value in force
      this.cursor = Math.max(0, this.options.findIndex((o) => o.value === this.current(ctx)));
      this.placed = true;
    }
    const rows = ctx.layout().textRows - 1;
    if (this.cursor < this.top) this.top = this.cursor;
    if (this.cursor >= this.top + rows) this.top = this.cursor - rows + 1;
    const cur = this.current(ctx);
    const shown = this.options.slice(this.top, this.top + rows).map((o) => `${o.value === cur ? '\u25ba' : ' '}${o.label}`);
    return {
      lines: [this.title, ...shown],
      softKeys: ['Save', '', '', 'Back'],
      selected: 1 + this.cursor - this.top,
      scroll: { up: this.top > 0, down: this.top + rows < this.options.length },
    };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    const n = this.options.length;
    switch (k.key) {
      case 'up':
      case 'down':
        this.cursor = (this.cursor + (k.key === 'down' ? 1 : n - 1)) % n;
        this.node.preview?.(ctx, this.options[this.cursor]!.value);
        return STAY;
      case 'ok':
      case 'soft1': {
        const value = this.options[this.cursor]!.value;
        const def = ctx.settings.registry.def(this.node.key);
        return writeSetting(ctx, this.node.key, def.kind === 'bool' ? value === 'true' : value, this.role);
      }
      case 'c':
      case 'left':
      case 'soft4':
        return POP;
      default:
        return { kind: 'unhandled' };
    }
  }

  close(ctx: MenuContext): void {
    this.node.preview?.(ctx, undefined);
  }
}

/** A level 1..9 as a bar; each step is written at once (the volume is heard as it changes). */
export class LevelPage implements MenuPage {
  readonly title: string;

  constructor(
    private readonly node: SettingNode,
    private readonly min: number,
    private readonly max: number,
    private readonly role: SettingRole,
  ) {
    this.title = node.label;
  }

  view(ctx: MenuContext): ScreenView {
    const v = Number(ctx.settings.get(this.node.key));
    const bar = '#'.repeat(v - this.min + 1) + '-'.repeat(this.max - v);
    return { lines: [this.title, '', `- ${bar} +`, `${v}`], align: ['left', 'left', 'center', 'center'], softKeys: ['OK', '', '', 'Back'] };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    const v = Number(ctx.settings.get(this.node.key));
    switch (k.key) {
      case 'right':
      case 'up':
      case 'volUp':
      case 'left':
      case 'down':
      case 'volDown': {
        const up = k.key === 'right' || k.key === 'up' || k.key === 'volUp';
        const next = Math.min(this.max, Math.max(this.min, v + (up ? 1 : -1)));
        if (next !== v) {
          const r = ctx.settings.set(this.node.key, next, { role: this.role });
          if (!r.ok) ctx.notice(r.reason);
          else this.node.preview?.(ctx, next);
        }
        return STAY;
      }
      case 'ok':
      case 'soft1':
      case 'c':
      case 'soft4':
        return POP;
      default:
        if (/^[1-9]$/.test(k.key)) {
          const r = ctx.settings.set(this.node.key, Math.min(this.max, Math.max(this.min, Number(k.key))), { role: this.role });
          if (!r.ok) ctx.notice(r.reason);
          return STAY;
        }
        return { kind: 'unhandled' };
    }
  }

  close(ctx: MenuContext): void {
    this.node.preview?.(ctx, undefined);
  }
}

