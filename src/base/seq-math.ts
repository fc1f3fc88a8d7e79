/**
 * Wrap-safe arithmetic for RTP sequence numbers (16 bit) and timestamps / SSRC-scale
 * counters (32 bit), per RFC 3550 §A.1 style serial-number comparison.
 */

/** b - a as a signed distance on the 16-bit circle (-32768..32767). */
export function seqDiff16(a: number, b: number): number {
  return (((b - a) & 0xffff) << 16) >> 16;
}

/** true when a comes before b on the 16-bit circle. */
export function seqLess16(a: number, b: number): boolean {
  return seqDiff16(a, b) > 0;
}

export function seqAdd16(a: number, n: number): number {
  return (a + n) & 0xffff;
}

/** b - a as a signed distance on the 32-bit circle. */
export function tsDiff32(a: number, b: number): number {
  return (b - a) | 0;
}

export function tsLess32(a: number, b: number): boolean {
  return tsDiff32(a, b) > 0;
}

export function tsAdd32(a: number, n: number): number {
  return (a + n) >>> 0;
}
