import type { SettingValue } from './setting-def.js';
import { CODEC_SLOTS } from './settings-audio.js';

/**
 * A rule across several keys that no single declaration can state ("start below
 * end"). Settings.setMany checks the rules touching any written key against the
 * values as they would be after the write, so a batch that moves both ends of a
 * range at once is judged as a whole.
 */
export interface SettingsConstraint {
  /** Keys the rule reads; it is checked when any of them is written. */
  keys: string[];
  /** undefined = fine; otherwise the reason, naming the keys. */
  check(value: (key: string) => SettingValue): string | undefined;
}

export function portRangeConstraint(minKey: string, maxKey: string): SettingsConstraint {
  return {
    keys: [minKey, maxKey],
    check: (v) =>
      // RTP takes an even port and RTCP the next one (RFC 3550 §11), so a range needs two ports.
      Number(v(minKey)) < Number(v(maxKey)) ? undefined : `${minKey}..${maxKey}: the start must be below the end`,
  };
}

/** Each codec at most once in the priority slots, and at least one codec (an offer needs one, RFC 3264 §5). */
export function codecSlotsConstraint(): SettingsConstraint {
  const keys = Array.from({ length: CODEC_SLOTS }, (_, i) => `audio.codec${i + 1}`);
  return {
    keys,
    check: (v) => {
      const used = keys.map(v).filter((c) => c !== 'none');
      if (used.length === 0) return 'audio.codec1..8: at least one codec must be enabled';
      const dup = used.find((c, i) => used.indexOf(c) !== i);
      return dup === undefined ? undefined : `audio.codec1..8: ${String(dup)} is listed twice`;
    },
  };
}
