import { skipWsp, trimWsp } from './char-classes.js';
import { formatParams, parseParamsStrict, quoteString, readQuoted, tagParamStrict } from './params.js';
import { checkUri, formatUri, parseUri } from './uri.js';
import type { NameAddr } from './types.js';

/**
 * name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1):
 *   "Alice" <sip:alice@example.com>;tag=1928
 *   Alice <sip:alice@example.com>
 *   sip:alice@example.com;tag=1928      (addr-spec: ';' params belong to the header)
 *
 * Liberal where RFC 4475 says a receiver may be: an unquoted display name is
 * taken as written even when it is not made of tokens (§3.1.2.15 "Bell,
 * Alexander <sip:...>"), spaces just inside the brackets are ignored
 * (§3.1.2.14), and an addr-spec carrying URI headers is read as if bracketed
 * (§3.1.2.13). Rejected: an unterminated quote (§3.1.2.6), a missing '>',
 * empty parameters (§3.1.2.1), anything after '>' that is not a parameter.
 */
export function parseNameAddr(text: string): NameAddr | undefined {
  const l = layout(text);
  if (l === undefined) return undefined;
  const uri = parseUri(text.slice(l.uriStart, l.uriEnd));
  if (!uri) return undefined;
  const params = parseParamsStrict(text, l.paramsStart);
  if (!params) return undefined;
  const na: NameAddr = { uri, params };
  if (l.displayName !== undefined) na.displayName = l.displayName;
  return na;
}

/**
 * The check parseNameAddr makes, building nothing but the tag: undefined when
 * parseNameAddr(text) would be undefined, else its tag parameter (null when
 * it has none). The parser checks every From and To this way (RFC 3261
 * §8.1.1, RFC 4475 §3.1.2.6) and keeps only the tags for dialog matching.
 */
export function nameAddrTag(text: string): string | null | undefined {
  const l = layout(text);
  if (l === undefined || checkUri(text.slice(l.uriStart, l.uriEnd)) === undefined) return undefined;
  return tagParamStrict(text, l.paramsStart);
}

interface Layout {
  displayName: string | undefined;
  /** The URI is text[uriStart, uriEnd); header parameters start at paramsStart. */
  uriStart: number;
  uriEnd: number;
  paramsStart: number;
}

/** Where the parts of a name-addr / addr-spec are, or undefined when the outer syntax is wrong. */
function layout(s: string): Layout | undefined {
  let i = skipWsp(s, 0);
  let displayName: string | undefined;
  let lt: number;
  if (s.charCodeAt(i) === 0x22) {
    const q = readQuoted(s, i);
    if (!q.closed) return undefined;
    displayName = q.value;
    i = skipWsp(s, q.end);
    if (s.charCodeAt(i) !== 0x3c) return undefined;
    lt = i;
  } else {
    lt = s.indexOf('<', i);
    if (lt >= 0) {
      const name = trimWsp(s, i, lt);
      if (name) {
        if (name.includes('"')) return undefined;
        displayName = name;
      }
    }
  }

  if (lt >= 0) {
    const gt = s.indexOf('>', lt + 1);
    if (gt < 0) return undefined;
    return { displayName, uriStart: lt + 1, uriEnd: gt, paramsStart: gt + 1 };
  }

  // addr-spec: the URI cannot carry ';' parameters here, so the first ';' starts the header's.
  const semi = s.indexOf(';', i);
  const end = semi < 0 ? s.length : semi;
  return { displayName: undefined, uriStart: i, uriEnd: end, paramsStart: end };
}

/** Always written in name-addr form (with <>), which is never ambiguous. */
export function formatNameAddr(na: NameAddr): string {
  const name = na.displayName !== undefined && na.displayName !== '' ? `${quoteString(na.displayName)} ` : '';
  return `${name}<${formatUri(na.uri)}>${formatParams(na.params)}`;
}
