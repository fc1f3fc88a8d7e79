import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';
import { anonymousFeature } from './anonymous.js';
import { autoAnswerFeature } from './auto-answer.js';
import { banlistFeature } from './banlist.js';
import { callLogFeature } from './call-log.js';
import { callWaitingFeature } from './call-waiting.js';
import { dndFeature } from './dnd.js';
import { forwardingFeature } from './forwarding.js';
import { ipStrategyFeature } from './ip-strategy.js';
import { lineFeaturesFeature } from './line-features.js';
import { DialPlanFeature } from './dial-plan.js';
import { HookFeature } from './hotline.js';
import { MwiFeature } from './mwi.js';
import { NoAnswerFeature } from './no-answer.js';
import { PagingFeature } from './paging.js';
import { ProgrammableKeysFeature } from './programmable-keys.js';
import { RedialFeature } from './redial.js';
import { TextMessagesFeature } from './text-messages.js';

/**
 * The phone's call features in hook order: screening features first in the
 * manual's priority (IP strategy, banlist, anonymous rejection, DND, forward
 * always, forward busy, call waiting / busy), then the rest. Each entry builds
 * one feature for one phone.
 */
export function defaultFeatures(): Array<(ctx: PhoneContext) => PhoneFeature> {
  return [
    // incoming screening, first decision wins: who may call at all, then DND,
    // then forward always / busy, then call waiting or the busy refusal
    ipStrategyFeature,
    banlistFeature,
    anonymousFeature,
    dndFeature,
    forwardingFeature(),
    callWaitingFeature,
    autoAnswerFeature(),
    callLogFeature,
    lineFeaturesFeature,
    // keys and services (issue #4); the dial plan rewrites last, after any code
    (ctx) => new DialPlanFeature(ctx),
    (ctx) => new NoAnswerFeature(ctx),
    (ctx) => new RedialFeature(ctx),
    (ctx) => new HookFeature(ctx),
    (ctx) => new MwiFeature(ctx),
    (ctx) => new ProgrammableKeysFeature(ctx),
    (ctx) => new PagingFeature(ctx),
    (ctx) => new TextMessagesFeature(ctx),
  ];
}

export { ANONYMITY_DISALLOWED, anonymousFeature } from './anonymous.js';
export { AUTO_ANSWER_DELAY_MS, autoAnswerFeature, lineAutoAnswer, type AutoAnswerOptions } from './auto-answer.js';
export { banlistFeature } from './banlist.js';
export { callLogFeature, historyRecord, historyType } from './call-log.js';
export { CALL_WAITING_TONE_COUNTRY, callWaitingFeature, callWaitingToneSpec, phoneIsBusy } from './call-waiting.js';
export { dndFeature } from './dnd.js';
export { EarpieceMixer, type EarpieceSource, type EarpieceTones } from './earpiece-mixer.js';
export { RING_CYCLE_MS, forwardingFeature, lineForward, type ForwardingOptions } from './forwarding.js';
export { autoAnswerRequest, manualAnswerRequested, type AutoAnswerRequest } from './intercom-headers.js';
export { ipAllowed, ipStrategyFeature } from './ip-strategy.js';
// the table's storage moved to config; re-exported so phone users keep one import
export { IP_STRATEGY_MAX, IP_STRATEGY_TEXT, readIpStrategyList, writeIpStrategyList } from '../../config/index.js';
export { lineFeatureStates, lineFeaturesFeature } from './line-features.js';
export { DialPlanFeature, applyRule, matchRule } from './dial-plan.js';
export { DIAL_PLAN_MAX_RULES, DIAL_PLAN_TEXT, checkDialPlanRules as checkRules } from '../../config/index.js';
export { HookFeature } from './hotline.js';
export { intercomHeaders, pressKey, type BoundKey } from './key-actions.js';
export { MwiFeature } from './mwi.js';
export { NoAnswerFeature } from './no-answer.js';
export { PagingFeature } from './paging.js';
export { defaultParkTarget, directedPickup, parkCall, pickupCall, referAway } from './pickup-park.js';
export { ProgrammableKeysFeature } from './programmable-keys.js';
export { RedialFeature, dialContact, dialFromHistory } from './redial.js';
export { serviceHub, type ServiceHub } from './service-hub.js';
export { TextMessagesFeature, textMessagesFeature } from './text-messages.js';
