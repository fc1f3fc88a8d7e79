/**
 * INVITE session states (RFC 3261 §13-15), one machine for both roles.
 *
 *   UAC: calling --1xx--> proceeding --1xx+tag--> early --2xx/ACK--> confirmed
 *   UAS: incoming --1xx sent--> early --2xx sent--> accepted --ACK--> confirmed
 *   any --BYE / CANCEL / non-2xx / error--> terminating --> terminated
 */
export type InviteSessionState =
  | 'calling'
  | 'proceeding'
  | 'early'
  | 'incoming'
  | 'accepted'
  | 'confirmed'
  | 'terminating'
  | 'terminated';

export const INVITE_SESSION_MOVES: Readonly<Record<InviteSessionState, readonly InviteSessionState[]>> = {
  calling: ['proceeding', 'early', 'confirmed', 'terminating', 'terminated'],
  proceeding: ['early', 'confirmed', 'terminating', 'terminated'],
  early: ['confirmed', 'accepted', 'terminating', 'terminated'],
  incoming: ['early', 'accepted', 'terminating', 'terminated'],
  accepted: ['confirmed', 'terminating', 'terminated'],
  confirmed: ['terminating', 'terminated'],
  terminating: ['terminated'],
  terminated: [],
};

/** Why a session ended, as the phone's call log and API show it. */
export interface SessionEnd {
  by: 'local' | 'remote' | 'error';
  /** The SIP status that ended it, if any (486, 487, 408, 503...). */
  status?: number;
  reason: string;
}
