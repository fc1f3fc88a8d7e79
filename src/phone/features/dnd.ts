import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';
import { lineDnd, refuse, returnCode } from './feature-settings.js';

/**
 * Do Not Disturb (manual §4): a call to a line in DND, or to any line while the
 * phone-wide DND is on, is refused at once with "Return Code When DND"
 * (call.dndCode, 480 Temporarily Unavailable by default: RFC 3261 §21.4.18,
 * the callee is reachable but not taking calls). The caller's PBX may then
 * send it to voice mail, which is what the manual means by "can also be set to
 * their voice mail". The line status shows it (LineStatus.dnd).
 */
export function dndFeature(ctx: PhoneContext): PhoneFeature {
  return {
    name: 'dnd',
    screenIncoming(invite) {
      if (!lineDnd(ctx, invite.line.number)) return undefined;
      return refuse(ctx, invite, 'dnd', returnCode(ctx, 'dnd'));
    },
  };
}
