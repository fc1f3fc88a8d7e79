import { AUDIO_RATE, CallProgressToneGenerator, toneSpec, type ToneSpec } from '../../media/index.js';
import type { Call } from '../call.js';
import type { PhoneContext } from '../phone-context.js';
import type { IncomingInvite, PhoneFeature } from '../phone-feature.js';
import { refuse } from './feature-settings.js';

/** Tone plan of the call-waiting tone: the phone has no tone-country setting, so ITU-T E.180's. */
export const CALL_WAITING_TONE_COUNTRY = 'ITU';

/** The calls other than `call` that have not ended. */
export function otherCalls(ctx: PhoneContext, call: Call): Call[] {
  return ctx.calls().filter((c) => c !== call && c.state !== 'ended');
}

/**
 * Is the phone busy for this incoming call? Busy when another call is in
 * progress and either call waiting is off (manual: with call waiting "the
 * second call will be in the queue"; without it, it is refused) or the called
 * line already has as many calls as it has line keys ("Amount Of Line Account
 * Used", account.<n>.lineKeys).
 */
export function phoneIsBusy(ctx: PhoneContext, invite: Pick<IncomingInvite, 'call' | 'line'>): boolean {
  const others = otherCalls(ctx, invite.call);
  if (others.length === 0) return false;
  if (ctx.setting<boolean>('call.callWaiting') !== true) return true;
  const keysKey = `account.${invite.line.number}.lineKeys`;
  const keys = ctx.settings.registry.has(keysKey) ? Number(ctx.setting(keysKey)) : 2;
  return others.filter((c) => c.line === invite.line.number).length >= keys;
}

/**
 * The call-waiting tone's cadence stretched to the "Call Waiting Tone
 * Frequency" (call.callWaitingToneInterval, seconds): the plan's bursts, then
 * silence until the interval is over.
 */
export function callWaitingToneSpec(intervalS: number, country = CALL_WAITING_TONE_COUNTRY): ToneSpec {
  const plan = toneSpec(country, 'callWaiting');
  const cadence = [...plan.cadenceMs];
  if (cadence.length % 2 === 1) cadence.push(0);
  const bursts = cadence.slice(0, -1).reduce((a, b) => a + b, 0);
  cadence[cadence.length - 1] = Math.max(cadence[cadence.length - 1]! > 0 ? 100 : 0, intervalS * 1000 - bursts);
  return { ...plan, cadenceMs: cadence };
}

/**
 * Call waiting (manual §7 "Call Waiting", "Call Waiting Tone"): a second call
 * while one is in progress rings beside it, with the call-waiting tone mixed
 * into the earpiece while the person talks (ITU-T E.180 §2.7); with call
 * waiting off, or the line's keys all taken, it is refused with 486 Busy Here
 * (RFC 3261 §21.4.24: the callee is busy; a busy forward, earlier in the list,
 * gets its chance first).
 */
export function callWaitingFeature(ctx: PhoneContext): PhoneFeature {
  return {
    name: 'call-waiting',
    screenIncoming(invite) {
      if (!phoneIsBusy(ctx, invite)) return undefined;
      return refuse(ctx, invite, 'busy', 486);
    },
    onCallAdded(call, invite) {
      if (!invite || call.state !== 'ringing') return;
      if (!otherCalls(ctx, call).some((c) => c.state === 'connected')) return;
      ctx.events.emit('callFeature', { callId: call.id, line: call.line, feature: 'call-waiting', detail: 'ringing beside a call' });
      if (ctx.setting<boolean>('call.callWaitingTone') !== true) return;
      playWhileWaiting(ctx, call);
    },
  };
}

/** Mix the tone into the earpiece until the waiting call stops ringing or no call is up any more. */
function playWhileWaiting(ctx: PhoneContext, call: Call): void {
  const spec = callWaitingToneSpec(Number(ctx.setting('call.callWaitingToneInterval')));
  const tone = ctx.earpiece.add(new CallProgressToneGenerator(spec, AUDIO_RATE));
  ctx.logger.debug('call-waiting tone on', { call: call.id });
  const check = (): void => {
    if (call.state === 'ringing' && otherCalls(ctx, call).some((c) => c.state === 'connected')) return;
    tone.remove();
    off();
    ctx.logger.debug('call-waiting tone off', { call: call.id });
  };
  const off = ctx.events.on('call', check);
}
