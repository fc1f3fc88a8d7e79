import { KEPT_KEYS_TEXT, PROGRAM_KEY_IDS, keyLayout, type PhoneDatabase, type ProgramKey, type ProgramKeyName } from '../config/index.js';
import type { DeviceKey } from './keys.js';
import type { GlobalKeyHost } from './key-router.js';
import type { ScreenContext } from './screens/screen-context.js';

/**
 * Function keys (manual §7 "Programmable Keys" > Function Keys; the keys
 * file's `ProgramKeys`, escene-formats.md §4): a fixed key set to another job.
 *
 * When it applies (docs/decisions.md): on the idle screen only - no call, no
 * number being typed, no menu. The ids 0-3 are the *idle* soft keys, and the
 * arrows and OK are the idle shortcuts; Hold, Transfer, Conference, Mute...
 * keep their own job in a call, so a remapping can never strand a call (as
 * Yealink's and Grandstream's key remaps do on the idle screen).
 */
const KEY_OF_ID: ReadonlyMap<ProgramKeyName, DeviceKey> = new Map<ProgramKeyName, DeviceKey>([
  ['idle-softkey-1', 'soft1'],
  ['idle-softkey-2', 'soft2'],
  ['idle-softkey-3', 'soft3'],
  ['idle-softkey-4', 'soft4'],
  ['up', 'up'],
  ['down', 'down'],
  ['left', 'left'],
  ['right', 'right'],
  ['ok', 'ok'],
  ['conference', 'conference'],
  ['redial', 'redial'],
  ['transfer', 'transfer'],
  ['hold', 'hold'],
  ['service', 'service'],
  ['directories', 'directory'],
  ['menu', 'menu'],
  ['mute', 'mute'],
  ['message', 'message'],
]);

/** The function keys of the stored keys file, re-read when its text changes. */
export class FunctionKeyRemaps {
  private text: string | undefined;
  private loaded = false;
  private byKey = new Map<DeviceKey, ProgramKey>();

  constructor(
    private readonly db: PhoneDatabase | undefined,
    private readonly accountCount: number,
  ) {}

  /** What `key` is set to do instead of its own job; undefined for "Default" (or no setting). */
  remapOf(key: DeviceKey): ProgramKey | undefined {
    if (!this.db) return undefined;
    const text = this.db.keptTexts.get(KEPT_KEYS_TEXT);
    if (!this.loaded || text !== this.text) {
      this.loaded = true;
      this.text = text;
      this.byKey = new Map();
      for (const k of keyLayout(this.db, this.accountCount).programKeys) {
        const name = PROGRAM_KEY_IDS[k.id];
        const target = name ? KEY_OF_ID.get(name) : undefined;
        if (target && k.type !== 'default') this.byKey.set(target, k);
      }
    }
    return this.byKey.get(key);
  }
}

/** Menu paths (English labels, as menu-session.ts follows them) of the remap types that open a list. */
const MENU_PATHS: Partial<Record<ProgramKey['type'], string[]>> = {
  contacts: ['Phone book', 'Personal phone book', 'View all'],
  'enterprise-phonebook': ['Phone book', 'Enterprise phone book'],
  ldap: ['Phone book', 'LDAP'],
  directory: ['Phone book'],
  'call-list': ['Call history'],
  'missed-calls': ['Call history', 'Missed calls'],
  'received-calls': ['Call history', 'Received calls'],
  'dialed-calls': ['Call history', 'Dialed numbers'],
  'call-forward': ['Function setting', 'VoIP call forwarding'],
  status: ['View status'],
};

/** The Escene key-file functions an ES3xx does not have (no XML browser, hot desking, provisioning key in its manual). */
const NOT_ON_THIS_PHONE: ReadonlySet<ProgramKey['type']> = new Set(['xml-browser', 'hot-desking', 'auto-provision']);

/** Toggle DND for the whole phone (manual §5 "DND"), with a notice. */
export function toggleDnd(ctx: ScreenContext): void {
  const on = ctx.settings.get('call.dnd') !== true;
  const r = ctx.settings.set('call.dnd', on, { role: 'user' });
  ctx.notice(r.ok ? ctx.t(on ? 'notice.dndOn' : 'notice.dndOff') : r.reason);
}

/** Do what a function key is set to (its `type`); always handles the key. */
export async function runFunctionKey(ctx: GlobalKeyHost, k: ProgramKey, ownJob: (key: DeviceKey) => Promise<boolean>): Promise<boolean> {
  const path = MENU_PATHS[k.type];
  if (path) {
    ctx.openMenu(path);
    return true;
  }
  switch (k.type) {
    case 'redial':
      return ownJob('redial');
    case 'menu':
      ctx.toggleMenu();
      return true;
    case 'dnd':
      toggleDnd(ctx);
      return true;
    case 'sms':
    case 'new-sms':
      // the list, or straight to a new message (To, then the text, multi-tap)
      ctx.openTextMessages(k.type === 'new-sms');
      return true;
    case 'speed-dial': {
      const number = k.number.trim();
      if (!number) ctx.notice(ctx.t('notice.keyNoNumber'));
      else {
        if (ctx.audio.path === 'none') ctx.audio.setPath(ctx.audio.defaultPath());
        await ctx.command('Speed dial', () => ctx.phone.dial(number, k.account === 'auto' ? {} : { line: k.account }));
      }
      return true;
    }
    case 'account-toggle': {
      const line = k.account === 'auto' ? 1 : k.account;
      const key = `account.${line}.enabled`;
      const on = ctx.settings.get(key) !== true;
      const r = ctx.settings.set(key, on, { role: 'admin' });
      ctx.notice(r.ok ? ctx.t(on ? 'notice.lineEnabled' : 'notice.lineDisabled', { n: line }) : r.reason);
      return true;
    }
    default:
      if (NOT_ON_THIS_PHONE.has(k.type)) ctx.notice(ctx.t('notice.functionUnavailable'));
      return true;
  }
}
