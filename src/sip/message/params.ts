import type { Params } from './types.js';

/**
 * Parse ';a=b;c;d="q s"' (leading ';' optional) into a Map with lower-case keys.
 * Quoted values keep their quotes stripped and escapes resolved.
 */
export function parseParams(text: string): Params {
  const params: Params = new Map();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ';' || text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && text[j] !== '=' && text[j] !== ';') j++;
    const name = text.slice(i, j).trim().toLowerCase();
    if (j < n && text[j] === '=') {
      j++;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '"') {
        const { value, end } = readQuoted(text, j);
        if (name) params.set(name, value);
        i = end;
        while (i < n && text[i] !== ';') i++;
      } else {
        let k = j;
        while (k < n && text[k] !== ';') k++;
        if (name) params.set(name, text.slice(j, k).trim());
        i = k;
      }
    } else {
      if (name) params.set(name, null);
      i = j;
    }
  }
  return params;
}

/** Read a quoted-string starting at text[start] === '"'. Returns the unescaped value and the index after the closing quote. */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
    } else if (ch === '"') {
      return { value: out, end: i + 1 };
    } else {
      out += ch;
      i++;
    }
  }
  return { value: out, end: i };
}

const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** Serialize parameters as ';a=b;c'. Values that are not tokens are quoted. */
export function formatParams(params: Params): string {
  let out = '';
  for (const [k, v] of params) {
    if (v === null) out += `;${k}`;
    else if (v === '' || TOKEN_RE.test(v) || isHostLike(v)) out += `;${k}=${v}`;
    else out += `;${k}="${v.replace(/(["\\])/g, '\\$1')}"`;
  }
  return out;
}

function isHostLike(v: string): boolean {
  return /^\[?[0-9A-Fa-f:.]+\]?$/.test(v);
}

/**
 * Split a header value on top-level commas (outside quotes and <>), for list
 * headers like Via and Contact (RFC 3261 §7.3.1).
 */
export function splitHeaderList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}
