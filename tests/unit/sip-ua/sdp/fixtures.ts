/** Loads the SDP fixtures (tests/fixtures/sdp) with CRLF line ends, as they travel. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { telephoneEventCodec, type SdpCodec } from '../../../../src/sip-ua/sdp/index.js';

const DIR = resolve(import.meta.dirname, '../../../fixtures/sdp');

export function fixture(name: string): string {
  return readFileSync(resolve(DIR, name), 'utf8').replace(/\r?\n/g, '\r\n');
}

/** The phone's default list: PCMU, PCMA, G722, telephone-event 101 (the manual's default). */
export const PHONE_CODECS: SdpCodec[] = [
  { name: 'PCMU', clockRate: 8000, pt: 0 },
  { name: 'PCMA', clockRate: 8000, pt: 8 },
  { name: 'G722', clockRate: 8000, pt: 9 },
  telephoneEventCodec(101),
];

export const ORIGIN = { username: 'sayhi', sessionId: '4242', sessionVersion: 7 };

/** SDP lines without the line ends, for field-by-field checks. */
export function lines(sdp: string): string[] {
  return sdp.split('\r\n').filter((l) => l !== '');
}
