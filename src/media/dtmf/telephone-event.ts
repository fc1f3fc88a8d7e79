/**
 * RFC 4733 §2.3 telephone-event payload, 4 octets:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     event     |E|R| volume    |          duration             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * and the DTMF event codes of RFC 4733 §3.2 (0-9, *, #, A-D = 0..15).
 */
import { SayhiError } from '../../base/index.js';

export type DtmfDigit =
  | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export const DTMF_DIGITS: readonly DtmfDigit[] = [
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D',
];

export interface TelephoneEvent {
  /** Event code, 0..255 (DTMF: 0..15). */
  event: number;
  /** E bit: this packet ends the event. */
  end: boolean;
  /** Power level as -dBm0, 0..63 (RFC 4733 §2.3.4); DTMF is usually 0..36. */
  volume: number;
  /** Duration so far in RTP timestamp units, 0..65535. */
  duration: number;
}

export const TELEPHONE_EVENT_SIZE = 4;

/** DTMF event code of a digit (lower-case a-d accepted), or undefined. */
export function digitToEvent(digit: string): number | undefined {
  const i = DTMF_DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
  return i < 0 ? undefined : i;
}

/** Digit of a DTMF event code 0..15, or undefined for other events (flash, tones). */
export function eventToDigit(event: number): DtmfDigit | undefined {
  return DTMF_DIGITS[event];
}

/** Write the 4-octet payload into `out` at `offset`; returns the octets written. */
export function encodeTelephoneEvent(ev: TelephoneEvent, out: Uint8Array, offset = 0): number {
  if (!(ev.event >= 0 && ev.event <= 255 && ev.volume >= 0 && ev.volume <= 63)) {
    throw new SayhiError('MEDIA_DTMF_RANGE', `telephone-event out of range: ${JSON.stringify(ev)}`);
  }
  if (!(ev.duration >= 0 && ev.duration <= 0xffff)) {
    throw new SayhiError('MEDIA_DTMF_RANGE', `telephone-event duration out of range: ${ev.duration}`);
  }
  out[offset] = ev.event;
  // The R bit is reserved: "MUST be zero on transmission" (RFC 4733 §2.3).
  out[offset + 1] = (ev.end ? 0x80 : 0) | ev.volume;
  out[offset + 2] = ev.duration >> 8;
  out[offset + 3] = ev.duration & 0xff;
  return TELEPHONE_EVENT_SIZE;
}

/**
 * Parse a telephone-event payload. Undefined when shorter than 4 octets. Extra
 * octets (RFC 4733 lets a packet carry several event blocks) are ignored here:
 * the first block is the current event.
 */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < TELEPHONE_EVENT_SIZE) return undefined;
  const b1 = payload[1]!;
  return {
    event: payload[0]!,
    end: (b1 & 0x80) !== 0,
    // "ignored on reception" (RFC 4733 §2.3): R is not reported.
    volume: b1 & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}
