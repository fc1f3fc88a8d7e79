/**
 * States of the four transaction state machines (RFC 3261 §17, with the
 * "Accepted" state of RFC 6026 §7.1/§7.2), and the table of legal moves each
 * transition() checks. An illegal move is a programmer error and throws.
 */
export type InviteClientState = 'Calling' | 'Proceeding' | 'Completed' | 'Accepted' | 'Terminated';
export type NonInviteClientState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';
export type InviteServerState = 'Proceeding' | 'Completed' | 'Confirmed' | 'Accepted' | 'Terminated';
export type NonInviteServerState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';

export type TransactionState = InviteClientState | NonInviteClientState | InviteServerState | NonInviteServerState;

/** For each state, the states it may move to. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** RFC 3261 Figure 5 as amended by RFC 6026 Figure 3. */
export const INVITE_CLIENT_MOVES: TransitionTable<InviteClientState> = {
  Calling: ['Proceeding', 'Completed', 'Accepted', 'Terminated'],
  Proceeding: ['Completed', 'Accepted', 'Terminated'],
  Completed: ['Terminated'],
  Accepted: ['Terminated'],
  Terminated: [],
};

/** RFC 3261 Figure 6. */
export const NON_INVITE_CLIENT_MOVES: TransitionTable<NonInviteClientState> = {
  Trying: ['Proceeding', 'Completed', 'Terminated'],
  Proceeding: ['Completed', 'Terminated'],
  Completed: ['Terminated'],
  Terminated: [],
};

/** RFC 3261 Figure 7 as amended by RFC 6026 Figure 5. */
export const INVITE_SERVER_MOVES: TransitionTable<InviteServerState> = {
  Proceeding: ['Completed', 'Accepted', 'Terminated'],
  Completed: ['Confirmed', 'Terminated'],
  Confirmed: ['Terminated'],
  Accepted: ['Terminated'],
  Terminated: [],
};

/** RFC 3261 Figure 8. */
export const NON_INVITE_SERVER_MOVES: TransitionTable<NonInviteServerState> = {
  Trying: ['Proceeding', 'Completed', 'Terminated'],
  Proceeding: ['Completed', 'Terminated'],
  Completed: ['Terminated'],
  Terminated: [],
};
