import type { Logger } from '../base/index.js';
import type { IncomingCall } from '../sip-ua/index.js';
import type { Call } from './call.js';

export interface TransferTargetOptions {
  logger: Logger;
  calls(): readonly Call[];
  /** The new call inherits the replaced one's place: focus and handset, conference membership. */
  takePlace(old: Call, next: Call): void;
}

/**
 * The transfer target's side of an attended transfer (RFC 3891 §3): an
 * INVITE with Replaces naming one of our calls is answered at once, without
 * ringing (it is the same conversation with a new party), the replaced call
 * ends (BYE, or CANCEL for an early one we placed), and the new call takes
 * its place. A Replaces naming no call of ours, or one that cannot be
 * replaced, is refused with the RFC's status (481, 486, 603); a malformed
 * one was refused with 400 by the session already.
 *
 * Returns false when the INVITE has no Replaces (it rings as usual).
 */
export function takeOverReplaced(call: Call, session: IncomingCall, opts: TransferTargetOptions): boolean {
  if (!session.request.headers.has('Replaces')) return false;
  if (session.refusal) {
    session.answer(); // sends the refusal (400 Bad Replaces, 422)
    return true;
  }
  const match = session.findReplaced();
  if (!match) return false;
  if (!match.ok) {
    opts.logger.info('INVITE with Replaces refused', { status: match.status, reason: match.reason });
    session.reject(match.status);
    return true;
  }
  const old = opts.calls().find((c) => c.session === match.session);
  if (!session.answer()) return true;
  opts.logger.info('call replaced', { callId: call.id, replaces: old?.id ?? match.session.callId });
  if (old) opts.takePlace(old, call);
  void match.session.hangup().catch(() => undefined);
  return true;
}
