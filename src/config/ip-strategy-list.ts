import { isIP } from 'node:net';
import type { PhoneDatabase } from './store/index.js';

/**
 * The IP Strategy address list (manual §7 "Advance > IP Strategy": "a list which
 * [addresses] you want to allow make a call for you") as stored data. It is a
 * table of the Escene file (`WhiteTabs`, escene/table-rows.ts), not a setting:
 * the phone database keeps it as one named text, a JSON array of addresses (IP
 * literals, or IPv4 a.b.c.d/len ranges), at most IP_STRATEGY_MAX of them. The
 * text's name must not change: existing databases hold it. Screening calls
 * against it is the phone's business (src/phone/features/ip-strategy.ts).
 */
export const IP_STRATEGY_TEXT = 'sayhi.ipStrategy.addresses';
/** Project limit: the manual gives none. */
export const IP_STRATEGY_MAX = 32;

export type IpStrategyCheck = { ok: true; addresses: string[] } | { ok: false; reason: string };

/** An IP literal or an IPv4 range a.b.c.d/len. */
export function isIpStrategyAddress(a: string): boolean {
  const range = /^(.+)\/(\d{1,2})$/.exec(a);
  if (range) return isIP(range[1]!) === 4 && Number(range[2]) <= 32;
  return isIP(a) !== 0;
}

/** Trimmed, blanks and repeats dropped; refused whole when an entry is not an address. */
export function checkIpStrategyList(addresses: readonly string[]): IpStrategyCheck {
  const list = [...new Set(addresses.map((a) => a.trim()).filter((a) => a !== ''))];
  const bad = list.find((a) => !isIpStrategyAddress(a));
  if (bad !== undefined) return { ok: false, reason: `"${bad}" is not an IP address or an IPv4 range (a.b.c.d/len)` };
  if (list.length > IP_STRATEGY_MAX) return { ok: false, reason: `at most ${IP_STRATEGY_MAX} addresses` };
  return { ok: true, addresses: list };
}

export function readIpStrategyList(db: PhoneDatabase): string[] {
  const text = db.keptTexts.get(IP_STRATEGY_TEXT);
  if (!text) return [];
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) ? list.filter((a): a is string => typeof a === 'string' && isIpStrategyAddress(a)) : [];
  } catch {
    return [];
  }
}

/** Replace the list; refused whole (nothing written) when an entry is not an address. */
export function writeIpStrategyList(db: PhoneDatabase, addresses: readonly string[]): IpStrategyCheck {
  const checked = checkIpStrategyList(addresses);
  if (checked.ok) db.keptTexts.set(IP_STRATEGY_TEXT, JSON.stringify(checked.addresses));
  return checked;
}
