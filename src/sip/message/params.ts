import { PARAM_VALUE_CHARS, TOKEN_CHARS, isWsp, lowerSlice, skipWsp, trimWsp } from './char-classes.js';
import type { Params } from './types.js';

/**
 * Header parameters (RFC 3261 §25.1 generic-param) and the list and
 * quoted-string rules shared by every header parser.
 */

/**
 * Lenient parse of ';a=b;c;d="q s"' (leading ';' optional) into a Map with
 * lower-case keys. Quoted values are unquoted and unescaped; empty or nameless
 * parameters are skipped. For headers whose syntax we must check (Via, From,
 * To, Contact) use parseParamsStrict.
 */
export function parseParams(text: string): Params {
  const params: Params = new Map();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text.charCodeAt(i) === 0x3b || isWsp(text.charCodeAt(i)))) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && text.charCodeAt(j) !== 0x3d && text.charCodeAt(j) !== 0x3b) j++;
    const name = trimWsp(text, i, j).toLowerCase();
    if (j < n && text.charCodeAt(j) === 0x3d) {
      j = skipWsp(text, j + 1);
      if (text.charCodeAt(j) === 0x22) {
        const q = readQuoted(text, j);
        if (name) params.set(name, q.value);
        i = q.end;
        while (i < n && text.charCodeAt(i) !== 0x3b) i++;
      } else {
        let k = j;
        while (k < n && text.charCodeAt(k) !== 0x3b) k++;
        if (name) params.set(name, trimWsp(text, j, k));
        i = k;
      }
    } else {
      if (name) params.set(name, null);
      i = j;
    }
  }
  return params;
}

function isValueChar(c: number): boolean {
  return c < 128 && PARAM_VALUE_CHARS[c] === 1;
}

/**
 * Strict parse of *( SEMI generic-param ) from text[start] to the end
 * (RFC 3261 §25.1: SEMI = SWS ";" SWS, EQUAL = SWS "=" SWS). Returns
 * undefined on any syntax error: a missing ';', an empty parameter (";;",
 * RFC 4475 §3.1.2.1), a name that is not a token, an unterminated quote.
 * One exception: a single ';' at the very end is ignored, because some
 * deployed phones send "tag=abc;" and the meaning is not in doubt.
 */
export function parseParamsStrict(text: string, start = 0): Params | undefined {
  const params: Params = new Map();
  return readParamsStrict(text, start, params) === undefined ? undefined : params;
}

/**
 * The same check as parseParamsStrict without building the Map: undefined on
 * a syntax error, else the value of the (last) "tag" parameter, null when
 * there is none. The parser checks every From and To this way (RFC 3261
 * §8.1.1) and keeps only their tags.
 */
export function tagParamStrict(text: string, start = 0): string | null | undefined {
  return readParamsStrict(text, start, undefined);
}

/** parseParamsStrict's grammar; parameters go into `into` when given. Returns undefined on error, else the tag (or null). */
function readParamsStrict(text: string, start: number, into: Params | undefined): string | null | undefined {
  const n = text.length;
  let count = 0;
  let tag: string | null = null;
  let i = skipWsp(text, start);
  while (i < n) {
    if (text.charCodeAt(i) !== 0x3b) return undefined;
    i = skipWsp(text, i + 1);
    if (i === n && count > 0) break;
    const nameStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 128 || TOKEN_CHARS[c] === 0) break;
      i++;
    }
    if (i === nameStart) return undefined;
    const nameEnd = i;
    i = skipWsp(text, i);
    let value: string | null = null;
    if (i < n && text.charCodeAt(i) === 0x3d) {
      i = skipWsp(text, i + 1);
      if (text.charCodeAt(i) === 0x22) {
        const q = readQuoted(text, i);
        if (!q.closed) return undefined;
        value = q.value;
        i = q.end;
      } else {
        const valueStart = i;
        while (i < n && isValueChar(text.charCodeAt(i))) i++;
        if (i === valueStart) return undefined;
        value = text.slice(valueStart, i);
      }
      i = skipWsp(text, i);
    }
    count++;
    if (into !== undefined) into.set(lowerSlice(text, nameStart, nameEnd), value);
    if (isTagName(text, nameStart, nameEnd)) tag = value;
  }
  return tag;
}

/** text[start, end) is "tag" in any case. */
function isTagName(text: string, start: number, end: number): boolean {
  return (
    end - start === 3 &&
    (text.charCodeAt(start) | 0x20) === 0x74 &&
    (text.charCodeAt(start + 1) | 0x20) === 0x61 &&
    (text.charCodeAt(start + 2) | 0x20) === 0x67
  );
}

/**
 * Read a quoted-string starting at text[start] === '"'. Returns the value with
 * quoted-pairs resolved, the index after the closing quote, and whether a
 * closing quote was found (RFC 4475 §3.1.2.6 sends one without).
 */
export function readQuoted(text: string, start: number): { value: string; end: number; closed: boolean } {
  let out = '';
  let i = start + 1;
  let run = i;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && i + 1 < n) {
      out += text.slice(run, i) + text[i + 1];
      i += 2;
      run = i;
    } else if (c === 0x22) {
      return { value: out + text.slice(run, i), end: i + 1, closed: true };
    } else {
      i++;
    }
  }
  return { value: out + text.slice(run, i), end: i, closed: false };
}

/**
 * A quoted-string for output: '"' and '\' escaped. CR and LF cannot be carried
 * by a quoted-pair (RFC 3261 §25.1), so they become spaces: a display name or
 * parameter can never break the header line it is written in.
 */
export function quoteString(value: string): string {
  let needs = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x0d || c === 0x0a) {
      needs = true;
      break;
    }
  }
  if (!needs) return `"${value}"`;
  return `"${value.replace(/[\r\n]/g, ' ').replace(/(["\\])/g, '\\$1')}"`;
}

function isBareValue(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    if (!isValueChar(v.charCodeAt(i))) return false;
  }
  return v.length > 0;
}

/** Serialize parameters as ';a=b;c'. Values that are not tokens or hosts are quoted. */
export function formatParams(params: Params): string {
  let out = '';
  for (const [k, v] of params) {
    if (v === null) out += `;${k}`;
    else if (isBareValue(v)) out += `;${k}=${v}`;
    else out += `;${k}=${quoteString(v)}`;
  }
  return out;
}

/**
 * Split a header value on top-level commas (outside quotes and <>), for list
 * headers like Via and Contact (RFC 3261 §7.3.1). Parts are trimmed; empty
 * parts are dropped unless keepEmpty is set (the parser uses that to reject
 * "Via: a,,b", RFC 4475 §3.1.2.1).
 */
export function splitHeaderList(value: string, keepEmpty = false): string[] {
  const out: string[] = [];
  if (value.indexOf('"') < 0 && value.indexOf('<') < 0) {
    // Fast path: no quoted strings or URIs to protect.
    let start = 0;
    for (;;) {
      const comma = value.indexOf(',', start);
      const part = trimWsp(value, start, comma < 0 ? value.length : comma);
      if (part || keepEmpty) out.push(part);
      if (comma < 0) return out;
      start = comma + 1;
    }
  }
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c) i++;
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x3c) depth++;
    else if (c === 0x3e) depth = depth > 0 ? depth - 1 : 0;
    else if (c === 0x2c && depth === 0) {
      const part = trimWsp(value, start, i);
      if (part || keepEmpty) out.push(part);
      start = i + 1;
    }
  }
  const last = trimWsp(value, start);
  if (last || keepEmpty) out.push(last);
  return out;
}
