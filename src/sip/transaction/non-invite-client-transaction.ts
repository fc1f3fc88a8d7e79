import type { TimerHandle } from '../../base/index.js';
import type { SipResponse } from '../message/index.js';
import type { ReceivedMessage } from '../transport/index.js';
import { ClientTransactionBase, type ClientTransactionInit } from './client-transaction-base.js';
import { stopTimer, type TransactionContext } from './transaction.js';
import { NON_INVITE_CLIENT_MOVES, type NonInviteClientState } from './transaction-state.js';

/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2): REGISTER, BYE, CANCEL,
 * OPTIONS, SUBSCRIBE, NOTIFY, INFO, REFER, MESSAGE...
 *
 *            request sent; Timer E (unreliable only), Timer F
 *                      |
 *   Timer E: resend,  +--------+  Timer F or transport error: inform TU
 *   E = min(2E, T2)   | Trying |-----------------------------------+
 *                     +--------+                                   |
 *                 1xx: to TU |  \ 200-699: to TU                   |
 *                            v   \                                 |
 *   Timer E: resend, +------------+ \                              |
 *   E = T2           | Proceeding |--+----------+  Timer F or      |
 *   1xx: to TU       +------------+  200-699:   |  transport error |
 *                          |         to TU      v  inform TU       |
 *                          +-------------> +-----------+           |
 *                                          | Completed | (responses absorbed)
 *                                          +-----------+           |
 *                            Timer K (0 if reliable) |             |
 *                                                    v             |
 *                                              Terminated <--------+
 */
export class NonInviteClientTransaction extends ClientTransactionBase<NonInviteClientState> {
  readonly kind = 'nict' as const;
  private timerE: TimerHandle | undefined;
  private intervalE = 0;
  private timerF: TimerHandle | undefined;
  private timerK: TimerHandle | undefined;

  constructor(ctx: TransactionContext, init: ClientTransactionInit) {
    const method = init.request.method;
    super(ctx, init, { method, initial: 'Trying', moves: NON_INVITE_CLIENT_MOVES });
  }

  start(): void {
    this.send(this.request);
    if (!this.reliable) {
      // §17.1.2.2: "If an unreliable transport is in use, the client transaction MUST set timer E to fire in T1 seconds."
      this.intervalE = this.t1;
      this.timerE = this.startTimer(this.intervalE, () => this.onTimerE());
    }
    // "The "Trying" state is entered when the TU initiates a new client transaction with a request. When entering this state, the client transaction SHOULD set timer F to fire in 64*T1 seconds."
    this.timerF = this.startTimer(64 * this.t1, () => this.onTimerF());
  }

  receiveResponse(rx: ReceivedMessage<SipResponse>): void {
    const status = rx.message.status;
    switch (this.state) {
      case 'Trying':
      case 'Proceeding':
        this.lastResponse = rx;
        if (status < 200) {
          // "If a provisional response is received while in the "Trying" state, the response MUST be passed to the TU, and then the client transaction SHOULD move to the "Proceeding" state."
          if (this.state === 'Trying') this.transition('Proceeding', `${status} received`);
          this.user.onResponse?.(rx, this);
          return;
        }
        // "If a final response (status codes 200-699) is received while in the "Trying" state, the response MUST be passed to the TU, and the client transaction MUST transition to the "Completed" state." (same in Proceeding)
        this.transition('Completed', `${status} received`);
        this.user.onResponse?.(rx, this);
        // from Completed on, responses are absorbed and timers E/F are stopped: only onTerminated is left
        this.releaseUser();
        // Timer K is zero on a reliable transport
        if (this.reliable && !this.isTerminated) this.finish('Timer K = 0 (reliable transport)');
        return;
      case 'Completed':
      case 'Terminated':
        // Completed "buffer[s] any additional response retransmissions that may be received" - absorbed, not passed up
        return;
    }
  }

  protected transition(to: NonInviteClientState, cause: string): void {
    this.move(to, cause);
    switch (to) {
      case 'Trying':
      case 'Proceeding':
        return;
      case 'Completed':
        this.timerE = stopTimer(this.timerE);
        this.timerF = stopTimer(this.timerF);
        // "Once the client transaction enters the "Completed" state, it MUST set Timer K to fire in T4 seconds for unreliable transports, and zero seconds for reliable transports."
        if (!this.reliable) this.timerK = this.startTimer(this.ctx.timers.t4, () => this.finish('Timer K'));
        return;
      case 'Terminated':
        this.timerE = stopTimer(this.timerE);
        this.timerF = stopTimer(this.timerF);
        this.timerK = stopTimer(this.timerK);
        return;
    }
  }

  protected onTransportFailure(error: Error): void {
    // Figure 6: "Timer F or Transport Err. inform TU" from Trying and Proceeding (§17.1.4)
    if (this.state === 'Trying' || this.state === 'Proceeding') {
      this.finish('transport error', () => this.user.onTransportError?.(this, error));
    }
  }

  private onTimerE(): void {
    if (this.state === 'Trying') {
      // "If timer E fires while still in this state, the timer is reset, but this time with a value of MIN(2*T1, T2)."
      this.intervalE = Math.min(2 * this.intervalE, this.ctx.timers.t2);
    } else if (this.state === 'Proceeding') {
      // "If Timer E fires while in the "Proceeding" state, the request MUST be passed to the transport layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
      this.intervalE = this.ctx.timers.t2;
    } else {
      return;
    }
    this.send(this.request);
    this.timerE = this.startTimer(this.intervalE, () => this.onTimerE());
  }

  private onTimerF(): void {
    // "If Timer F fires while the client transaction is still in the "Trying" state, the client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the "Terminated" state." (same in Proceeding)
    if (this.state !== 'Trying' && this.state !== 'Proceeding') return;
    this.finish('Timer F', () => this.user.onTimeout?.(this));
  }
}
