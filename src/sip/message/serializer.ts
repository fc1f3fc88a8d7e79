import { JOINED_ON_OUTPUT, canonicalHeaderName } from './header-names.js';
import type { SipMessage } from './message.js';

/**
 * Strict output (RFC 3261 §7): CRLF line ends, canonical header names, one
 * value per line except token lists (Allow, Supported...) whose consecutive
 * entries are joined with ", " (§7.3.1), and a Content-Length that always
 * matches the body (§20.14; any Content-Length entry in the headers is
 * ignored). A CR or LF inside a value or the start line becomes a space, so a
 * value can never end its line early and inject a header.
 */
export function serializeMessage(msg: SipMessage): Buffer {
  let head =
    msg.kind === 'request'
      ? `${clean(msg.method)} ${clean(msg.uri)} SIP/2.0\r\n`
      : `SIP/2.0 ${msg.status} ${clean(msg.reason)}\r\n`;
  const { keys, values } = msg.headers.columns();
  const n = keys.length;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    if (key === 'content-length') continue;
    let value = clean(values[i]!);
    if (JOINED_ON_OUTPUT.has(key)) {
      while (i + 1 < n && keys[i + 1] === key) {
        const next = clean(values[++i]!);
        if (next !== '') value = value === '' ? next : `${value}, ${next}`;
      }
    }
    head += `${canonicalHeaderName(key)}: ${value}\r\n`;
  }
  const body = msg.body;
  head += `Content-Length: ${body.length}\r\n\r\n`;
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + body.length);
  out.write(head, 0, headLength, 'utf8');
  if (body.length > 0) body.copy(out, headLength);
  return out;
}

function clean(s: string): string {
  return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace(/[\r\n]+/g, ' ');
}
