import type { SipRequest, SipResponse } from '../message/index.js';
import type { ReceivedMessage, SendTarget } from '../transport/index.js';
import { TransactionBase, toError, type TransactionContext, type TransactionInit } from './transaction.js';
import type { ClientTransaction, ClientTransactionUser } from './transaction-user.js';

export interface ClientTransactionInit {
  /** The request as it goes on the wire: top Via with this transaction's branch already set. */
  request: SipRequest;
  target: SendTarget;
  user: ClientTransactionUser;
  branch: string;
  reliable: boolean;
}

const NO_USER: ClientTransactionUser = {};

/** What both client transactions share: the request, where it goes, its TU, and sending with error capture. */
export abstract class ClientTransactionBase<S extends string> extends TransactionBase<S> {
  readonly request: SipRequest;
  readonly target: SendTarget;
  /** The last response this transaction received (provisional or final). */
  lastResponse: ReceivedMessage<SipResponse> | undefined;
  protected user: ClientTransactionUser;

  constructor(ctx: TransactionContext, init: ClientTransactionInit, machine: Omit<TransactionInit<S>, 'branch' | 'reliable'>) {
    super(ctx, { method: machine.method, initial: machine.initial, moves: machine.moves, branch: init.branch, reliable: init.reliable });
    this.request = init.request;
    this.target = init.target;
    this.user = init.user;
  }

  /**
   * Replace the TU, e.g. with a smaller one once the session that sent the
   * request is over (a finished call's INVITE transaction stays Accepted for
   * 64*T1, RFC 6026 §7.2, and keeps whatever its TU holds alive that long).
   */
  setUser(user: ClientTransactionUser): void {
    this.user = user;
  }

  /**
   * Called on entering a state from which only onTerminated can still reach
   * the TU (Completed): forget the TU unless it wants that call, so the
   * session behind it can be collected now rather than after Timer D or K.
   */
  protected releaseUser(): void {
    if (this.user.onTerminated === undefined) this.user = NO_USER;
  }

  /** Send the request and start the retransmission and timeout timers. Called once, by the layer. */
  abstract start(): void;

  /** A response matched to this transaction by the layer (§17.1.3). */
  abstract receiveResponse(response: ReceivedMessage<SipResponse>): void;

  /** What to do when the transport cannot send one of our messages. */
  protected abstract onTransportFailure(error: Error): void;

  /** Pass a request to the transport; a failure comes back through onTransportFailure (§17.1.4). */
  protected send(request: SipRequest, target: SendTarget = this.target): void {
    this.ctx.transport.sendRequest(request, target).catch((reason: unknown) => {
      if (!this.isTerminated) this.onTransportFailure(toError(reason));
    });
  }

  protected notifyTerminated(): void {
    this.user.onTerminated?.(this as unknown as ClientTransaction);
  }
}
