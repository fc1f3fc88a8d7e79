import { IncomingCall } from '../../sip-ua/index.js';
import type { Call } from '../call.js';
import type { PhoneContext } from '../phone-context.js';
import type { IncomingInvite, PhoneFeature } from '../phone-feature.js';
import type { AutoAnswerMode, CallFeatureName } from '../phone-types.js';
import { otherCalls } from './call-waiting.js';
import { accountFlag, callerNumber } from './feature-settings.js';
import { autoAnswerRequest, manualAnswerRequested } from './intercom-headers.js';

/**
 * Auto-answer delay when the settings have none (`call.autoAnswerDelay`, s):
 * the manual says only "answers incoming calls automatically after a few
 * rings"; Yealink's default is 3 s, long enough to hear that a call came in.
 */
export const AUTO_ANSWER_DELAY_MS = 3000;

export interface AutoAnswerOptions {
  /** Delay before an auto answer (not an intercom call, which says its own); overrides `call.autoAnswerDelay`. */
  delayMs?: number;
  /**
   * Answer intercom calls (Answer-Mode: Auto, Alert-Info/Call-Info auto-answer)
   * by themselves; overrides `call.acceptIntercom` (default on, like Yealink's
   * "Accept Intercom").
   */
  allowIntercom?: boolean;
}

function settingDelayMs(ctx: PhoneContext): number {
  const s = Number(ctx.setting('call.autoAnswerDelay'));
  return Number.isFinite(s) && s >= 0 ? s * 1000 : AUTO_ANSWER_DELAY_MS;
}

/** Auto answer in force on a line (phone-wide call.autoAnswer or the line's own), with its mode. */
export function lineAutoAnswer(ctx: PhoneContext, line: number): AutoAnswerMode | undefined {
  const on = ctx.setting<boolean>('call.autoAnswer') === true || accountFlag(ctx, line, 'autoAnswer');
  return on ? (String(ctx.setting('call.autoAnswerMode')) as AutoAnswerMode) : undefined;
}

/**
 * Auto answer (manual §4 "Auto-answer", §7 "Auto Answer / Auto Answer Group /
 * Auto Answer Mode") and intercom (a PBX's intercom or paging call asks to be
 * answered, RFC 5373):
 *  - with auto answer on, a call that rings while no other call is up is
 *    answered after the delay; with an "Auto Answer Group", only callers in
 *    that phonebook group are; `Answer-Mode: Manual` is respected;
 *  - an intercom request is answered after the delay it names (0: at once),
 *    when intercom is allowed and no other call is up (no barge-in);
 *  - the answer mode (hands-free / handset / headset) is what the audio path
 *    would use; a headless phone only reports it (callFeature event, status).
 */
export function autoAnswerFeature(options: AutoAnswerOptions = {}): (ctx: PhoneContext) => PhoneFeature {
  return (ctx) => ({
    name: 'auto-answer',
    onCallAdded(call, invite) {
      if (!invite || call.state !== 'ringing') return;
      if (otherCalls(ctx, call).some((c) => c.state !== 'ringing')) return;
      const delayMs = options.delayMs ?? settingDelayMs(ctx);
      const allowIntercom = options.allowIntercom ?? ctx.setting('call.acceptIntercom') !== false;
      const mode = String(ctx.setting('call.autoAnswerMode')) as AutoAnswerMode;
      const asked = allowIntercom ? autoAnswerRequest(invite.request) : undefined;
      if (asked) {
        answerLater(ctx, call, asked.delayS * 1000, 'intercom', `${mode} (${asked.via})`);
        return;
      }
      if (!lineAutoAnswer(ctx, invite.line.number) || manualAnswerRequested(invite.request)) return;
      if (!inAutoAnswerGroup(ctx, invite)) return;
      answerLater(ctx, call, delayMs, 'auto-answer', mode);
    },
  });
}

/** "Auto Answer Group": only callers in that phonebook group (empty: everyone). */
function inAutoAnswerGroup(ctx: PhoneContext, invite: IncomingInvite): boolean {
  const name = String(ctx.setting('call.autoAnswerGroup')).trim();
  if (name === '') return true;
  const group = ctx.db.groups.byName(name);
  const contact = ctx.db.contacts.findByNumber(callerNumber(invite));
  return !!group && !!contact && (contact.groupId === group.id || contact.groupTwoId === group.id);
}

function answerLater(ctx: PhoneContext, call: Call, afterMs: number, feature: CallFeatureName, detail: string): void {
  const timer = ctx.clock.setTimer(afterMs, () => {
    off();
    if (call.state !== 'ringing' || !(call.session instanceof IncomingCall)) return;
    if (!call.session.answer()) return;
    ctx.logger.info('incoming call answered by itself', { call: call.id, by: feature, mode: detail });
    ctx.events.emit('callFeature', { callId: call.id, line: call.line, feature, detail });
  });
  const off = call.events.on('change', (info) => {
    if (info.state === 'ringing') return;
    timer.cancel();
    off();
  });
}
