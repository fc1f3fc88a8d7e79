/**
 * Character classes of the RFC 3261 §25.1 grammar as lookup tables, and the
 * small text helpers every header parser needs. Tables instead of regular
 * expressions because these run for every byte of every header we validate.
 */

function table(chars: string, alnum = true): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
    for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
    for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  }
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN_CHARS = table("-.!%*_+`'~");

/** URI user part: unreserved / escaped / user-unreserved ("&" "=" "+" "$" "," ";" "?" "/"). */
export const USER_CHARS = table("-_.!~*'()%&=+$,;?/");

/** URI password: unreserved / escaped / "&" "=" "+" "$" ",". */
export const PASSWORD_CHARS = table("-_.!~*'()%&=+$,");

/** URI parameter names and values: paramchar = param-unreserved / unreserved / escaped. */
export const PARAM_CHARS = table("[]/:&+$-_.!~*'()%");

/** URI header names and values: hnv-unreserved / unreserved / escaped. */
export const HEADER_CHARS = table("[]/?:+$-_.!~*'()%");

/** Host names (plus "_", which real networks use) and IPv4 literals. */
export const HOST_CHARS = table('-._');

/** Inside an IPv6 reference "[...]". */
export const IPV6_CHARS = table(':.', false);
for (let c = 0x30; c <= 0x39; c++) IPV6_CHARS[c] = 1;
for (let c = 0x41; c <= 0x46; c++) IPV6_CHARS[c] = 1;
for (let c = 0x61; c <= 0x66; c++) IPV6_CHARS[c] = 1;

/**
 * generic-param values: gen-value = token / host / quoted-string (the quoted
 * form is handled separately); host includes IPv6 literals with or without
 * brackets, as in received=2001:db8::1.
 */
export const PARAM_VALUE_CHARS = table("-.!%*_+`'~:[]");

/** True when every char of s[start, end) is in the table (non-empty). Non-ASCII never is. */
export function allIn(tbl: Uint8Array, s: string, start = 0, end = s.length): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || tbl[c] === 0) return false;
  }
  return true;
}

export function isToken(s: string): boolean {
  return allIn(TOKEN_CHARS, s);
}

/** SP or HTAB: the only whitespace SIP knows (JS trim() would also eat U+FEFF and friends). */
export function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Trim SP/HTAB (and stray CR/LF) at both ends, leaving every other character alone. */
export function trimWsp(s: string, start = 0, end = s.length): string {
  while (start < end && isLws(s.charCodeAt(start))) start++;
  while (end > start && isLws(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function isLws(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** text.slice(start, end).toLowerCase(), without the second string when it is already lower-case. */
export function lowerSlice(text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return text.slice(start, end).toLowerCase();
  }
  return text.slice(start, end);
}

/** Index of the first char at or after i that is not SP/HTAB/CR/LF. */
export function skipWsp(s: string, i: number, end = s.length): number {
  while (i < end && isLws(s.charCodeAt(i))) i++;
  return i;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Resolve %HH escapes (RFC 3261 §19.1.2, RFC 3986 §2.1). The octets are read
 * as UTF-8; a '%' not followed by two hex digits stays as it is (RFC 4475
 * §3.1.1.5: '%' is only an escape where the grammar says "escaped").
 */
export function unescapeUri(s: string): string {
  const first = s.indexOf('%');
  if (first < 0) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    if (c < 0x80) {
      bytes.push(c);
    } else {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Escape every char of s not in the table as %HH of its UTF-8 octets. */
export function escapeUri(s: string, tbl: Uint8Array): string {
  let ok = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || tbl[c] === 0 || c === 0x25) {
      ok = false;
      break;
    }
  }
  if (ok) return s;
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b < 128 && tbl[b] === 1 && b !== 0x25) out += String.fromCharCode(b);
    else out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}
