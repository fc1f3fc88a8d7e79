import { TOKEN_CHARS, allIn, trimWsp } from './char-classes.js';
import { checkUri } from './uri.js';

/**
 * Request-Line and Status-Line (RFC 3261 §7.1, §7.2, §25.1).
 *
 * Liberal where RFC 4475 allows it: extra SP between the elements and after
 * the version (§3.1.2.9 "lwsstart", §3.1.2.10 "trws") are ignored, and we
 * never write them back because the serializer rebuilds the line. Rejected:
 * LWS inside the Request-URI (§3.1.2.8), a Request-URI in <> (§3.1.2.7), a
 * sip/sips Request-URI with headers (§3.1.2.11, RFC 3261 §19.1.1 table 1), a
 * status code that is not three digits (§3.1.2.19 "bigcode").
 */
export type StartLine =
  | { kind: 'request'; method: string; uri: string; version: string; error?: string }
  | { kind: 'response'; status: number; reason: string; version: string }
  | { kind: 'invalid'; error: string };

export function parseStartLine(line: string): StartLine {
  const s = trimWsp(line);
  if (s.length >= 4 && s.charCodeAt(3) === 0x2f && (s.charCodeAt(0) | 0x20) === 0x73 && (s.charCodeAt(1) | 0x20) === 0x69 && (s.charCodeAt(2) | 0x20) === 0x70) {
    return parseStatusLine(s);
  }
  const sp = s.indexOf(' ');
  if (sp <= 0 || !allIn(TOKEN_CHARS, s, 0, sp)) return { kind: 'invalid', error: 'Malformed Start Line' };
  const lastSp = s.lastIndexOf(' ');
  const version = sipVersion(s, lastSp + 1);
  if (lastSp === sp || version === undefined) return { kind: 'invalid', error: 'Malformed Start Line' };
  const method = s.slice(0, sp);
  let uriStart = sp + 1;
  let uriEnd = lastSp;
  while (uriStart < uriEnd && s.charCodeAt(uriStart) === 0x20) uriStart++;
  while (uriEnd > uriStart && s.charCodeAt(uriEnd - 1) === 0x20) uriEnd--;
  const uri = s.slice(uriStart, uriEnd);
  const error = checkRequestUri(uri);
  return error ? { kind: 'request', method, uri, version, error } : { kind: 'request', method, uri, version };
}

function parseStatusLine(s: string): StartLine {
  const sp = s.indexOf(' ');
  const version = sp < 0 ? undefined : sipVersion(s.slice(0, sp), 0);
  if (version === undefined) return { kind: 'invalid', error: 'Malformed Start Line' };
  let i = sp;
  while (s.charCodeAt(i) === 0x20) i++;
  // Status-Code is exactly 3 digits followed by SP (a missing SP before an empty reason is tolerated).
  if (!isDigit(s.charCodeAt(i)) || !isDigit(s.charCodeAt(i + 1)) || !isDigit(s.charCodeAt(i + 2))) {
    return { kind: 'invalid', error: 'Bad Status Code' };
  }
  if (i + 3 < s.length && s.charCodeAt(i + 3) !== 0x20) return { kind: 'invalid', error: 'Bad Status Code' };
  const status = (s.charCodeAt(i) - 0x30) * 100 + (s.charCodeAt(i + 1) - 0x30) * 10 + (s.charCodeAt(i + 2) - 0x30);
  const reason = i + 4 >= s.length ? '' : trimWsp(s, i + 4);
  return { kind: 'response', status, reason, version };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** "SIP/2.0" at s[start..] to the end (case-insensitive "SIP", RFC 3261 §7.1): the "2.0" part, or undefined. */
function sipVersion(s: string, start: number): string | undefined {
  if (s.length - start < 7) return undefined;
  if ((s.charCodeAt(start) | 0x20) !== 0x73 || (s.charCodeAt(start + 1) | 0x20) !== 0x69 || (s.charCodeAt(start + 2) | 0x20) !== 0x70) {
    return undefined;
  }
  if (s.charCodeAt(start + 3) !== 0x2f) return undefined;
  const dot = s.indexOf('.', start + 4);
  if (dot < 0) return undefined;
  for (let i = start + 4; i < s.length; i++) {
    if (i !== dot && !isDigit(s.charCodeAt(i))) return undefined;
  }
  if (dot === start + 4 || dot === s.length - 1) return undefined;
  return s.slice(start + 4);
}

function checkRequestUri(uri: string): string | undefined {
  if (uri === '' || uri.includes(' ') || uri.includes('\t')) return 'Malformed Request-URI';
  // RFC 3261 §25.1 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  const colon = uri.indexOf(':');
  if (colon <= 0 || !isAlpha(uri.charCodeAt(0))) return 'Malformed Request-URI';
  for (let i = 1; i < colon; i++) {
    const c = uri.charCodeAt(i);
    if (!isAlpha(c) && !isDigit(c) && c !== 0x2b && c !== 0x2d && c !== 0x2e) return 'Malformed Request-URI';
  }
  const scheme = uri.slice(0, colon).toLowerCase();
  // Other schemes (RFC 4475 §3.3.2, §3.3.3) are left to the UA, which answers 416.
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') return undefined;
  // checked, not built: the UA parses the Request-URI when it needs it
  return checkUri(uri) === 'plain' ? undefined : 'Malformed Request-URI';
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
