import { TOKEN_CHARS, skipWsp } from './char-classes.js';
import { formatParams, parseParamsStrict } from './params.js';
import type { Params } from './types.js';

/**
 * Event (RFC 6665 §8.2.1; compact form "o"): event-type *( SEMI event-param ),
 * e.g. "dialog;id=1", "message-summary", "presence.winfo". The type is kept
 * as written; `id` is the subscription id parameter when present.
 */
export interface EventHeader {
  type: string;
  params: Params;
  id?: string;
}

export function parseEvent(text: string): EventHeader | undefined {
  const s = text;
  let i = skipWsp(s, 0);
  const start = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] === 0) break;
    i++;
  }
  if (i === start) return undefined;
  const params = parseParamsStrict(s, i);
  if (!params) return undefined;
  const ev: EventHeader = { type: s.slice(start, i), params };
  const id = params.get('id');
  if (id !== undefined && id !== null) ev.id = id;
  return ev;
}

export function formatEvent(ev: { type: string; params?: Params; id?: string }): string {
  const params: Params = new Map(ev.params ?? []);
  if (ev.id !== undefined) params.set('id', ev.id);
  return ev.type + formatParams(params);
}

/**
 * Two Event values name the same subscription when the types and the id
 * parameters match (RFC 6665 §8.2.1: "id" compares case-sensitively, and an
 * absent id only matches an absent id).
 */
export function sameEvent(a: EventHeader, b: EventHeader): boolean {
  return a.type.toLowerCase() === b.type.toLowerCase() && a.id === b.id;
}
