import type { PhoneDatabase, SettingRole, SettingValue } from '../../config/index.js';
import type { Label } from '../i18n/label.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { KeypadLock } from '../screens/keypad-lock.js';
import type { ScreenContext } from '../screens/screen-context.js';
import type { ScreenView } from '../screens/screen-view.js';
import type { DirectorySearch } from './directory-search.js';

/**
 * The LCD menus (manual §5–6: MENU or OK > Call history, Phone book, Function
 * setting, System setting, View status, Diagnose) as a tree of nodes. A setting
 * node names a registry key: its editor follows the key's declaration, and the
 * value is written with `Settings.set(key, value, { role })`, so the LCD writes
 * exactly what the web UI writes and gets the same validation. Labels are
 * message ids (i18n/), so the tree is the same in every LCD language.
 */
export type MenuNode = MenuList | SettingNode | ActionNode | InfoNode | PasswordNode | PageNode;

interface NodeBase {
  label: Label;
  /** Hidden when false (ES330-only items, expansion...). */
  visible?: (ctx: MenuContext) => boolean;
}

export interface MenuList extends NodeBase {
  kind: 'list';
  items: MenuNode[] | ((ctx: MenuContext) => MenuNode[]);
}

/** One value a choice editor offers. */
export interface ChoiceOption {
  value: string;
  label: Label;
}

export interface SettingNode extends NodeBase {
  kind: 'setting';
  key: string;
  /** Choices instead of the declaration's (ring tones, languages in their own words...). */
  options?: (ctx: MenuContext) => ChoiceOption[];
  /** Called as the cursor moves over a choice / a level changes (ring preview); undefined on leaving. */
  preview?: (ctx: MenuContext, value: SettingValue | undefined) => void;
}

export interface ActionNode extends NodeBase {
  kind: 'action';
  /** Asked before running ("Load default settings?"); absent: runs at once. */
  confirm?: Label;
  /** Returns the notice to show (already in the LCD language). */
  run: (ctx: MenuContext) => Promise<string | void> | string | void;
}

export interface InfoNode extends NodeBase {
  kind: 'info';
  /** The lines, in the LCD language. */
  lines: (ctx: MenuContext) => string[];
}

/** A sub-tree behind a password (Advanced setting: `lcd.password`, "The default is empty"); it runs as `role`. */
export interface PasswordNode extends NodeBase {
  kind: 'password';
  passwordKey: string;
  role: SettingRole;
  child: MenuList;
}

/** A page of its own (call history, phone book, diagnose). */
export interface PageNode extends NodeBase {
  kind: 'page';
  open: (ctx: MenuContext, role: SettingRole) => MenuPage | Promise<MenuPage>;
}

/** Facts for View status that the phone core does not hold (the host's network). */
export interface SystemInfo {
  ipAddress?: string;
  subnetMask?: string;
  gateway?: string;
  dns?: string[];
  mac?: string;
  version?: string;
  kernel?: string;
  upgradeDate?: string;
}

/** What menu pages may use: the screen context, the database and the host facts. */
export interface MenuContext extends ScreenContext {
  readonly db: PhoneDatabase | undefined;
  readonly keypadLock: KeypadLock;
  systemInfo(): SystemInfo;
  /** The LDAP directory (Phone book > LDAP), when the phone has one. */
  directory(): DirectorySearch | undefined;
  /** Light / darken every LED for Diagnose > Lights (undefined: back to the phone's state). */
  ledTest(pattern: 'all-red' | 'all-green' | 'off' | undefined): void;
  /** The last key pressed (Diagnose > Keys). */
  lastKey(): string | undefined;
  /** A reboot of the phone process, when the composition root offers one. */
  reboot?: () => void;
}

export type PageResult =
  | { kind: 'stay' }
  | { kind: 'push'; page: MenuPage }
  /** This page gives way to another (a password accepted opens what it guarded). */
  | { kind: 'replace'; page: MenuPage }
  /** Back `count` pages (default 1), then show `notice`. */
  | { kind: 'pop'; count?: number; notice?: string }
  /** Close the menu (a call was placed from it), then show `notice`. */
  | { kind: 'exit'; notice?: string }
  | { kind: 'unhandled' };

export const STAY: PageResult = { kind: 'stay' };
export const POP: PageResult = { kind: 'pop' };
export const UNHANDLED: PageResult = { kind: 'unhandled' };

/** One page on the menu stack. */
export interface MenuPage {
  readonly title: Label;
  view(ctx: MenuContext): ScreenView;
  key(ctx: MenuContext, k: KeyPress): PageResult | Promise<PageResult>;
  /** Leaving the page (stop a ring preview, cancel a test pattern). */
  close?(ctx: MenuContext): void;
}

export function itemsOf(list: MenuList, ctx: MenuContext): MenuNode[] {
  const items = typeof list.items === 'function' ? list.items(ctx) : list.items;
  return items.filter((n) => n.visible?.(ctx) ?? true);
}

/** The soft-key labels in the LCD language ('' = unused). */
export function softKeys(ctx: ScreenContext, ...ids: Array<Parameters<ScreenContext['t']>[0] | ''>): string[] {
  return ids.map((id) => (id === '' ? '' : ctx.t(id)));
}

/** A setting item: a registry key under a label. */
export function setting(key: string, label: Label, extra: Partial<Omit<SettingNode, 'kind' | 'key' | 'label'>> = {}): SettingNode {
  return { kind: 'setting', key, label, ...extra };
}
