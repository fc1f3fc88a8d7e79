import { readNtpTimestamp, sameTimestamp, writeNtpTimestamp } from './ntp-timestamp.js';

/**
 * SNTPv4 messages (RFC 4330 §4): the 48-byte NTP header a unicast client sends
 * and the checks its reply must pass (§5). No key identifier or digest: SNTP
 * clients on phones do not authenticate.
 *
 *   byte 0      LI (2) | VN (3) | Mode (3)
 *   byte 1      Stratum          byte 12..15  Reference Identifier (KoD code)
 *   24..31      Originate        32..39       Receive (T2)
 *   40..47      Transmit (T3)
 */
export const SNTP_PACKET_BYTES = 48;

const VERSION = 4;
const MODE_CLIENT = 3;
const MODE_SERVER = 4;
const LI_ALARM = 3;
const ORIGINATE = 24;
const RECEIVE = 32;
const TRANSMIT = 40;

/**
 * A client request (§5 "Client Operations"): everything zero but LI = 0, VN = 4,
 * Mode = 3 and the Transmit Timestamp, which the server copies into Originate.
 */
export function buildSntpRequest(transmitUnixMs: number): Buffer {
  const b = Buffer.alloc(SNTP_PACKET_BYTES);
  b[0] = (0 << 6) | (VERSION << 3) | MODE_CLIENT;
  writeNtpTimestamp(b, TRANSMIT, transmitUnixMs);
  return b;
}

/** What a good reply says: the server's receive (T2) and transmit (T3) times, Unix ms. */
export interface SntpReply {
  stratum: number;
  receiveMs: number;
  transmitMs: number;
}

export type SntpReplyCheck =
  | { ok: true; reply: SntpReply }
  /** kiss: the Kiss-o'-Death code (§8), e.g. "RATE", "DENY", "RSTR". */
  | { ok: false; reason: string; kiss?: string };

/**
 * The §5 checks of a server reply to `request`: long enough, Mode 4, LI not
 * "alarm" (server unsynchronised), stratum 1..15 (0 = Kiss-o'-Death), Transmit
 * Timestamp not zero, Originate Timestamp equal to what we sent (else it is a
 * late, duplicated or forged answer).
 */
export function checkSntpReply(data: Buffer, request: Buffer): SntpReplyCheck {
  if (data.length < SNTP_PACKET_BYTES) return { ok: false, reason: `reply of ${data.length} bytes (an NTP header is ${SNTP_PACKET_BYTES})` };
  const li = data[0]! >> 6;
  const vn = (data[0]! >> 3) & 7;
  const mode = data[0]! & 7;
  const stratum = data[1]!;
  if (mode !== MODE_SERVER) return { ok: false, reason: `reply in mode ${mode} (a server answers in mode ${MODE_SERVER})` };
  if (vn < 1 || vn > VERSION) return { ok: false, reason: `reply with NTP version ${vn}` };
  if (!sameTimestamp(data, ORIGINATE, request, TRANSMIT)) return { ok: false, reason: 'reply does not answer our request (originate timestamp differs)' };
  if (stratum === 0) {
    const kiss = data.toString('latin1', 12, 16).replace(/[^\x20-\x7e]/g, '');
    return { ok: false, reason: `Kiss-o'-Death "${kiss}"`, kiss };
  }
  if (stratum > 15) return { ok: false, reason: `stratum ${stratum} (beyond 15: unsynchronised)` };
  if (li === LI_ALARM) return { ok: false, reason: 'server clock not synchronised (leap indicator 3)' };
  const transmitMs = readNtpTimestamp(data, TRANSMIT);
  if (transmitMs === 0) return { ok: false, reason: 'reply with a zero transmit timestamp' };
  return { ok: true, reply: { stratum, receiveMs: readNtpTimestamp(data, RECEIVE), transmitMs } };
}

/** The offset and round-trip delay of one exchange (RFC 4330 §5, T1..T4 in ms). */
export interface ClockSample {
  /** Server time minus our time: add it to our clock. */
  offsetMs: number;
  /** Round trip less the server's processing time. */
  delayMs: number;
}

/**
 * §5: "d = (T4 - T1) - (T3 - T2)" and "t = ((T2 - T1) + (T3 - T4)) / 2",
 * with T1 our send time, T2 the server's receive, T3 its transmit, T4 our receive.
 */
export function clockSample(t1: number, t2: number, t3: number, t4: number): ClockSample {
  return { offsetMs: (t2 - t1 + (t3 - t4)) / 2, delayMs: t4 - t1 - (t3 - t2) };
}
