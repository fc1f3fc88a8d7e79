import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';
import { refuse, returnCode, unescapeUser } from './feature-settings.js';

/**
 * The banlist (manual §7 "Phone Book > BanList"): a caller whose number is on
 * it, for every account or for the line called ("the ban contact can't dial to
 * this SIP account"), is refused with "Return Code When Refuse" without
 * ringing. The number is the user part of From and, when a proxy asserted the
 * caller (RFC 3325 §9.1), of P-Asserted-Identity too: a banned caller is
 * banned whichever identity the PBX shows. Banned calls are not logged as
 * missed (the point of a ban is not to be bothered).
 */
export function banlistFeature(ctx: PhoneContext): PhoneFeature {
  return {
    name: 'banlist',
    screenIncoming(invite) {
      const numbers = new Set<string>();
      const fromUser = invite.request.from?.uri.user;
      if (fromUser) numbers.add(fromUser);
      for (const pai of invite.request.headers.getAll('P-Asserted-Identity')) {
        const user = /<?(?:sips?|tel):([^@;>]+)/i.exec(pai)?.[1];
        if (user) numbers.add(unescapeUser(user));
      }
      for (const n of numbers) {
        const ban = ctx.db.banlist.match(n, invite.line.number);
        if (ban) {
          ctx.logger.info('caller is on the banlist', { number: n, entry: ban.id });
          return refuse(ctx, invite, 'banlist', returnCode(ctx, 'refuse'));
        }
      }
      return undefined;
    },
  };
}
