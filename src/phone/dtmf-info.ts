/**
 * DTMF in SIP INFO bodies. There is no RFC for it; PBXs use
 * application/dtmf-relay ("Signal=5\r\nDuration=160") and application/dtmf
 * (the digit alone). Returns the digit, or undefined when the body is not DTMF.
 */
export function dtmfFromInfo(contentType: string | undefined, body: Buffer): string | undefined {
  const text = body.toString('utf8').trim();
  if (contentType === 'application/dtmf-relay') {
    const m = /^\s*Signal\s*=\s*([0-9*#A-Da-d]|1[0-5])\s*$/im.exec(text);
    if (!m) return undefined;
    return normalize(m[1]!);
  }
  if (contentType === 'application/dtmf') {
    return /^([0-9*#A-Da-d]|1[0-5])$/.test(text) ? normalize(text) : undefined;
  }
  return undefined;
}

function normalize(s: string): string {
  // some PBXs send the RFC 4733 event number: 10 = *, 11 = #, 12-15 = A-D
  const n = Number(s);
  if (s.length === 2 && n >= 10 && n <= 15) return '*#ABCD'[n - 10]!;
  return s.toUpperCase();
}

export const DTMF_DIGITS_RE = /^[0-9*#A-Da-d]{1,32}$/;
