/**
 * message/sipfrag (RFC 3420) as REFER uses it (RFC 3515 §2.4.5): a NOTIFY
 * body holding at least the status line of the response the referenced
 * request got, e.g. "SIP/2.0 180 Ringing".
 */
export const SIPFRAG_TYPE = 'message/sipfrag';
/** The Content-Type we write (version=2.0 as RFC 3515 §2.4.5's examples do). */
export const SIPFRAG_CONTENT_TYPE = 'message/sipfrag;version=2.0';

export interface SipfragStatus {
  status: number;
  reason: string;
}

const STATUS_LINE_RE = /^SIP\/2\.0[ \t]+([1-6]\d\d)(?:[ \t]+([^\r\n]*))?/i;

/** The status line of a sipfrag body; undefined when the fragment is not a response (or is garbage). */
export function parseSipfragStatus(body: Buffer | string): SipfragStatus | undefined {
  const text = typeof body === 'string' ? body : body.toString('utf8', 0, Math.min(body.length, 512));
  const m = STATUS_LINE_RE.exec(text.trimStart());
  if (!m) return undefined;
  return { status: Number(m[1]), reason: (m[2] ?? '').trim() };
}

export function formatSipfrag(status: number, reason: string): Buffer {
  return Buffer.from(`SIP/2.0 ${status} ${reason}\r\n`);
}
