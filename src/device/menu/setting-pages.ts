import type { SettingDef } from '../../config/index.js';
import { labelText } from '../i18n/label.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, UNHANDLED, softKeys, type ChoiceOption, type MenuContext, type MenuPage, type PageResult, type SettingNode } from './menu-node.js';
import type { SettingWriter } from './setting-writer.js';
import { textEditor } from './text-page.js';

/** Ranges this small edit as a level (the 9-level volumes, contrast): ←/→ or ↑/↓, written at once. */
const LEVEL_MAX_SPAN = 9;

/** How the LCD names a boolean setting's two values (manual §4: 'Select "Enable"'). */
const BOOL_OPTIONS: ChoiceOption[] = [
  { value: 'true', label: 'opt.enable' },
  { value: 'false', label: 'opt.disable' },
];

function optionsOf(ctx: MenuContext, node: SettingNode, def: SettingDef): ChoiceOption[] | undefined {
  if (node.options) return node.options(ctx);
  if (def.kind === 'bool') return BOOL_OPTIONS;
  if (def.kind === 'enum') return (def.options ?? []).map((o) => ({ value: o.value, label: { text: o.label } }));
  return undefined;
}

/** The value as a list shows it beside the label. */
export function settingValueLabel(ctx: MenuContext, node: SettingNode, writer: SettingWriter): string {
  const def = ctx.settings.registry.def(node.key);
  const v = writer.read(ctx, node.key);
  if (def.kind === 'bool') return ctx.t(v ? 'value.on' : 'value.off');
  if (def.kind === 'password') return v === '' ? '' : '****';
  const opt = optionsOf(ctx, node, def)?.find((o) => o.value === String(v));
  return opt ? labelText(ctx.t, opt.label) : String(v);
}

/** A written value: back to the list with "Saved", or stay with the refusal. */
export function afterWrite(ctx: MenuContext, outcome: ReturnType<SettingWriter['write']>): PageResult {
  if (!outcome.ok) {
    ctx.notice(outcome.reason);
    return STAY;
  }
  return outcome.pending ? { kind: 'pop' } : { kind: 'pop', notice: ctx.t('notice.saved') };
}

/** The registry's value type for a value picked from a list. */
function typed(def: SettingDef, value: string): unknown {
  if (def.kind === 'bool') return value === 'true';
  if (def.kind === 'int' || def.kind === 'port') return Number(value);
  return value;
}

/** The editor for a setting node, chosen by its declaration. */
export function editorFor(ctx: MenuContext, node: SettingNode, writer: SettingWriter): MenuPage {
  const def = ctx.settings.registry.def(node.key);
  const options = optionsOf(ctx, node, def);
  if (options) return new ChoicePage(node, options, writer);
  if (def.kind === 'int' && def.min !== undefined && def.max !== undefined && def.max - def.min <= LEVEL_MAX_SPAN) {
    return new LevelPage(node, def.min, def.max, writer);
  }
  return textEditor(node, def, writer);
}

/** Pick one of a few values; the current one is marked, OK saves the selected one. */
export class ChoicePage implements MenuPage {
  readonly title;
  private cursor = 0;
  private top = 0;
  private placed = false;

  constructor(
    private readonly node: SettingNode,
    private readonly options: ChoiceOption[],
    private readonly writer: SettingWriter,
  ) {
    this.title = node.label;
  }

  private current(ctx: MenuContext): string {
    return String(this.writer.read(ctx, this.node.key));
  }

  view(ctx: MenuContext): ScreenView {
    if (!this.placed) {
      // the cursor starts on the value in force; a previewing list plays it at once
      // (Ring type: "It will auto ringing. Press navigation to choose ring tone")
      this.cursor = Math.max(0, this.options.findIndex((o) => o.value === this.current(ctx)));
      this.placed = true;
      this.node.preview?.(ctx, this.options[this.cursor]?.value);
    }
    const rows = ctx.layout().textRows - 1;
    if (this.cursor < this.top) this.top = this.cursor;
    if (this.cursor >= this.top + rows) this.top = this.cursor - rows + 1;
    const cur = this.current(ctx);
    const shown = this.options.slice(this.top, this.top + rows).map((o) => `${o.value === cur ? '\u25ba' : ' '}${labelText(ctx.t, o.label)}`);
    return {
      lines: [labelText(ctx.t, this.title), ...shown],
      softKeys: softKeys(ctx, 'soft.save', '', '', 'soft.back'),
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
        const def = ctx.settings.registry.def(this.node.key);
        return afterWrite(ctx, this.writer.write(ctx, this.node.key, typed(def, this.options[this.cursor]!.value)));
      }
      case 'c':
      case 'left':
      case 'soft4':
        return POP;
      default:
        if (/^[1-9]$/.test(k.key) && Number(k.key) <= n) {
          this.cursor = Number(k.key) - 1;
          this.node.preview?.(ctx, this.options[this.cursor]!.value);
          return STAY;
        }
        return UNHANDLED;
    }
  }

  close(ctx: MenuContext): void {
    this.node.preview?.(ctx, undefined);
  }
}

/** A level 1..9 as a bar; each step is written at once (the volume is heard as it changes). */
export class LevelPage implements MenuPage {
  readonly title;

  constructor(
    private readonly node: SettingNode,
    private readonly min: number,
    private readonly max: number,
    private readonly writer: SettingWriter,
  ) {
    this.title = node.label;
  }

  view(ctx: MenuContext): ScreenView {
    const v = Number(this.writer.read(ctx, this.node.key));
    const bar = '#'.repeat(v - this.min + 1) + '-'.repeat(this.max - v);
    return {
      lines: [labelText(ctx.t, this.title), '', `- ${bar} +`, `${v}`],
      align: ['left', 'left', 'center', 'center'],
      softKeys: softKeys(ctx, 'soft.ok', '', '', 'soft.back'),
    };
  }

  private set(ctx: MenuContext, level: number): void {
    const next = Math.min(this.max, Math.max(this.min, level));
    if (next === Number(this.writer.read(ctx, this.node.key))) return;
    const r = this.writer.write(ctx, this.node.key, next);
    if (!r.ok) ctx.notice(r.reason);
    else this.node.preview?.(ctx, next);
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    const v = Number(this.writer.read(ctx, this.node.key));
    switch (k.key) {
      case 'right':
      case 'up':
      case 'volUp':
        this.set(ctx, v + 1);
        return STAY;
      case 'left':
      case 'down':
      case 'volDown':
        this.set(ctx, v - 1);
        return STAY;
      case 'ok':
      case 'soft1':
      case 'c':
      case 'soft4':
        return POP;
      default:
        if (/^[0-9]$/.test(k.key)) {
          this.set(ctx, Number(k.key));
          return STAY;
        }
        return UNHANDLED;
    }
  }

  close(ctx: MenuContext): void {
    this.node.preview?.(ctx, undefined);
  }
}
