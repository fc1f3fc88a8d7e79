import { skipWsp } from './char-classes.js';
import { parseBoundedInt } from './cseq.js';
import { MAX_DELTA_SECONDS } from './min-expires.js';
import { formatParams, parseParamsStrict } from './params.js';
import type { Params } from './types.js';

/**
 * Session-Expires (RFC 4028 §4; compact form "x"): delta-seconds
 * *( SEMI se-params ), e.g. "1800;refresher=uac". `refresher` is set only
 * for the two defined values.
 */
export interface SessionExpires {
  interval: number;
  refresher?: 'uac' | 'uas';
  params: Params;
}

export function parseSessionExpires(text: string): SessionExpires | undefined {
  const head = readDeltaWithParams(text);
  if (!head) return undefined;
  const out: SessionExpires = { interval: head.value, params: head.params };
  const r = head.params.get('refresher')?.toLowerCase();
  if (r === 'uac' || r === 'uas') out.refresher = r;
  return out;
}

export function formatSessionExpires(se: { interval: number; refresher?: 'uac' | 'uas' }): string {
  const params: Params = new Map();
  if (se.refresher) params.set('refresher', se.refresher);
  return String(se.interval) + formatParams(params);
}

/** Min-SE: delta-seconds *( SEMI generic-param ) (RFC 4028 §5), sent with 422. */
export function parseMinSE(text: string): number | undefined {
  return readDeltaWithParams(text)?.value;
}

function readDeltaWithParams(text: string): { value: number; params: Params } | undefined {
  const s = text;
  const start = skipWsp(s, 0);
  let i = start;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === start) return undefined;
  const value = parseBoundedInt(s, start, i, MAX_DELTA_SECONDS);
  if (value === undefined) return undefined;
  const params = parseParamsStrict(s, i);
  if (!params) return undefined;
  return { value, params };
}
