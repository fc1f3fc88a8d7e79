/**
 * NTP timestamps (RFC 4330 §3): 32 bits of seconds since 1900-01-01 00:00 UTC
 * and 32 bits of fraction. The seconds wrap in February 2036; RFC 4330 §3 reads
 * a timestamp with bit 0 clear as the era after the wrap ("the time is in the
 * range 2036-2104"), which keeps this code right until 2104.
 */

/** Seconds from the NTP prime epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_S = 2_208_988_800;

const TWO_32 = 0x1_0000_0000;

/** Write `unixMs` as an NTP timestamp at `offset` (8 bytes, network order). */
export function writeNtpTimestamp(buf: Buffer, offset: number, unixMs: number): void {
  const totalS = Math.floor(unixMs / 1000) + NTP_UNIX_OFFSET_S;
  const msPart = unixMs - Math.floor(unixMs / 1000) * 1000;
  // modulo 2^32: after 2036 the seconds field starts again from 0 (era 1)
  buf.writeUInt32BE(((totalS % TWO_32) + TWO_32) % TWO_32, offset);
  buf.writeUInt32BE(Math.min(TWO_32 - 1, Math.round((msPart / 1000) * TWO_32)), offset + 4);
}

/** Read the NTP timestamp at `offset` as Unix milliseconds (fractional); 0 when the field is zero. */
export function readNtpTimestamp(buf: Buffer, offset: number): number {
  const s = buf.readUInt32BE(offset);
  const f = buf.readUInt32BE(offset + 4);
  if (s === 0 && f === 0) return 0;
  // RFC 4330 §3: MSB set = 1968-2036 (era 0), MSB clear = 2036-2104 (era 1)
  const seconds = (s & 0x8000_0000) !== 0 ? s : s + TWO_32;
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (f / TWO_32) * 1000;
}

/** True when both 8-byte timestamps are bit-for-bit equal (the originate check, RFC 4330 §5). */
export function sameTimestamp(a: Buffer, aOffset: number, b: Buffer, bOffset: number): boolean {
  return a.readUInt32BE(aOffset) === b.readUInt32BE(bOffset) && a.readUInt32BE(aOffset + 4) === b.readUInt32BE(bOffset + 4);
}
