/**
 * The ten built-in ring tones (`audio.ringType` Ring1..Ring10, manual §6
 * "Ring type": "you can choose the ring ... will auto ringing"), made in the
 * page with Web Audio. Each is a pair of frequencies either trilled (a square
 * LFO alternates them, as an electronic desk-phone ringer does) or summed (a
 * PSTN-style ring), gated by an on/off cadence. They differ in pitch, trill
 * rate and rhythm, so a person can tell lines or phones apart by ear.
 * An uploaded ring's name (not one of these) rings as Ring1.
 */
export interface RingSpec {
  freqs: readonly number[];
  /** Alternate the frequencies this many times a second; absent = play them together. */
  trillHz?: number;
  /** On, off, on, off... in ms. */
  cadenceMs: readonly number[];
}

export const RING_TONES: Readonly<Record<string, RingSpec>> = {
  Ring1: { freqs: [1320, 1650], trillHz: 20, cadenceMs: [1200, 2800] },
  Ring2: { freqs: [440, 480], cadenceMs: [2000, 4000] },
  Ring3: { freqs: [400, 450], cadenceMs: [400, 200, 400, 2000] },
  Ring4: { freqs: [950, 1400], trillHz: 16, cadenceMs: [400, 200, 400, 2000] },
  Ring5: { freqs: [1000, 1250], trillHz: 25, cadenceMs: [800, 400, 800, 2000] },
  Ring6: { freqs: [880, 1175], trillHz: 8, cadenceMs: [1500, 2500] },
  Ring7: { freqs: [1760], cadenceMs: [150, 100, 150, 100, 150, 1600] },
  Ring8: { freqs: [660, 880], trillHz: 12, cadenceMs: [1000, 1000] },
  Ring9: { freqs: [1200, 1500], trillHz: 30, cadenceMs: [300, 300, 300, 2400] },
  Ring10: { freqs: [523, 659], trillHz: 4, cadenceMs: [2000, 2000] },
};

export function ringSpec(name: string): RingSpec {
  return RING_TONES[name] ?? RING_TONES.Ring1!;
}
