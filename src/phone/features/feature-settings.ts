import { formatUri } from '../../sip/index.js';
import { parseDialTarget } from '../dial-target.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';
import type { IncomingDecision, IncomingInvite } from '../phone-feature.js';
import type { CallFeatureName } from '../phone-types.js';

/**
 * How the call features read the registry (docs/settings.md). Every read is
 * done when a call comes or goes, so a changed setting applies to the next
 * call without a restart.
 */

/** Per-account switches of the SIP Account page (manual §7). */
export type AccountFlag = 'dnd' | 'autoAnswer' | 'anonymousCall' | 'anonymousCallReject';

export function accountFlag(ctx: PhoneContext, line: number, flag: AccountFlag): boolean {
  const key = `account.${line}.${flag}`;
  return ctx.settings.registry.has(key) && ctx.setting<boolean>(key) === true;
}

/** "Return Code When DND" / "Return Code When Refuse": the registry keeps the code as text ("480"). */
export function returnCode(ctx: PhoneContext, which: 'dnd' | 'refuse'): number {
  const code = Number(ctx.setting(which === 'dnd' ? 'call.dndCode' : 'call.refuseCode'));
  return Number.isInteger(code) && code >= 400 && code <= 699 ? code : which === 'dnd' ? 480 : 486;
}

/** DND for a line: the phone-wide DND (call.dnd) or the line's own (manual §4 "Do Not Disturb"). */
export function lineDnd(ctx: PhoneContext, line: number): boolean {
  return ctx.setting<boolean>('call.dnd') === true || accountFlag(ctx, line, 'dnd');
}

/**
 * A number from the settings (forward target...) as a SIP URI on `line`, as if
 * dialled there: `1003` becomes sip:1003@<the line's server>, an IP address or
 * user@host is called directly. Undefined when it cannot be dialled from this line.
 */
export function numberAsUri(line: Line, number: string): string | undefined {
  if (number.trim() === '') return undefined;
  const target = parseDialTarget(number, line.domain, line.transport);
  return target.ok ? formatUri(target.uri) : undefined;
}

/** Refuse the call and tell the event stream why (the call log and surfaces listen). */
export function refuse(
  ctx: PhoneContext,
  invite: IncomingInvite,
  feature: CallFeatureName,
  status: number,
  reason?: string,
): IncomingDecision {
  ctx.logger.info('incoming call refused', { call: invite.call.id, line: invite.line.number, by: feature, status });
  ctx.events.emit('callFeature', { callId: invite.call.id, line: invite.line.number, feature, detail: String(status) });
  return { action: 'reject', status, ...(reason ? { reason } : {}) };
}

/** The user part the banlist and the call log match on (From, or the anonymous marker). */
export function callerNumber(invite: Pick<IncomingInvite, 'request' | 'anonymous'>): string {
  if (invite.anonymous) return 'anonymous';
  return invite.request.from?.uri.user ?? '';
}

/** RFC 3261 §19.1.2 escapes in a user part ("%23" -> "#"); a bad escape is kept as written. */
export function unescapeUser(user: string): string {
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}
