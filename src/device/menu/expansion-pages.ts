import { EXPANSION_KEYS, EXPANSION_MODULES, KEPT_KEYS_TEXT, keyLayout, writeKeysFile, type EsceneAccount, type MemoryKey, type MemoryKeyType } from '../../config/index.js';
import type { MessageId } from '../i18n/en.js';
import { lineKeyCount } from '../keys.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, UNHANDLED, softKeys, type MenuContext, type MenuList, type MenuNode, type MenuPage, type PageResult } from './menu-node.js';
import { pickPage } from './pick-page.js';
import { RowListPage, type Row } from './row-list-page.js';
import type { SettingRole } from '../../config/index.js';
import { EntryPage } from './text-page.js';

/**
 * Expansion installation and settings (manual §4, "only 3xx-E has this item"):
 * "if you want to install expansion, please according to tips to do, after you
 * install, press finish"; then "choose which you want to set expansion", "choose
 * which you want to set programmable keys", and set "Mode: Speed Dial, Asterisk
 * BLF, Speed Dial Prefix, BLA, DTMF; Account; Name; Number". The module count is
 * the registry's `expansion.modules` (admin: the menu sits behind the advanced
 * password); the keys live in the Extern keys file (config keys-store), which
 * the phone re-reads when it changes.
 */
const MODES: ReadonlyArray<{ type: MemoryKeyType; label: MessageId }> = [
  { type: 'speed-dial', label: 'opt.speedDial' },
  { type: 'blf', label: 'opt.asteriskBlf' },
  { type: 'speed-dial-prefix', label: 'opt.speedDialPrefix' },
  { type: 'bla', label: 'opt.bla' },
  { type: 'dtmf', label: 'opt.dtmf' },
];

function modeText(ctx: MenuContext, type: MemoryKeyType): string {
  const m = MODES.find((x) => x.type === type);
  return m ? ctx.t(m.label) : type;
}

function accountText(ctx: MenuContext, a: EsceneAccount): string {
  return a === 'auto' ? ctx.t('value.auto') : ctx.t('screen.line', { n: a });
}

function modules(ctx: MenuContext): number {
  return Number(ctx.settings.get('expansion.modules'));
}

function storedKey(ctx: MenuContext, module: number, index: number): MemoryKey | undefined {
  if (!ctx.db) return undefined;
  return keyLayout(ctx.db, lineKeyCount(ctx.model)).expansion[module - 1]?.find((k) => k.id === index - 1);
}

/** Write one key back into the keys file; a key with neither number nor name is removed. */
function saveKey(ctx: MenuContext, module: number, key: MemoryKey): void {
  const db = ctx.db!;
  const layout = keyLayout(db, lineKeyCount(ctx.model));
  const keys = layout.expansion[module - 1]!.filter((k) => k.id !== key.id);
  if (key.number !== '' || key.name !== '') keys.push(key);
  layout.expansion[module - 1] = keys;
  db.keptTexts.set(KEPT_KEYS_TEXT, writeKeysFile(layout));
}

/** The tips, Finish (one more module) and Remove (one fewer). */
class InstallPage implements MenuPage {
  readonly title = 'menu.installExpansion';

  constructor(private readonly role: SettingRole) {}

  view(ctx: MenuContext): ScreenView {
    return {
      lines: [ctx.t(this.title), ctx.t('screen.expansionTip1'), ctx.t('screen.expansionTip2'), ctx.t('screen.modulesInstalled', { n: modules(ctx) })],
      softKeys: softKeys(ctx, 'soft.finish', '', modules(ctx) > 0 ? 'soft.remove' : '', 'soft.back'),
    };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    const n = modules(ctx);
    if (k.key === 'soft1' || k.key === 'ok' || (k.key === 'soft3' && n > 0)) {
      const next = k.key === 'soft3' ? n - 1 : Math.min(EXPANSION_MODULES, n + 1);
      const r = ctx.settings.set('expansion.modules', next, { role: this.role });
      ctx.notice(r.ok ? ctx.t('screen.modulesInstalled', { n: next }) : r.reason);
      return STAY;
    }
    if (k.key === 'c' || k.key === 'soft4' || k.key === 'left') return POP;
    return UNHANDLED;
  }
}

type KeyField = 'mode' | 'account' | 'name' | 'number';
const KEY_FIELDS: ReadonlyArray<{ field: KeyField; label: MessageId }> = [
  { field: 'mode', label: 'field.mode' },
  { field: 'account', label: 'field.account' },
  { field: 'name', label: 'field.name' },
  { field: 'number', label: 'field.number' },
];

/** One programmable key of a module: Mode, Account, Name, Number; Save writes the keys file. */
class KeyFormPage implements MenuPage {
  readonly title;
  private cursor = 0;
  private draft: MemoryKey | undefined;

  constructor(
    private readonly module: number,
    private readonly index: number,
  ) {
    this.title = { id: 'menu.keyN' as const, params: { n: index } };
  }

  private key0(ctx: MenuContext): MemoryKey {
    this.draft ??= { ...(storedKey(ctx, this.module, this.index) ?? { id: this.index - 1, type: 'speed-dial', account: 'auto', number: '', name: '', extra: [] }) };
    return this.draft;
  }

  private text(ctx: MenuContext, f: KeyField): string {
    const k = this.key0(ctx);
    if (f === 'mode') return modeText(ctx, k.type);
    if (f === 'account') return accountText(ctx, k.account);
    return k[f];
  }

  view(ctx: MenuContext): ScreenView {
    const rows = ctx.layout().textRows - 1;
    const top = Math.max(0, Math.min(this.cursor - rows + 1, KEY_FIELDS.length - rows));
    return {
      lines: [ctx.t('menu.keyN', { n: this.index }), ...KEY_FIELDS.slice(top, top + rows).map((f) => {
          const v = this.text(ctx, f.field);
          return v === '' ? ctx.t(f.label) : `${ctx.t(f.label)}\t${v}`;
        })],
      softKeys: softKeys(ctx, 'soft.save', '', '', 'soft.back'),
      selected: 1 + this.cursor - top,
      scroll: { up: top > 0, down: top + rows < KEY_FIELDS.length },
    };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    const draft = this.key0(ctx);
    switch (k.key) {
      case 'up':
      case 'down':
        this.cursor = (this.cursor + (k.key === 'down' ? 1 : KEY_FIELDS.length - 1)) % KEY_FIELDS.length;
        return STAY;
      case 'ok':
      case 'right':
        return { kind: 'push', page: this.editor(draft, KEY_FIELDS[this.cursor]!.field, KEY_FIELDS[this.cursor]!.label) };
      case 'soft1':
        saveKey(ctx, this.module, draft);
        return { kind: 'pop', notice: ctx.t('notice.saved') };
      case 'c':
      case 'left':
      case 'soft4':
        return POP;
      default:
        return UNHANDLED;
    }
  }

  private editor(draft: MemoryKey, field: KeyField, label: MessageId): MenuPage {
    const done = (): PageResult => POP;
    if (field === 'mode') {
      return pickPage(label, (ctx) => MODES.map((m) => ({ value: m.type, text: ctx.t(m.label) })), () => draft.type, (_c, v) => ((draft.type = v), done()));
    }
    if (field === 'account') {
      return pickPage<EsceneAccount>(
        label,
        (ctx) => [{ value: 'auto' as const, text: ctx.t('value.auto') }, ...Array.from({ length: lineKeyCount(ctx.model) }, (_, i) => ({ value: i + 1, text: ctx.t('screen.line', { n: i + 1 }) }))],
        () => draft.account,
        (_c, v) => ((draft.account = v), done()),
      );
    }
    return new EntryPage({
      title: label,
      initial: draft[field],
      modes: field === 'name' ? ['ABC', 'abc', '123'] : ['123', 'abc'],
      maxLength: 32,
      onSave: (_c, text) => ((draft[field] = text), done()),
    });
  }
}

interface KeyRow extends Row {
  index: number;
}

function moduleKeysPage(module: number): MenuPage {
  return new RowListPage<KeyRow>({
    title: { id: 'menu.expansionN', params: { n: module } },
    rows: (ctx) =>
      Array.from({ length: EXPANSION_KEYS }, (_, i) => {
        const k = storedKey(ctx, module, i + 1);
        return { index: i + 1, text: `${i + 1}.${k ? k.name || modeText(ctx, k.type) : '-'}`, right: k?.number ?? '' };
      }),
    softKeys: (ctx) => softKeys(ctx, 'soft.ok', '', '', 'soft.back'),
    onKey: (_ctx, k, row) => (row && (k.key === 'ok' || k.key === 'soft1' || k.key === 'right') ? { kind: 'push', page: new KeyFormPage(module, row.index) } : UNHANDLED),
  });
}

export const expansionMenu: MenuNode = {
  kind: 'password',
  label: 'menu.expansionInstallation',
  visible: (c) => c.model === 'ES330',
  passwordKey: 'lcd.password',
  role: 'admin',
  child: {
    kind: 'list',
    label: 'menu.expansionInstallation',
    items: (ctx): MenuNode[] => [
      { kind: 'page', label: 'menu.installExpansion', open: (_c, role) => new InstallPage(role) },
      ...Array.from({ length: modules(ctx) }, (_, i): MenuNode => ({ kind: 'page', label: { id: 'menu.expansionN', params: { n: i + 1 } }, open: () => moduleKeysPage(i + 1) })),
    ],
  } satisfies MenuList,
};
