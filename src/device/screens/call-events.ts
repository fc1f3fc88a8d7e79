import type { CallInfo } from '../../phone/index.js';
import { endReasonText } from '../i18n/translate.js';
import type { KeypadLock } from './keypad-lock.js';
import type { ScreenContext } from './screen-context.js';

/**
 * A call changed (the phone's 'call' event): what the face does besides
 * redrawing. An ended call says why (manual §4: the LCD shows the cause),
 * leaves the end tone its cause calls for (audio-paths.ts), and drops the
 * face's transfer / conference modes that named it. A call ringing in on a
 * phone locked with Lock & Answer is answered hands-free (manual §7 "Key Board
 * Lock": "[Lock & Answer]: Auto open Auto-answer and lock the keys") when it is
 * the only call.
 */
export function followCall(ctx: ScreenContext, lock: KeypadLock, c: CallInfo): void {
  if (c.state === 'ended') {
    if (c.endReason && c.endReason !== 'local hangup') ctx.notice(endReasonText(ctx.t, ctx.language(), c.endReason));
    const others = ctx.phone.status().calls.filter((o) => o.id !== c.id && o.state !== 'ended').length;
    ctx.audio.callEnded(c, others);
    const m = ctx.mode;
    if (m.consult && (m.consult.original === c.id || m.consult.consult === c.id)) m.consult = undefined;
    if (m.conference && (m.conference.first === c.id || m.conference.second === c.id)) m.conference = undefined;
    if (m.entry?.callId === c.id) {
      m.entry.entry.cancel();
      m.entry = undefined;
    }
  }
  if (c.direction === 'incoming' && c.state === 'ringing' && lock.autoAnswers) {
    const alone = !ctx.phone.status().calls.some((o) => o.id !== c.id && o.state !== 'ended');
    if (!alone) return;
    // after the event has run its course: answering inside it would re-enter the phone
    ctx.track(
      Promise.resolve().then(() =>
        ctx.command('Answer', async () => {
          if (ctx.audio.path === 'none') ctx.audio.setPath(ctx.audio.defaultPath());
          await ctx.phone.answer(c.id);
        }),
      ),
    );
  }
}
