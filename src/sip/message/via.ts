import { formatParams, parseParams } from './params.js';
import { formatHost } from './uri.js';
import type { CSeq, Via } from './types.js';

/** Magic cookie of RFC 3261 branches (§8.1.1.7). */
export const BRANCH_COOKIE = 'z9hG4bK';

/**
 * One Via value: "SIP/2.0/UDP host:port;branch=z9hG4bK..;rport". Whitespace
 * around '/' and ':' is tolerated (RFC 4475 §3.1.1.1 "wsinv").
 */
export function parseVia(text: string): Via | undefined {
  const m = /^\s*([A-Za-z0-9.!%*_+`'~-]+)\s*\/\s*([0-9.]+)\s*\/\s*([A-Za-z0-9.!%*_+`'~-]+)\s+(.*)$/s.exec(text);
  if (!m) return undefined;
  const protocol = `${m[1]!.toUpperCase()}/${m[2]}`;
  const transport = m[3]!.toUpperCase();
  let rest = m[4]!.trim();
  let host: string;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    host = rest.slice(1, close);
    rest = rest.slice(close + 1);
  } else {
    const hm = /^([A-Za-z0-9\-._]+)/.exec(rest);
    if (!hm) return undefined;
    host = hm[1]!;
    rest = rest.slice(host.length);
  }
  rest = rest.trimStart();
  let port: number | undefined;
  if (rest.startsWith(':')) {
    const pm = /^:\s*(\d{1,5})/.exec(rest);
    if (!pm) return undefined;
    port = Number(pm[1]);
    if (port > 65535) return undefined;
    rest = rest.slice(pm[0].length);
  }
  rest = rest.trim();
  if (rest && !rest.startsWith(';')) return undefined;
  const via: Via = { protocol, transport, host, params: parseParams(rest) };
  if (port !== undefined) via.port = port;
  return via;
}

export function formatVia(via: Via): string {
  const port = via.port !== undefined ? `:${via.port}` : '';
  return `${via.protocol}/${via.transport} ${formatHost(via.host)}${port}${formatParams(via.params)}`;
}

/** "4711 INVITE" */
export function parseCSeq(text: string): CSeq | undefined {
  const m = /^\s*(\d{1,10})\s+([A-Za-z0-9.!%*_+`'~-]+)\s*$/.exec(text);
  if (!m) return undefined;
  const seq = Number(m[1]);
  if (seq > 0xffffffff) return undefined;
  return { seq, method: m[2]! };
}
