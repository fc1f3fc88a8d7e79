/**
 * G.711 against ffmpeg's pcm_mulaw / pcm_alaw — proves:
 *  - all 256 codes decode to exactly ffmpeg's values (µ-law and A-law);
 *  - encoding all 65536 16-bit values agrees with ffmpeg except near decision
 *    values: we use G.711's decision levels (Tables 1a/2a, negatives by one's
 *    complement as in the ITU-T G.191 reference), ffmpeg puts every threshold at
 *    the rounded midpoint of two output levels, which is not G.711's level at
 *    segment edges. Where they differ the codes are neighbouring levels with the
 *    sample between them, for under 2 % of all inputs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from '../../../src/media/index.js';

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const LAWS = [
  { name: 'mulaw', enc: linearToUlaw, dec: ulawToLinear },
  { name: 'alaw', enc: linearToAlaw, dec: alawToLinear },
] as const;

describe('G.711 agrees with ffmpeg', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sayhi-g711-'));
    writeFileSync(join(dir, 'all.raw'), Int16Array.from({ length: 65536 }, (_, i) => i - 32768));
    writeFileSync(join(dir, 'codes.bin'), Uint8Array.from({ length: 256 }, (_, i) => i));
    for (const { name } of LAWS) {
      ffmpeg(['-f', 's16le', '-ar', '8000', '-ac', '1', '-i', join(dir, 'all.raw'), '-c:a', `pcm_${name}`, '-f', name, join(dir, `all.${name}`)]);
      ffmpeg(['-f', name, '-ar', '8000', '-ac', '1', '-i', join(dir, 'codes.bin'), '-f', 's16le', join(dir, `codes.${name}.raw`)]);
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const { name, enc, dec } of LAWS) {
    it(`${name}: decodes all 256 codes exactly like ffmpeg`, () => {
      const raw = readFileSync(join(dir, `codes.${name}.raw`));
      const ff = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
      expect(ff.length).toBe(256);
      for (let c = 0; c < 256; c++) expect(dec(c), `code ${c}`).toBe(ff[c]);
    });

    it(`${name}: encodes like ffmpeg except on decision values`, () => {
      const ff = readFileSync(join(dir, `all.${name}`));
      expect(ff.length).toBe(65536);
      const levels = [...new Set(Array.from({ length: 256 }, (_, c) => dec(c)))].sort((p, q) => p - q);
      let differ = 0;
      for (let i = 0; i < 65536; i++) {
        const x = i - 32768;
        const ours = enc(x);
        if (ours === ff[i]) continue;
        differ++;
        const a = dec(ours);
        const b = dec(ff[i]!);
        // Neighbouring levels (or the two zeros) ...
        const ia = levels.indexOf(a);
        const ib = levels.indexOf(b);
        expect(Math.abs(ia - ib), `sample ${x}: ${a} vs ${b}`).toBeLessThanOrEqual(1);
        // ... and x lies between them: only the decision threshold differs.
        expect(Math.min(a, b) - 4 <= x && x <= Math.max(a, b) + 4, `sample ${x}: ${a} vs ${b}`).toBe(true);
      }
      expect(differ).toBeLessThan(65536 * 0.02);
    });
  }
});
