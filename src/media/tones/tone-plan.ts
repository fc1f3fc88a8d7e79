/**
 * Call-progress tones per country (the phone's ToneCountry setting): frequency,
 * level and cadence of each tone. Sources: ITU-T E.180 and its Supplement 2
 * (the national tone plans as notified to the ITU): "ITU" is E.180's
 * recommended 425 Hz plan, "US" the North American precise tone plan, "CN" the
 * Chinese 450 Hz plan. Where a plan names no hold or hang-up tone, a short beep
 * (hold) or a fast busy (hang-up) on the plan's own frequency is used.
 */

export type CallProgressTone = 'dial' | 'ringback' | 'busy' | 'congestion' | 'callWaiting' | 'hold' | 'hangup';

export const TONE_COUNTRIES = ['ITU', 'US', 'CN'] as const;
export type ToneCountry = (typeof TONE_COUNTRIES)[number];

export interface ToneSpec {
  /** Frequencies summed, in Hz. */
  freqs: readonly number[];
  /** Level of each frequency, dBFS (peak of that sine against full scale). */
  levelDbfs: number;
  /** Cadence in ms: on, off, on, off... repeated. Empty = continuous. */
  cadenceMs: readonly number[];
}

const LEVEL = -16; // each component; about -13 dBm0

const tone = (freqs: number[], cadenceMs: number[], levelDbfs = LEVEL): ToneSpec => ({ freqs, levelDbfs, cadenceMs });

export const TONE_PLANS: Readonly<Record<ToneCountry, Readonly<Record<CallProgressTone, ToneSpec>>>> = {
  ITU: {
    dial: tone([425], []),
    ringback: tone([425], [1000, 4000]),
    busy: tone([425], [500, 500]),
    congestion: tone([425], [250, 250]),
    callWaiting: tone([425], [200, 200, 200, 9400]),
    hold: tone([425], [200, 4800]),
    hangup: tone([425], [100, 100]),
  },
  US: {
    dial: tone([350, 440], []),
    ringback: tone([440, 480], [2000, 4000]),
    busy: tone([480, 620], [500, 500]),
    // "Reorder" in North America.
    congestion: tone([480, 620], [250, 250]),
    callWaiting: tone([440], [300, 9700]),
    hold: tone([440], [500, 9500]),
    // Off-hook warning ("howler").
    hangup: tone([1400, 2060, 2450, 2600], [100, 100], -12),
  },
  CN: {
    dial: tone([450], []),
    ringback: tone([450], [1000, 4000]),
    busy: tone([450], [350, 350]),
    congestion: tone([450], [700, 700]),
    callWaiting: tone([450], [400, 4000]),
    hold: tone([450], [200, 200, 200, 4400]),
    hangup: tone([450], [100, 100]),
  },
};

/** Tone spec for a country; unknown country names fall back to the ITU plan. */
export function toneSpec(country: string, which: CallProgressTone): ToneSpec {
  const plan = (TONE_PLANS as Record<string, Record<CallProgressTone, ToneSpec>>)[country.toUpperCase()] ?? TONE_PLANS.ITU;
  return plan[which];
}
