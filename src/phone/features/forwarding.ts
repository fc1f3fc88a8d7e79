import { IncomingCall } from '../../sip-ua/index.js';
import type { Call } from '../call.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';
import type { IncomingDecision, IncomingInvite, PhoneFeature } from '../phone-feature.js';
import type { LineForward } from '../phone-types.js';
import { phoneIsBusy } from './call-waiting.js';
import { lineDnd, numberAsUri } from './feature-settings.js';

/**
 * One ring of the no-answer count ("Ring Frequency", call.forwardNoAnswerRings):
 * a ring cycle of 6 s (2 s on, 4 s off: the common ringing cadence, ITU-T
 * E.180 Table 2 allows 0.67-2.5 s on and 3-5 s off). The default 5 rings make
 * 30 s, close to Yealink's and Grandstream's 20-30 s no-answer time.
 */
export const RING_CYCLE_MS = 6000;

export interface ForwardingOptions {
  /** Length of one ring (tests shorten it). Default RING_CYCLE_MS. */
  ringCycleMs?: number;
}

/**
 * The forwarding in force on `line` (manual §4 "VoIP Call Forwarding": the
 * registry keeps one phone-wide set, call.forward*), each target as the URI
 * the 302 carries. A switch without a usable number is not in force.
 */
export function lineForward(ctx: PhoneContext, line: Line): LineForward | undefined {
  const target = (on: string, number: string) =>
    ctx.setting<boolean>(on) === true ? numberAsUri(line, String(ctx.setting(number))) : undefined;
  const always = target('call.forwardAlways', 'call.forwardAlwaysNumber');
  const busy = target('call.forwardBusy', 'call.forwardBusyNumber');
  const noAnswer = target('call.forwardNoAnswer', 'call.forwardNoAnswerNumber');
  if (!always && !busy && !noAnswer) return undefined;
  return {
    ...(always ? { always } : {}),
    ...(busy ? { busy } : {}),
    ...(noAnswer ? { noAnswer: { target: noAnswer, afterRings: Number(ctx.setting('call.forwardNoAnswerRings')) } } : {}),
  };
}

/**
 * Call forwarding by redirect (RFC 3261 §21.3.3: 302 Moved Temporarily with
 * the target in Contact; the caller, or its proxy, calls the target), as
 * Yealink and Grandstream phones do for local forwarding:
 *  - always: every call, before it rings (after DND: a phone in DND refuses);
 *  - busy: when the phone is busy (another call and call waiting off, or the
 *    line's keys taken), before the busy refusal;
 *  - no answer: after "Ring Frequency" rings of an unanswered call; not while
 *    in DND (Yealink: DND disables the local no-answer forward).
 * The call ends 'forwarded to <uri>' and the call log keeps that.
 */
export function forwardingFeature(options: ForwardingOptions = {}): (ctx: PhoneContext) => PhoneFeature {
  const ringCycleMs = options.ringCycleMs ?? RING_CYCLE_MS;
  return (ctx) => {
    const redirect = (invite: IncomingInvite, target: string, why: string): IncomingDecision => {
      ctx.logger.info('incoming call forwarded', { call: invite.call.id, why, target });
      ctx.events.emit('callFeature', { callId: invite.call.id, line: invite.line.number, feature: 'forward', detail: `${why} ${target}` });
      return { action: 'redirect', target };
    };
    return {
      name: 'forwarding',
      screenIncoming(invite) {
        const fwd = lineForward(ctx, invite.line);
        if (fwd?.always) return redirect(invite, fwd.always, 'always');
        if (fwd?.busy && phoneIsBusy(ctx, invite)) return redirect(invite, fwd.busy, 'busy');
        return undefined;
      },
      onCallAdded(call, invite) {
        if (!invite || call.state !== 'ringing' || lineDnd(ctx, invite.line.number)) return;
        const noAnswer = lineForward(ctx, invite.line)?.noAnswer;
        if (!noAnswer) return;
        forwardWhenUnanswered(ctx, call, invite, noAnswer.target, Math.max(1, noAnswer.afterRings) * ringCycleMs);
      },
    };
  };
}

function forwardWhenUnanswered(ctx: PhoneContext, call: Call, invite: IncomingInvite, target: string, afterMs: number): void {
  const timer = ctx.clock.setTimer(afterMs, () => {
    off();
    if (call.state !== 'ringing' || !(call.session instanceof IncomingCall)) return;
    ctx.logger.info('incoming call forwarded', { call: call.id, why: 'no answer', target });
    ctx.events.emit('callFeature', { callId: call.id, line: invite.line.number, feature: 'forward', detail: `no-answer ${target}` });
    call.session.redirect(target);
  });
  // answered, refused or cancelled before the time: no forward
  const off = call.events.on('change', (info) => {
    if (info.state === 'ringing') return;
    timer.cancel();
    off();
  });
}
