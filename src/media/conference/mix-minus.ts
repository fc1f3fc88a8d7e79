/**
 * The arithmetic of a conference mix: several 16 kHz frames summed into one,
 * without wrap-around. Samples are accumulated in 32 bits (three full-scale
 * 16-bit sources need 18 bits) and only then brought back into 16 bits by a
 * limiter:
 *
 *   clip  hard limit at full scale: transparent below it, harsh above;
 *   soft  unity gain up to the knee (-2.5 dBFS), then a rational curve that
 *         approaches full scale without reaching it, with slope 1 at the knee
 *         (no corner where the two meet), so two loud talkers at once distort
 *         gently instead of square-clipping. Normal speech levels (peaks
 *         around -10 dBFS per talker) never reach the knee.
 *
 * "Mix-minus" (each participant hears everyone but itself) is the caller's
 * choice of sources; this file only sums what it is given.
 */
export type MixLimiter = 'clip' | 'soft';

const FULL_SCALE = 32767;
/** Knee of the soft limiter, 0.75 of full scale (-2.5 dBFS). */
const KNEE = 24576;
const HEADROOM = FULL_SCALE - KNEE;

/**
 * out = limit(Σ sources[0..count)). `acc` is the caller's scratch (one frame
 * of Int32); no allocation. Returns how many samples the limiter changed.
 */
export function mixFrames(
  out: Int16Array,
  sources: readonly Int16Array[],
  count: number,
  acc: Int32Array,
  limiter: MixLimiter,
): number {
  const n = out.length;
  if (count === 0) {
    out.fill(0);
    return 0;
  }
  if (count === 1) {
    out.set(sources[0]!);
    return 0;
  }
  const first = sources[0]!;
  for (let i = 0; i < n; i++) acc[i] = first[i]!;
  for (let s = 1; s < count; s++) {
    const src = sources[s]!;
    for (let i = 0; i < n; i++) acc[i] = acc[i]! + src[i]!;
  }
  return limiter === 'soft' ? softLimit(acc, out) : hardClip(acc, out);
}

function hardClip(acc: Int32Array, out: Int16Array): number {
  let changed = 0;
  for (let i = 0; i < out.length; i++) {
    const v = acc[i]!;
    if (v > FULL_SCALE) {
      out[i] = FULL_SCALE;
      changed++;
    } else if (v < -FULL_SCALE - 1) {
      out[i] = -FULL_SCALE - 1;
      changed++;
    } else {
      out[i] = v;
    }
  }
  return changed;
}

function softLimit(acc: Int32Array, out: Int16Array): number {
  let changed = 0;
  for (let i = 0; i < out.length; i++) {
    const v = acc[i]!;
    if (v > KNEE) {
      out[i] = softKnee(v - KNEE);
      changed++;
    } else if (v < -KNEE) {
      out[i] = -softKnee(-v - KNEE);
      changed++;
    } else {
      out[i] = v;
    }
  }
  return changed;
}

/** Knee + HEADROOM·x / (x + HEADROOM): slope 1 at x = 0, tends to full scale. */
function softKnee(over: number): number {
  return KNEE + Math.floor((HEADROOM * over) / (over + HEADROOM));
}
