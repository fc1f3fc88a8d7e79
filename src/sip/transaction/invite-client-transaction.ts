import type { TimerHandle } from '../../base/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import type { ReceivedMessage, SendTarget } from '../transport/index.js';
import { ClientTransactionBase, type ClientTransactionInit } from './client-transaction-base.js';
import { createNon2xxAck } from './non-2xx-ack.js';
import { stopTimer, type TransactionContext } from './transaction.js';
import { INVITE_CLIENT_MOVES, type InviteClientState } from './transaction-state.js';
import { TIMER_D_UNRELIABLE_MS } from './transaction-timers.js';

/** What TransactionLayer.sendCancel did (RFC 3261 §9.1). */
export type CancelOutcome =
  /** The CANCEL went out. */
  | 'sent'
  /** No provisional response yet: the CANCEL goes out when one arrives. */
  | 'deferred'
  /** The INVITE already has a final response (or is over): nothing to cancel. */
  | 'too-late'
  /** sendCancel was already called for this INVITE. */
  | 'already-requested';

/**
 * INVITE client transaction (RFC 3261 §17.1.1, amended by RFC 6026 §7.2).
 *
 *                INVITE sent; Timer A (unreliable only), Timer B
 *                           |
 *   Timer A: resend,   +---------+  Timer B or transport error: inform TU
 *   A = 2*A (no cap)   | Calling |-------------------------------------+
 *                      +---------+                                     |
 *                   1xx: to TU |  \ 2xx: to TU                         |
 *                              v   \                                   |
 *   1xx: to TU         +------------+ \         2xx: to TU             |
 *                      | Proceeding |--+------------------+            |
 *                      +------------+                     v            |
 *     300-699: ACK, to TU |                         +----------+       |
 *     (from Calling too)  v                         | Accepted | 2xx: to TU
 *   300-699: re-ACK  +-----------+                  +----------+       |
 *                    | Completed |                        | Timer M    |
 *                    +-----------+                        |            |
 *       Timer D (0 if reliable) |                         v            |
 *                               +---------------->  Terminated  <------+
 */
export class InviteClientTransaction extends ClientTransactionBase<InviteClientState> {
  readonly kind = 'ict' as const;
  /** The ACK this transaction built for a 300-699 response (§17.1.1.3), re-sent on retransmissions. */
  ack: SipRequest | undefined;
  private ackTarget: SendTarget | undefined;
  private timerA: TimerHandle | undefined;
  private intervalA = 0;
  private timerB: TimerHandle | undefined;
  private timerD: TimerHandle | undefined;
  private timerM: TimerHandle | undefined;
  private cancelGuard: TimerHandle | undefined;
  private cancelState: 'none' | 'deferred' | 'sent' = 'none';
  private deferredCancel: (() => void) | undefined;

  constructor(ctx: TransactionContext, init: ClientTransactionInit) {
    super(ctx, init, { method: 'INVITE', initial: 'Calling', moves: INVITE_CLIENT_MOVES });
  }

  /** true once sendCancel was called for this INVITE (sent or deferred). */
  get cancelRequested(): boolean {
    return this.cancelState !== 'none';
  }

  start(): void {
    // §17.1.1.2: "The client transaction MUST pass the request to the transport layer for transmission"
    this.send(this.request);
    if (!this.reliable) {
      // "If an unreliable transport is being used, the client transaction MUST start timer A with a value of T1."
      this.intervalA = this.t1;
      this.timerA = this.startTimer(this.intervalA, () => this.onTimerA());
    }
    // "For any transport, the client transaction MUST start timer B with a value of 64*T1 seconds"
    this.timerB = this.startTimer(64 * this.t1, () => this.onTimerB());
  }

  receiveResponse(rx: ReceivedMessage<SipResponse>): void {
    const status = rx.message.status;
    switch (this.state) {
      case 'Calling':
      case 'Proceeding':
        this.lastResponse = rx;
        if (status < 200) {
          // "If the client transaction receives a provisional response while in the "Calling" state, it transitions to the "Proceeding" state."
          if (this.state === 'Calling') this.transition('Proceeding', `${status} received`);
          this.user.onResponse?.(rx, this);
          this.sendDeferredCancel();
        } else if (status < 300) {
          // RFC 6026 §8.4: a 2xx in Calling or Proceeding moves the transaction to "Accepted"; the TU sends the ACK
          this.transition('Accepted', `${status} received`);
          this.user.onResponse?.(rx, this);
        } else {
          // "reception of a response with status code from 300-699 MUST cause the client transaction to transition to "Completed"" (§17.1.1.2)
          this.ack = createNon2xxAck(this.request, rx.message);
          this.ackTarget = rx.connectionId !== undefined ? { ...this.target, connectionId: rx.connectionId } : this.target;
          this.send(this.ack, this.ackTarget);
          this.transition('Completed', `${status} received`);
          this.user.onResponse?.(rx, this);
          // Completed only re-sends the ACK: onTerminated is all the TU can still get
          this.releaseUser();
          // Timer D is zero on a reliable transport: nothing is left to absorb
          if (this.reliable && !this.isTerminated) this.finish('Timer D = 0 (reliable transport)');
        }
        return;
      case 'Completed':
        // "Any retransmissions of the final response that are received while in the "Completed" state MUST cause the ACK to be re-passed to the transport layer for retransmission"
        if (status >= 300 && this.ack) this.send(this.ack, this.ackTarget);
        return;
      case 'Accepted':
        // RFC 6026 §8.4: "Any 2xx responses that match this client transaction and that are received while in the "Accepted" state MUST be passed up to the TU."
        if (status >= 200 && status < 300) this.user.onResponse?.(rx, this);
        return;
      case 'Terminated':
        return;
    }
  }

  /**
   * Called by TransactionLayer.sendCancel with the function that sends the
   * CANCEL. §9.1: "If no provisional response has been received, the CANCEL
   * request MUST NOT be sent; rather, the client MUST wait for the arrival of a
   * provisional response before sending the request."
   */
  requestCancel(sendCancel: () => void): CancelOutcome {
    if (this.cancelState !== 'none') return 'already-requested';
    if (this.state === 'Calling') {
      this.cancelState = 'deferred';
      this.deferredCancel = sendCancel;
      return 'deferred';
    }
    if (this.state !== 'Proceeding') return 'too-late';
    this.cancelState = 'sent';
    sendCancel();
    this.startCancelGuard();
    return 'sent';
  }

  protected transition(to: InviteClientState, cause: string): void {
    const from = this.move(to, cause);
    if (from === 'Calling') {
      // leaving Calling ends retransmissions and Timer B (§17.1.1.2: no more retransmits once a response arrived)
      this.timerA = stopTimer(this.timerA);
      this.timerB = stopTimer(this.timerB);
    }
    switch (to) {
      case 'Proceeding':
        return;
      case 'Completed':
        this.deferredCancel = undefined;
        this.cancelGuard = stopTimer(this.cancelGuard);
        // "The client transaction SHOULD start timer D when it enters the "Completed" state, with a value of at least 32 seconds for unreliable transports, and a value of zero seconds for reliable transports."
        if (!this.reliable) this.timerD = this.startTimer(TIMER_D_UNRELIABLE_MS, () => this.finish('Timer D'));
        return;
      case 'Accepted':
        this.deferredCancel = undefined;
        this.cancelGuard = stopTimer(this.cancelGuard);
        // RFC 6026 §8.4: "the client transaction MUST start Timer M with a value of 64*T1" on entering Accepted
        this.timerM = this.startTimer(64 * this.t1, () => this.finish('Timer M'));
        return;
      case 'Terminated':
        this.deferredCancel = undefined;
        this.timerA = stopTimer(this.timerA);
        this.timerB = stopTimer(this.timerB);
        this.timerD = stopTimer(this.timerD);
        this.timerM = stopTimer(this.timerM);
        this.cancelGuard = stopTimer(this.cancelGuard);
        return;
      case 'Calling':
        return;
    }
  }

  protected onTransportFailure(error: Error): void {
    if (this.state === 'Calling' || this.state === 'Proceeding') {
      // Figure 5: "Timer B fires or Transport Err. inform TU" -> Terminated (§17.1.4)
      this.finish('transport error', () => this.user.onTransportError?.(this, error));
    } else if (this.state === 'Completed') {
      // the ACK could not be sent; the TU already has the final response
      this.finish('transport error sending ACK');
    }
  }

  private onTimerA(): void {
    if (this.state !== 'Calling') return;
    // "When timer A fires, the client transaction MUST retransmit the request by passing it to the transport layer, and MUST reset the timer with a value of 2*T1."
    this.send(this.request);
    this.intervalA *= 2;
    this.timerA = this.startTimer(this.intervalA, () => this.onTimerA());
  }

  private onTimerB(): void {
    // "If the client transaction is still in the "Calling" state when timer B fires, the client transaction SHOULD inform the TU that a timeout has occurred."
    if (this.state !== 'Calling') return;
    this.finish('Timer B', () => this.user.onTimeout?.(this));
  }

  private sendDeferredCancel(): void {
    if (this.cancelState !== 'deferred' || this.state !== 'Proceeding' || !this.deferredCancel) return;
    const send = this.deferredCancel;
    this.deferredCancel = undefined;
    this.cancelState = 'sent';
    send();
    this.startCancelGuard();
  }

  private startCancelGuard(): void {
    // §9.1: "If no final response has been received after 64*T1 seconds, the client SHOULD then consider the original transaction cancelled and SHOULD destroy the client transaction handling the original request."
    this.cancelGuard = this.startTimer(64 * this.t1, () => {
      if (this.state === 'Proceeding') this.finish('no final response 64*T1 after CANCEL', () => this.user.onTimeout?.(this));
    });
  }
}
