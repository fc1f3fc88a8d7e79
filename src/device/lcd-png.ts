import { deflateSync } from 'node:zlib';
import { SayhiError } from '../base/index.js';
import type { LcdFrame } from './lcd/framebuffer.js';

/**
 * PNG of the LCD (W3C PNG, 2nd ed.): `GET /api/v1/screen.png`. Each LCD pixel
 * becomes a scale×scale square. Looks:
 *  - 'lcd': indexed colour (§11.2.3 PLTE) in the greenish grey of the ES3xx glass,
 *    dark pixels near black; from scale 3 up each dot keeps a one-pixel gap of a
 *    slightly lighter shade, as the dot matrix shows;
 *  - 'gray': 8-bit greyscale, white background, black pixels (tests, OCR).
 * Filter type 0 on every scanline (§9.2): the image is flat and deflate does the work.
 */
export type LcdPngLook = 'lcd' | 'gray';

export interface LcdPngOptions {
  /** Pixels per LCD pixel, 1..16 (default 4). */
  scale?: number;
  look?: LcdPngLook;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Palette of the 'lcd' look: unlit dot, its gap, lit dot, its gap (a lit gap stays dark so inverse text reads). */
const LCD_PALETTE = [
  [0x9c, 0xae, 0x8b],
  [0xa9, 0xba, 0x98],
  [0x1e, 0x26, 0x20],
  [0x3a, 0x45, 0x3b],
];

export function encodeLcdPng(frame: LcdFrame, opts: LcdPngOptions = {}): Buffer {
  const scale = opts.scale ?? 4;
  if (!Number.isInteger(scale) || scale < 1 || scale > 16) throw new SayhiError('DEVICE_BAD_SCALE', `scale ${scale} is not 1..16`);
  const look = opts.look ?? 'lcd';
  const w = frame.width * scale;
  const h = frame.height * scale;
  const gap = look === 'lcd' && scale >= 3;
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    const ly = Math.floor(y / scale);
    const rowStart = y * (w + 1);
    raw[rowStart] = 0; // filter: none
    for (let x = 0; x < w; x++) {
      const lx = Math.floor(x / scale);
      const on = (frame.data[ly * frame.stride + (lx >> 3)]! & (0x80 >> (lx & 7))) !== 0;
      let v: number;
      if (look === 'gray') v = on ? 0 : 255;
      else v = (on ? 2 : 0) + (gap && (x % scale === scale - 1 || y % scale === scale - 1) ? 1 : 0);
      raw[rowStart + 1 + x] = v;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = look === 'gray' ? 0 : 3; // colour type: greyscale / indexed
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const chunks = [chunk('IHDR', ihdr)];
  if (look === 'lcd') chunks.push(chunk('PLTE', Buffer.from(LCD_PALETTE.flat())));
  chunks.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([PNG_SIGNATURE, ...chunks]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 of PNG §5.5 (ISO 3309 polynomial 0xEDB88320, reflected). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
