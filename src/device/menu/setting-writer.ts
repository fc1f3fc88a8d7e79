import type { SettingRole, SettingValue } from '../../config/index.js';
import type { MenuContext } from './menu-node.js';

/** What an editor's write came to: done, or refused with the reason to show. */
/** `pending`: kept in a draft, not yet in the registry. */
export type WriteOutcome = { ok: true; pending?: boolean } | { ok: false; reason: string };

/**
 * Where an editor's value goes. Mostly straight into the registry with the
 * page's role (the LCD is `user`; Advanced setting runs as `admin`); the SIP
 * account page collects its values in a draft until "Submit changes" (manual
 * §6: "Set up the above parameters, select “Submit changes” to saves
 * settings"), so a half-typed account never registers.
 */
export interface SettingWriter {
  readonly role: SettingRole;
  /** The value an editor starts from and a list shows. */
  read(ctx: MenuContext, key: string): SettingValue;
  write(ctx: MenuContext, key: string, value: unknown): WriteOutcome;
}

/** A refusal as the notice shows it: the registry's own words in English, a short translated text otherwise. */
export function refusalText(ctx: MenuContext, key: string, reason: string): string {
  if (ctx.language() !== 'en') return /administrator/.test(reason) ? ctx.t('notice.adminOnly') : ctx.t('notice.invalidValue');
  return reason.replace(`${key}: `, '');
}

export function registryWriter(role: SettingRole): SettingWriter {
  return {
    role,
    read: (ctx, key) => ctx.settings.get(key),
    write(ctx, key, value) {
      const r = ctx.settings.set(key, value, { role });
      if (r.ok) return { ok: true };
      return { ok: false, reason: refusalText(ctx, key, r.errors[0]?.reason ?? r.reason) };
    },
  };
}

/** Values checked by the registry now, written together by `submit()`. */
export class SettingsDraft implements SettingWriter {
  private readonly pending = new Map<string, SettingValue>();

  constructor(readonly role: SettingRole) {}

  get dirty(): boolean {
    return this.pending.size > 0;
  }

  read(ctx: MenuContext, key: string): SettingValue {
    return this.pending.has(key) ? this.pending.get(key)! : ctx.settings.get(key);
  }

  write(ctx: MenuContext, key: string, value: unknown): WriteOutcome {
    const def = ctx.settings.registry.def(key);
    if (this.role === 'user' && def.role !== 'user') return { ok: false, reason: refusalText(ctx, key, 'only the administrator may change this setting') };
    const checked = ctx.settings.registry.validate(key, value);
    if (!checked.ok) return { ok: false, reason: refusalText(ctx, key, checked.reason) };
    this.pending.set(key, checked.value);
    return { ok: true, pending: true };
  }

  /** Everything at once (one registry write, one change event): all or nothing. */
  submit(ctx: MenuContext): WriteOutcome {
    if (!this.dirty) return { ok: true };
    const r = ctx.settings.setMany([...this.pending.entries()], { role: this.role });
    if (!r.ok) {
      const first = r.errors[0];
      return { ok: false, reason: refusalText(ctx, first?.key ?? '', first?.reason ?? r.reason) };
    }
    this.pending.clear();
    return { ok: true };
  }

  discard(): void {
    this.pending.clear();
  }
}
