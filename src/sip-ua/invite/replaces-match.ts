import { formatUri } from '../../sip/index.js';
import { formatReplaces, replacesForDialog, replacesMatches, type ReplacesHeader } from '../refer/index.js';
import type { UaCore } from '../ua-core.js';
import type { InviteSession } from './invite-session.js';
import { sessionsOf } from './session-directory.js';

/**
 * What an INVITE with Replaces may do (RFC 3891 §3). On a match the phone
 * answers the new INVITE (without ringing: it takes the old call's place)
 * and ends the old session - BYE for a confirmed dialog, CANCEL for an early
 * one we started; `session.hangup()` does the right one. Otherwise it
 * rejects the new INVITE with `status`.
 */
export type ReplacesMatch =
  | { ok: true; session: InviteSession; end: 'bye' | 'cancel' }
  | { ok: false; status: 481 | 486 | 603; reason: string };

export function findReplacedSession(core: UaCore, replaces: ReplacesHeader): ReplacesMatch {
  const session = sessionsOf(core).find((s) => s.dialog !== undefined && replacesMatches(replaces, s.dialog.id));
  const dialog = session?.dialog;
  if (!session || !dialog) return { ok: false, status: 481, reason: 'no such dialog' };
  // §3: a dialog already ending "SHOULD" get 603
  if (session.state === 'terminating' || session.state === 'terminated' || dialog.state === 'terminated') {
    return { ok: false, status: 603, reason: 'the dialog is ending' };
  }
  if (dialog.state === 'early') {
    // §3: only an early dialog we started can be replaced; the other side's ringing call is left alone
    if (dialog.role !== 'uac') return { ok: false, status: 481, reason: 'early dialog not initiated here' };
    return { ok: true, session, end: 'cancel' };
  }
  // §3: "early-only" refuses a confirmed dialog (the race of §7.1)
  if (replaces.earlyOnly) return { ok: false, status: 486, reason: 'dialog is confirmed (early-only)' };
  return { ok: true, session, end: 'bye' };
}

/**
 * The Refer-To URI for an attended transfer (RFC 5589 §7): the consulted
 * party, with a Replaces header naming our dialog with it as THEY see it.
 * `use: 'contact'` (default) sends the transferee straight to the device we
 * talk to (its Contact; RFC 5589 §7.3 prefers a GRUU for that reason);
 * 'aor' uses its address of record, for peers behind NAT a proxy must reach.
 */
export function attendedTransferTarget(consult: InviteSession, opts: { use?: 'contact' | 'aor' } = {}): string | undefined {
  const dialog = consult.dialog;
  if (!dialog) return undefined;
  const uri = opts.use === 'aor' ? dialog.remoteUri.uri : dialog.remoteTarget;
  return formatUri({ ...uri, headers: new Map([['Replaces', formatReplaces(replacesForDialog(dialog.id))]]) });
}
