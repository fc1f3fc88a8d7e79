/**
 * CodecRegistry — proves: the default registry holds PCMU, PCMA, G722 in that
 * order; lookup is case-insensitive; duplicates are refused; registries are
 * independent per phone (no shared global).
 */
import { describe, expect, it } from 'vitest';
import { SayhiError } from '../../../src/base/index.js';
import { CodecRegistry, createDefaultCodecRegistry, g722Codec, pcmuCodec } from '../../../src/media/index.js';
import type { AudioCodec } from '../../../src/media/index.js';

describe('CodecRegistry', () => {
  it('starts with PCMU, PCMA and G722', () => {
    const reg = createDefaultCodecRegistry();
    expect(reg.list().map((c) => c.name)).toEqual(['PCMU', 'PCMA', 'G722']);
    expect(reg.get('g722')).toBe(g722Codec);
    expect(reg.get('pcmu')).toBe(pcmuCodec);
    expect(reg.get('PcMa')?.staticPayloadType).toBe(8);
    expect(reg.get('opus')).toBeUndefined();
  });

  it('refuses a second codec with the same name', () => {
    const reg = createDefaultCodecRegistry();
    expect(() => reg.register({ ...pcmuCodec, name: 'pcmu' })).toThrow(SayhiError);
  });

  it('keeps registries apart', () => {
    const a = createDefaultCodecRegistry();
    const b = new CodecRegistry();
    const fake: AudioCodec = { ...pcmuCodec, name: 'L16', staticPayloadType: 11 };
    b.register(fake);
    expect(a.get('L16')).toBeUndefined();
    expect(b.list()).toEqual([fake]);
  });
});
