/**
 * PcmFrameQueue and BrowserHandset (the browser microphone's way to the phone) —
 * proves:
 *  - little-endian frames come out as the samples sent, in order, after the
 *    prefetch (2 frames by default); before that the read is silence ('empty',
 *    'prefetching');
 *  - an underrun gives silence, counts, and prefetches again;
 *  - a sender whose clock runs fast cannot grow the delay past maxFrames: the
 *    oldest frames are dropped back to the prefetch depth;
 *  - the browser handset takes only the owner's frames of the right size, sends
 *    each phone frame to every listener, and the next newest listener owns the
 *    microphone when the owner leaves.
 */
import { describe, expect, it } from 'vitest';
import { BrowserHandset, FACE_HEADER_BYTES, FACE_KIND_AUDIO, PcmFrameQueue, type BrowserAudioListener } from '../../../src/web/index.js';

function le(values: number[]): Uint8Array {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
}

function message(value: number, samples = 320): Uint8Array {
  const b = Buffer.alloc(FACE_HEADER_BYTES + samples * 2);
  b[0] = FACE_KIND_AUDIO;
  for (let i = 0; i < samples; i++) b.writeInt16LE(value, FACE_HEADER_BYTES + i * 2);
  return b;
}

describe('PcmFrameQueue', () => {
  it('plays frames in order after the prefetch, with signed samples', () => {
    const q = new PcmFrameQueue({ frameSamples: 4 });
    const out = new Int16Array(4);
    expect(q.read(out)).toBe('empty');
    q.putLittleEndian(le([1, -2, 32767, -32768]), 0);
    expect(q.read(out)).toBe('prefetching');
    expect([...out]).toEqual([0, 0, 0, 0]);
    q.putLittleEndian(le([5, 6, 7, 8]), 0);
    expect(q.read(out)).toBe('frame');
    expect([...out]).toEqual([1, -2, 32767, -32768]);
    expect(q.read(out)).toBe('frame');
    expect([...out]).toEqual([5, 6, 7, 8]);
    // underrun: silence, counted, and the prefetch starts over
    expect(q.read(out)).toBe('empty');
    expect(q.stats()).toMatchObject({ underruns: 1, framesIn: 2, framesOut: 2 });
    q.putLittleEndian(le([9, 9, 9, 9]), 0);
    expect(q.read(out)).toBe('prefetching');
  });

  it('drops the oldest frames when the sender runs ahead, keeping the delay bounded', () => {
    const q = new PcmFrameQueue({ frameSamples: 1, prefetchFrames: 2, maxFrames: 5 });
    for (let i = 1; i <= 6; i++) q.putLittleEndian(le([i]), 0);
    // the 6th frame found the queue full: back to the prefetch depth (2) before adding it
    expect(q.queued).toBe(2);
    expect(q.stats().dropped).toBe(4);
    const out = new Int16Array(1);
    q.read(out);
    expect(out[0]).toBe(5);
    q.read(out);
    expect(out[0]).toBe(6);
  });
});

describe('BrowserHandset', () => {
  const listener = (): BrowserAudioListener & { got: Buffer[] } => {
    const got: Buffer[] = [];
    return { got, sendAudio: (m) => got.push(m) };
  };

  it('takes the owner’s microphone, plays to every listener, hands the microphone on', () => {
    const h = new BrowserHandset();
    const a = listener();
    const b = listener();
    const frame = new Int16Array(320);
    h.addListener(a);
    h.addListener(b);
    expect(h.isOwner(b)).toBe(true);
    expect(h.putMicrophone(a, message(1))).toBe(false);
    expect(h.putMicrophone(b, message(2, 100))).toBe(false); // wrong size
    expect(h.putMicrophone(b, message(3))).toBe(true);
    expect(h.putMicrophone(b, message(4))).toBe(true);
    expect(h.readFrame(frame)).toBe(true);
    expect(frame[319]).toBe(3);

    h.writeFrame(new Int16Array(320).fill(-9));
    for (const l of [a, b]) {
      expect(l.got).toHaveLength(1);
      expect(l.got[0]![0]).toBe(FACE_KIND_AUDIO);
      expect(l.got[0]!.readInt16LE(FACE_HEADER_BYTES + 2 * 319)).toBe(-9);
    }
    h.writeFrame(new Int16Array(320));
    expect(a.got[1]!.readUInt32BE(4)).toBe(1); // sequence number

    h.removeListener(b);
    expect(h.isOwner(a)).toBe(true);
    expect(h.readFrame(frame)).toBe(false); // the queue was reset for the new owner
    expect(h.stats()).toMatchObject({ listeners: 1, framesSent: 2, refused: 2 });
  });
});
