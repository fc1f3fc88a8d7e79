import { IncomingCall } from '../../sip-ua/index.js';
import type { Call } from '../call.js';
import type { PhoneContext } from '../phone-context.js';
import type { IncomingInvite, PhoneFeature } from '../phone-feature.js';
import type { CallState } from '../phone-types.js';

/** States in which a call is still waiting for an answer. */
const UNANSWERED: ReadonlySet<CallState> = new Set(['dialing', 'ringing', 'early']);

/**
 * "Called No Answer Time" (manual §7 Advance > Phone Setting: "When it has
 * coming call and enable this feature, the caller will be request time out in
 * the stipulated time"; registry `call.noAnswerTimeoutEnabled` and
 * `call.noAnswerTimeout` seconds). The manual's sentence reads both ways, so
 * the phone keeps both ends of a call from ringing forever:
 *
 * - an outgoing call not answered in time is cancelled (CANCEL, RFC 3261 §9.1);
 * - an incoming call not answered in time is refused with 408 Request Timeout
 *   (the caller "will be request time out"). A no-answer forward set shorter
 *   (`call.forwardNoAnswer`) acts first, since it ends the call.
 */
export class NoAnswerFeature implements PhoneFeature {
  readonly name = 'no-answer';

  constructor(private readonly ctx: PhoneContext) {}

  onCallAdded(call: Call, _invite?: IncomingInvite): void {
    if (this.ctx.setting('call.noAnswerTimeoutEnabled') !== true || !UNANSWERED.has(call.state)) return;
    const seconds = Number(this.ctx.setting('call.noAnswerTimeout'));
    const timer = this.ctx.clock.setTimer(seconds * 1000, () => {
      off();
      if (!UNANSWERED.has(call.state)) return;
      this.ctx.logger.info('call not answered in time', { call: call.id, direction: call.direction, seconds });
      if (call.direction === 'outgoing') void call.session.hangup().catch(() => undefined);
      else if (call.session instanceof IncomingCall) call.session.reject(408, 'Request Timeout');
    });
    const off = call.events.on('change', (info) => {
      if (UNANSWERED.has(info.state)) return;
      timer.cancel();
      off();
    });
  }
}
