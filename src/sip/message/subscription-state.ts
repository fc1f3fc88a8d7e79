import { TOKEN_CHARS, skipWsp } from './char-classes.js';
import { formatParams, parseParamsStrict } from './params.js';
import { parseDeltaSeconds } from './min-expires.js';
import type { Params } from './types.js';

/**
 * Subscription-State (RFC 6665 §8.2.3):
 *   active;expires=3600
 *   terminated;reason=timeout
 *   terminated;reason=probation;retry-after=30
 * `state` is lower-case ('active', 'pending', 'terminated' or an extension);
 * `expires` and `retryAfter` are present only when they are valid delta-seconds.
 */
export interface SubscriptionState {
  state: string;
  reason?: string;
  expires?: number;
  retryAfter?: number;
  params: Params;
}

export function parseSubscriptionState(text: string): SubscriptionState | undefined {
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
  const out: SubscriptionState = { state: s.slice(start, i).toLowerCase(), params };
  const reason = params.get('reason');
  if (reason) out.reason = reason.toLowerCase();
  const expires = params.get('expires');
  if (expires) {
    const v = parseDeltaSeconds(expires);
    if (v !== undefined) out.expires = v;
  }
  const retry = params.get('retry-after');
  if (retry) {
    const v = parseDeltaSeconds(retry);
    if (v !== undefined) out.retryAfter = v;
  }
  return out;
}

export function formatSubscriptionState(st: {
  state: string;
  reason?: string;
  expires?: number;
  retryAfter?: number;
}): string {
  const params: Params = new Map();
  if (st.reason !== undefined) params.set('reason', st.reason);
  if (st.expires !== undefined) params.set('expires', String(st.expires));
  if (st.retryAfter !== undefined) params.set('retry-after', String(st.retryAfter));
  return st.state + formatParams(params);
}
