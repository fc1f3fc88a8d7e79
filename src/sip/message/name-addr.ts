import { formatParams, parseParams, readQuoted } from './params.js';
import { formatUri, parseUri } from './uri.js';
import type { NameAddr } from './types.js';

/**
 * name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1):
 *   "Alice" <sip:alice@example.com>;tag=1928
 *   Alice <sip:alice@example.com>
 *   sip:alice@example.com;tag=1928      (addr-spec: ';' params belong to the header)
 */
export function parseNameAddr(text: string): NameAddr | undefined {
  const s = text.trim();
  let displayName: string | undefined;
  let i = 0;
  if (s.startsWith('"')) {
    const q = readQuoted(s, 0);
    displayName = q.value;
    i = q.end;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (s[i] !== '<') return undefined;
  }
  const lt = s.indexOf('<', i);
  if (lt >= 0) {
    if (displayName === undefined) {
      const name = s.slice(0, lt).trim();
      if (name) displayName = name;
    }
    const gt = s.indexOf('>', lt);
    if (gt < 0) return undefined;
    const uri = parseUri(s.slice(lt + 1, gt));
    if (!uri) return undefined;
    const na: NameAddr = { uri, params: parseParams(s.slice(gt + 1)) };
    if (displayName !== undefined) na.displayName = displayName;
    return na;
  }
  // addr-spec: everything up to the first ';' is the URI (it cannot carry params or headers)
  const semi = s.indexOf(';');
  const uri = parseUri(semi < 0 ? s : s.slice(0, semi));
  if (!uri) return undefined;
  return { uri, params: parseParams(semi < 0 ? '' : s.slice(semi)) };
}

/** Always written in name-addr form (with <>), which is never ambiguous. */
export function formatNameAddr(na: NameAddr): string {
  const name =
    na.displayName !== undefined && na.displayName !== ''
      ? `"${na.displayName.replace(/(["\\])/g, '\\$1')}" `
      : '';
  return `${name}<${formatUri(na.uri)}>${formatParams(na.params)}`;
}
