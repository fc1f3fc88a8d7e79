import type { TimerHandle } from '../../base/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import type { ReceivedMessage } from '../transport/index.js';
import { ServerTransactionBase, type ServerTransactionInit } from './server-transaction-base.js';
import { stopTimer, type TransactionContext } from './transaction.js';
import { NON_INVITE_SERVER_MOVES, type NonInviteServerState } from './transaction-state.js';

/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2).
 *
 *                 request received: to TU
 *                        |
 *   request: discard  +--------+  transport error: inform TU ---------+
 *                     | Trying |                                      |
 *                     +--------+                                      |
 *       1xx from TU: send |  \ 200-699 from TU: send                  |
 *                         v   \                                       |
 *   1xx from TU: send +------------+                                  |
 *   request: resend   | Proceeding |  transport error: inform TU -----+
 *   last provisional  +------------+                                  |
 *                200-699 from TU: send |                              |
 *                                      v                              |
 *   request: resend final      +-----------+  final from TU: discard  |
 *                              | Completed |                          |
 *                              +-----------+                          |
 *              Timer J (0 if reliable) |                              |
 *                                      v                              |
 *                                  Terminated <-----------------------+
 */
export class NonInviteServerTransaction extends ServerTransactionBase<NonInviteServerState> {
  readonly kind = 'nist' as const;
  private timerJ: TimerHandle | undefined;

  constructor(ctx: TransactionContext, init: ServerTransactionInit) {
    super(ctx, init, { method: init.received.message.method, initial: 'Trying', moves: NON_INVITE_SERVER_MOVES });
  }

  respond(response: SipResponse): boolean {
    this.checkResponse(response);
    const status = response.status;
    if (this.state !== 'Trying' && this.state !== 'Proceeding') {
      // "Any other final responses passed by the TU to the server transaction MUST be discarded while in the "Completed" state."
      this.ctx.logger.debug(`${this.id}: ${status} from TU discarded in ${this.state}`);
      return false;
    }
    this.send(response);
    if (status < 200) {
      // "While in the "Trying" state, if the TU passes a provisional response to the server transaction, the server transaction MUST enter the "Proceeding" state."
      if (this.state === 'Trying') this.transition('Proceeding', `${status} sent`);
    } else {
      // "If the TU passes a final response (status codes 200-699) to the server while in the "Proceeding" state, the transaction MUST enter the "Completed" state" (likewise from Trying)
      this.transition('Completed', `${status} sent`);
      if (this.reliable && !this.isTerminated) this.finish('Timer J = 0 (reliable transport)');
    }
    return true;
  }

  receiveRequest(_rx: ReceivedMessage<SipRequest>): void {
    switch (this.state) {
      case 'Trying':
        // "Once in the "Trying" state, any further request retransmissions are discarded."
        return;
      // Proceeding: "If a retransmission of the request is received while in the "Proceeding" state, the most recent provisional response that was received from the TU MUST be passed to the transport layer for retransmission."
      // Completed: "the server transaction MUST pass the final response to the transport layer for retransmission whenever a retransmission of the request is received."
      case 'Proceeding':
      case 'Completed':
        if (this.lastResponse) this.send(this.lastResponse);
        return;
      case 'Terminated':
        return;
    }
  }

  protected transition(to: NonInviteServerState, cause: string): void {
    this.move(to, cause);
    switch (to) {
      case 'Completed':
        // "When the server transaction enters the "Completed" state, it MUST set Timer J to fire in 64*T1 seconds for unreliable transports, and zero seconds for reliable transports."
        if (!this.reliable) this.timerJ = this.startTimer(64 * this.t1, () => this.finish('Timer J'));
        return;
      case 'Terminated':
        this.timerJ = stopTimer(this.timerJ);
        return;
      default:
        return;
    }
  }
}
