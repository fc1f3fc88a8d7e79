import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';
import { accountFlag, refuse } from './feature-settings.js';

/**
 * RFC 5079 §5: "433 Anonymity Disallowed" tells the caller why, so its phone
 * can say "call again showing your number" instead of a plain busy.
 */
export const ANONYMITY_DISALLOWED = 433;

/**
 * Anonymous call and anonymous call rejection (manual §7, SIP Account page,
 * per account):
 *  - "Anonymous Call" (account.<n>.anonymousCall): every INVITE the line sends
 *    hides our identity: From "Anonymous" <sip:anonymous@anonymous.invalid>,
 *    Privacy: id and our identity in P-Preferred-Identity for the proxy
 *    (RFC 3323 §4.1.1.3, RFC 3325 §9.2); the call factory builds them.
 *  - "Anonymous Call Rejection" (account.<n>.anonymousCallReject): a caller
 *    that hides its identity (anonymous From, or Privacy: id) is refused with
 *    433 Anonymity Disallowed (RFC 5079), as Yealink and Grandstream phones do.
 */
export function anonymousFeature(ctx: PhoneContext): PhoneFeature {
  return {
    name: 'anonymous',
    screenIncoming(invite) {
      if (!invite.anonymous || !accountFlag(ctx, invite.line.number, 'anonymousCallReject')) return undefined;
      return refuse(ctx, invite, 'anonymous-rejection', ANONYMITY_DISALLOWED, 'Anonymity Disallowed');
    },
    prepareCall(opts) {
      if (opts.anonymous !== undefined || !accountFlag(ctx, opts.line.number, 'anonymousCall')) return opts;
      return { ...opts, anonymous: true };
    },
  };
}
