import type { TimerHandle } from '../../base/index.js';
import { createResponse, type SipRequest, type SipResponse } from '../message/index.js';
import type { ReceivedMessage } from '../transport/index.js';
import { ServerTransactionBase, type ServerTransactionInit } from './server-transaction-base.js';
import { stopTimer, type TransactionContext } from './transaction.js';
import { INVITE_SERVER_MOVES, type InviteServerState } from './transaction-state.js';
import { TRYING_DELAY_MS } from './transaction-timers.js';

/**
 * INVITE server transaction (RFC 3261 §17.2.1, amended by RFC 6026 §7.1).
 * 2xx retransmissions are not its job (§13.3.1.4): the TU uses
 * Uas2xxRetransmitter and passes each 2xx back through respond().
 *
 *                  INVITE received: to TU; 100 Trying after 200 ms unless the TU answered
 *                       |
 *   INVITE: resend     +------------+  1xx from TU: send
 *   last provisional   | Proceeding |  transport error: inform TU --------------+
 *                      +------------+                                          |
 *     300-699 from TU: send |     \ 2xx from TU: send                          |
 *                           v      v                                           |
 *   Timer G: resend,  +-----------+  +----------+ INVITE: absorb               |
 *   G = min(2G, T2)   | Completed |  | Accepted | 2xx from TU: send            |
 *   INVITE: resend    +-----------+  +----------+ ACK: to TU (via the layer)   |
 *             ACK  |     | Timer H: inform TU |  Timer L                       |
 *                  v     |                    |                                |
 *          +-----------+ |                    |                                |
 *          | Confirmed | | (ACK absorbed)     |                                |
 *          +-----------+ |                    |                                |
 *   Timer I (0 if reliable)                   v                                |
 *                  +-----+---------------> Terminated <------------------------+
 */
export class InviteServerTransaction extends ServerTransactionBase<InviteServerState> {
  readonly kind = 'ist' as const;
  private tryingTimer: TimerHandle | undefined;
  private timerG: TimerHandle | undefined;
  private intervalG = 0;
  private timerH: TimerHandle | undefined;
  private timerI: TimerHandle | undefined;
  private timerL: TimerHandle | undefined;

  constructor(ctx: TransactionContext, init: ServerTransactionInit) {
    super(ctx, init, { method: 'INVITE', initial: 'Proceeding', moves: INVITE_SERVER_MOVES });
  }

  override start(): void {
    // §17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it knows that the TU will generate a provisional or final response within 200 ms"
    this.tryingTimer = this.startTimer(TRYING_DELAY_MS, () => {
      this.tryingTimer = undefined;
      if (this.state !== 'Proceeding' || this.lastResponse) return;
      const trying = createResponse(this.request, 100);
      // §8.2.6.1: "If a Timestamp header field is present in the request, it MUST be copied into this 100 (Trying) response."
      const timestamp = this.request.headers.get('Timestamp');
      if (timestamp !== undefined) trying.headers.append('Timestamp', timestamp);
      this.send(trying);
    });
  }

  respond(response: SipResponse): boolean {
    this.checkResponse(response);
    const status = response.status;
    switch (this.state) {
      case 'Proceeding':
        this.tryingTimer = stopTimer(this.tryingTimer);
        this.send(response);
        if (status < 200) {
          // "So long as the server transaction is in the "Proceeding" state, each of these MUST be passed to the transport layer for transmission."
        } else if (status < 300) {
          // RFC 6026 §8.5: the 2xx is passed to the transport and "The server transaction MUST then transition to the "Accepted" state."
          this.transition('Accepted', `${status} sent`);
        } else {
          // "if the TU passes a response with status code from 300 to 699 to the server transaction, the response MUST be passed to the transport layer for transmission, and the state machine MUST enter the "Completed" state."
          this.transition('Completed', `${status} sent`);
        }
        return true;
      case 'Accepted':
        // RFC 6026 §8.7: "any retransmissions of the 2xx response passed from the TU to the server transaction MUST be passed to the transport layer for transmission."
        if (status < 200 || status >= 300) return this.refuse(status);
        this.send(response);
        return true;
      default:
        return this.refuse(status);
    }
  }

  receiveRequest(_rx: ReceivedMessage<SipRequest>): void {
    switch (this.state) {
      case 'Proceeding':
        // "If a request retransmission is received while in the "Proceeding" state, the most recent provisional response that was received from the TU MUST be passed to the transport layer for retransmission."
        if (this.lastResponse) this.resend();
        return;
      case 'Completed':
        // "while in the "Completed" state, if a request retransmission is received, the server SHOULD pass the response to the transport for retransmission."
        this.resend();
        return;
      default:
        // Accepted: RFC 6026 §8.6, retransmissions of an accepted INVITE "are absorbed entirely within the server transaction"; Confirmed absorbs too
        return;
    }
  }

  /**
   * An ACK matched to this transaction (same branch, §17.2.3). Returns true
   * when the transaction consumed it; false in Accepted, where the ACK (of a
   * peer that reuses the INVITE branch for its 2xx ACK) belongs to the TU.
   */
  receiveAck(_rx: ReceivedMessage<SipRequest>): boolean {
    switch (this.state) {
      case 'Completed':
        // "If an ACK is received while the server transaction is in the "Completed" state, the server transaction MUST transition to the "Confirmed" state."
        this.transition('Confirmed', 'ACK received');
        if (this.reliable && !this.isTerminated) this.finish('Timer I = 0 (reliable transport)');
        return true;
      case 'Accepted':
        return false;
      default:
        // Confirmed: "The purpose of the "Confirmed" state is to absorb any additional ACK messages"
        return true;
    }
  }

  protected transition(to: InviteServerState, cause: string): void {
    this.move(to, cause);
    switch (to) {
      case 'Completed':
        if (!this.reliable) {
          // "For unreliable transports, timer G is set to fire in T1 seconds, and is not set to fire for reliable transports."
          this.intervalG = this.t1;
          this.timerG = this.startTimer(this.intervalG, () => this.onTimerG());
        }
        // "When the "Completed" state is entered, timer H MUST be set to fire in 64*T1 seconds for all transports."
        this.timerH = this.startTimer(64 * this.t1, () => this.onTimerH());
        return;
      case 'Confirmed':
        this.timerG = stopTimer(this.timerG);
        this.timerH = stopTimer(this.timerH);
        // "The timer I is set to fire in T4 seconds for unreliable transports, and zero seconds for reliable transports."
        if (!this.reliable) this.timerI = this.startTimer(this.ctx.timers.t4, () => this.finish('Timer I'));
        return;
      case 'Accepted':
        // RFC 6026 §8.7: Timer L "MUST be set to fire in 64*T1" on entering Accepted
        this.timerL = this.startTimer(64 * this.t1, () => this.finish('Timer L'));
        return;
      case 'Terminated':
        this.tryingTimer = stopTimer(this.tryingTimer);
        this.timerG = stopTimer(this.timerG);
        this.timerH = stopTimer(this.timerH);
        this.timerI = stopTimer(this.timerI);
        this.timerL = stopTimer(this.timerL);
        return;
      case 'Proceeding':
        return;
    }
  }

  private onTimerG(): void {
    if (this.state !== 'Completed') return;
    // "If timer G fires, the response is passed to the transport layer once more for retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds."
    this.resend();
    this.intervalG = Math.min(2 * this.intervalG, this.ctx.timers.t2);
    this.timerG = this.startTimer(this.intervalG, () => this.onTimerG());
  }

  private onTimerH(): void {
    // "If timer H fires while in the "Completed" state, it implies that the ACK was never received. In this case, the server transaction MUST transition to the "Terminated" state, and MUST indicate to the TU that a transaction failure has occurred."
    if (this.state !== 'Completed') return;
    this.finish('Timer H', () => this.user.onTimeout?.(this));
  }

  private resend(): void {
    if (this.lastResponse) this.send(this.lastResponse);
  }

  private refuse(status: number): false {
    this.ctx.logger.debug(`${this.id}: ${status} from TU discarded in ${this.state}`);
    return false;
  }
}
