import type { EnumOption, SettingDef, SettingEffect, SettingRole, SettingValue } from './setting-def.js';

/**
 * Shorthand for the declaration files: one declarer per web page (or XML element)
 * fills in page, role, effect and the XML container/element/id, so each line of a
 * declaration file reads like a row of the manual's field table.
 *
 *   const p = new PageDeclarer({ page: 'SIP Account', role: 'admin', effect: 'live',
 *                                xml: { container: 'sipUsers', element: 'sipUser', id: 0 } });
 *   p.int('account.1.registerExpires', 'Register Expire Time', 3600, 20, 86400, 'RefreshTime', { unit: 's' })
 *
 * `attribute` undefined = no Escene XML location (a Sayhi-only setting).
 */
export interface PageContext {
  page: string;
  role: SettingRole;
  effect: SettingEffect;
  xml?: { container: string; element: string; id?: number };
}

/** Optional fields a row may add or override (role, effect, help, unit, menu, maxLength...). */
export type Extra = Partial<Omit<SettingDef, 'key' | 'kind' | 'default' | 'label'>>;

export class PageDeclarer {
  constructor(readonly context: PageContext) {}

  /** The same page with another XML element (Networks holds both `network` and `newTelnet`). */
  with(overrides: Partial<PageContext>): PageDeclarer {
    return new PageDeclarer({ ...this.context, ...overrides });
  }

  private make(
    key: string,
    kind: SettingDef['kind'],
    label: string,
    def: SettingValue,
    attribute: string | undefined,
    extra: Extra,
  ): SettingDef {
    const { page, role, effect, xml } = this.context;
    const out: SettingDef = { key, kind, default: def, label, page, role, effect, ...extra };
    if (attribute !== undefined && xml) {
      out.xml = { container: xml.container, element: xml.element, attribute };
      if (xml.id !== undefined) out.xml.id = xml.id;
    }
    return out;
  }

  bool(key: string, label: string, def: boolean, attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'bool', label, def, attribute, extra);
  }

  int(key: string, label: string, def: number, min: number, max: number, attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'int', label, def, attribute, { min, max, ...extra });
  }

  port(key: string, label: string, def: number, attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'port', label, def, attribute, extra);
  }

  string(key: string, label: string, def: string, maxLength: number, attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'string', label, def, attribute, { maxLength, ...extra });
  }

  password(key: string, label: string, def: string, maxLength: number, attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'password', label, def, attribute, { maxLength, ...extra });
  }

  host(key: string, label: string, def: string, attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'host', label, def, attribute, { maxLength: 255, ...extra });
  }

  ip(key: string, label: string, def: string, attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'ip', label, def, attribute, { maxLength: 45, ...extra });
  }

  enum(key: string, label: string, def: string, options: EnumOption[], attribute?: string, extra: Extra = {}): SettingDef {
    return this.make(key, 'enum', label, def, attribute, { options, ...extra });
  }
}

/** Options whose XML code is their position: ['udp','UDP'],['tcp','TCP'] → xml '0','1'. */
export function codedOptions(pairs: Array<[value: string, label: string]>, first = 0): EnumOption[] {
  return pairs.map(([value, label], i) => ({ value, label, xml: String(first + i) }));
}

/** Dial strings: digits, * and #, and the letters a SIP user part may carry (RFC 3261 §25.1 "user"). */
export const NUMBER_PATTERN = "[A-Za-z0-9*#+._!~'()&=$,;?/-]*";
/** A SIP user part without the characters that would break a URI (RFC 3261 §25.1). */
export const SIP_USER_PATTERN = "[A-Za-z0-9*#+._!~'()&=$,;?/%-]*";
