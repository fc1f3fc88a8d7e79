/**
 * The one audio format inside the phone: 16 kHz, mono, signed 16-bit PCM, in
 * 20 ms frames (320 samples). Codecs at 8 kHz resample at their edge; devices,
 * the 3-way mixer and the browser handset all speak this format (DESIGN.md §3).
 */
export const AUDIO_RATE = 16_000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (AUDIO_RATE * FRAME_MS) / 1000; // 320

export function newFrame(): Int16Array {
  return new Int16Array(FRAME_SAMPLES);
}
