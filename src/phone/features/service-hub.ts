import type { PhoneContext } from '../phone-context.js';
import type { HookFeature } from './hotline.js';
import type { MwiFeature } from './mwi.js';
import type { PagingFeature } from './paging.js';
import type { ProgrammableKeysFeature } from './programmable-keys.js';
import type { RedialFeature } from './redial.js';
import type { TextMessagesFeature } from './text-messages.js';

/**
 * The keys-and-services features of one phone, found by each other: a memory
 * key opens the pre-dial of the hook feature or starts the paging feature's
 * sender. Keyed by the phone's context, so phones in one process (farm mode)
 * never see each other's. A feature a phone runs without is absent.
 */
export interface ServiceHub {
  hook?: HookFeature;
  keys?: ProgrammableKeysFeature;
  mwi?: MwiFeature;
  paging?: PagingFeature;
  redial?: RedialFeature;
  texts?: TextMessagesFeature;
}

const hubs = new WeakMap<PhoneContext, ServiceHub>();

export function serviceHub(ctx: PhoneContext): ServiceHub {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = {};
    hubs.set(ctx, hub);
  }
  return hub;
}
