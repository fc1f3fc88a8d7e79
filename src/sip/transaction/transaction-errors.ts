/**
 * Stable codes of the transaction layer's errors (STYLE.md "Errors"). These
 * are thrown only for programmer errors; protocol outcomes (timeout,
 * transport failure) reach the TU as callbacks, not exceptions.
 */
export const TransactionErrorCode = {
  /** transition() was asked for a move its table does not allow. */
  IllegalTransition: 'SIP_TSX_ILLEGAL_TRANSITION',
  /** A request the layer cannot send as a transaction (ACK, CANCEL, missing CSeq...). */
  BadRequest: 'SIP_TSX_BAD_REQUEST',
  /** A response a server transaction cannot send (status out of range, wrong method). */
  BadResponse: 'SIP_TSX_BAD_RESPONSE',
  /** T1/T2/T4 out of range. */
  BadConfig: 'SIP_TSX_CONFIG',
} as const;

export type TransactionErrorCode = (typeof TransactionErrorCode)[keyof typeof TransactionErrorCode];
