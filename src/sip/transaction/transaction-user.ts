import type { SipResponse } from '../message/index.js';
import type { ReceivedMessage } from '../transport/index.js';
import type { InviteClientTransaction } from './invite-client-transaction.js';
import type { InviteServerTransaction } from './invite-server-transaction.js';
import type { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import type { NonInviteServerTransaction } from './non-invite-server-transaction.js';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/**
 * The transaction user (TU) of a client transaction: the dialog layer, a
 * registration, an OPTIONS ping. The contract:
 *
 * - `onResponse` gets every provisional response and the final response. For
 *   an INVITE it also gets every 2xx that arrives while the transaction is
 *   Accepted (retransmissions, or 2xx from other forks, RFC 6026 §7.2): the TU
 *   ACKs each one itself (RFC 3261 §13.2.2.4). Retransmitted non-2xx finals are
 *   absorbed: the transaction re-sends its own ACK (§17.1.1.2).
 * - `onTimeout`: Timer B or F fired before any final response, or no final
 *   response came 64*T1 after a CANCEL (§9.1). "When a timeout error is
 *   received from the transaction layer, it MUST be treated as if a 408
 *   (Request Timeout) status code has been received" (§8.1.3.1).
 * - `onTransportError`: the transport could not send the request. "The
 *   condition MUST be treated as a 503 (Service Unavailable) status code"
 *   (§8.1.3.1). The transaction is terminated; the TU may fail over (RFC 3263).
 * - Exactly one of {a final response, onTimeout, onTransportError} ends the
 *   request (2xx repeats aside). `onTerminated` always comes once, last,
 *   when the transaction has been removed from the layer.
 * - Callbacks run synchronously inside the layer. They may call the layer
 *   (sendCancel, sendAck, sendRequest) and should not throw.
 */
export interface ClientTransactionUser {
  onResponse?(response: ReceivedMessage<SipResponse>, tx: ClientTransaction): void;
  onTimeout?(tx: ClientTransaction): void;
  onTransportError?(tx: ClientTransaction, error: Error): void;
  onTerminated?(tx: ClientTransaction): void;
}

/**
 * The TU of a server transaction, set with `tx.setUser()` after the layer
 * hands the request over. The TU answers with `tx.respond()`.
 *
 * - `onTimeout` (INVITE only, Timer H): a non-2xx final response was never
 *   ACKed; §17.2.1 says the transaction "MUST indicate to the TU that a
 *   transaction failure has occurred".
 * - `onTransportError`: a response could not be sent; §17.2.4 says the server
 *   transaction "SHOULD inform the TU that a failure has occurred, and SHOULD
 *   transition to the terminated state".
 * - `onTerminated` always comes once, last.
 */
export interface ServerTransactionUser {
  onTimeout?(tx: ServerTransaction): void;
  onTransportError?(tx: ServerTransaction, error: Error): void;
  onTerminated?(tx: ServerTransaction): void;
}
