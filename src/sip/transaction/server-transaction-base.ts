import { SayhiError } from '../../base/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import type { ReceivedMessage } from '../transport/index.js';
import { TransactionErrorCode } from './transaction-errors.js';
import { TransactionBase, toError, type TransactionContext, type TransactionInit } from './transaction.js';
import type { ServerTransaction, ServerTransactionUser } from './transaction-user.js';

export interface ServerTransactionInit {
  /** The request that created the transaction, with where it came from (responses go back there). */
  received: ReceivedMessage<SipRequest>;
  branch: string;
  reliable: boolean;
}

/** What both server transactions share: the request, its TU, and sending responses with error capture. */
export abstract class ServerTransactionBase<S extends string> extends TransactionBase<S> {
  readonly received: ReceivedMessage<SipRequest>;
  /** The last response passed to the transport (the one a request retransmission gets again). */
  lastResponse: SipResponse | undefined;
  protected user: ServerTransactionUser = {};

  constructor(ctx: TransactionContext, init: ServerTransactionInit, machine: Omit<TransactionInit<S>, 'branch' | 'reliable'>) {
    super(ctx, { method: machine.method, initial: machine.initial, moves: machine.moves, branch: init.branch, reliable: init.reliable });
    this.received = init.received;
  }

  get request(): SipRequest {
    return this.received.message;
  }

  setUser(user: ServerTransactionUser): void {
    this.user = user;
  }

  /**
   * Pass a response from the TU to the transaction. Returns false (and sends
   * nothing) when the state machine no longer takes it, e.g. a second final
   * response after Completed (§17.2.2: "MUST be discarded").
   */
  abstract respond(response: SipResponse): boolean;

  /** A retransmission of the request that created this transaction (§17.2.3 matched). */
  abstract receiveRequest(request: ReceivedMessage<SipRequest>): void;

  /** Start the transaction's own timers (100 Trying). Called once, by the layer. */
  start(): void {}

  protected checkResponse(response: SipResponse): void {
    if (!Number.isInteger(response.status) || response.status < 100 || response.status > 699) {
      throw new SayhiError(TransactionErrorCode.BadResponse, `${this.id}: status ${response.status} out of range`);
    }
    const method = response.cseq?.method;
    if (method !== undefined && method !== this.method) {
      throw new SayhiError(TransactionErrorCode.BadResponse, `${this.id}: response CSeq method ${method}`);
    }
  }

  /** Pass a response to the transport; §17.2.4: a failure informs the TU and terminates. */
  protected send(response: SipResponse): void {
    this.lastResponse = response;
    this.ctx.transport.sendResponse(response, this.received).catch((reason: unknown) => {
      if (this.isTerminated) return;
      const error = toError(reason);
      this.finish('transport error', () => this.user.onTransportError?.(this as unknown as ServerTransaction, error));
    });
  }

  protected notifyTerminated(): void {
    this.user.onTerminated?.(this as unknown as ServerTransaction);
  }
}
