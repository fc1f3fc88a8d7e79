import { SayhiError, nullLogger, type Clock, type Logger, type TimerHandle } from '../../base/index.js';
import { stopTimer } from './transaction.js';
import { TransactionErrorCode } from './transaction-errors.js';
import type { TransitionTable } from './transaction-state.js';
import { resolveTimers, type TransactionTimers } from './transaction-timers.js';

export type Uas2xxRetransmitterState = 'Idle' | 'Retransmitting' | 'Acknowledged' | 'TimedOut' | 'Stopped';

const MOVES: TransitionTable<Uas2xxRetransmitterState> = {
  Idle: ['Retransmitting', 'Stopped'],
  Retransmitting: ['Acknowledged', 'TimedOut', 'Stopped'],
  Acknowledged: [],
  TimedOut: [],
  Stopped: [],
};

export interface Uas2xxRetransmitterOptions {
  clock: Clock;
  /** Use the TransactionLayer's timers (layer.timers) so T1/T2 agree. */
  timers?: Partial<TransactionTimers>;
  /** Pass the 2xx to the transport once more, e.g. `() => inviteTx.respond(ok)` while the transaction is Accepted. */
  retransmit: () => void;
  /** 64*T1 went by without an ACK: the TU should end the session with a BYE (§13.3.1.4). */
  onTimeout: () => void;
  logger?: Logger;
  /** For logs, e.g. the Call-ID. */
  id?: string;
}

/**
 * The UAS core's 2xx retransmission (RFC 3261 §13.3.1.4). The INVITE server
 * transaction sends a 2xx once and leaves reliability to the TU, because the
 * 2xx must reach the UAC end to end, across proxies that may use UDP; so this
 * runs whatever the first hop's transport is. The dialog layer creates one
 * after sending a 2xx to an INVITE and calls ackReceived() when the ACK for
 * it arrives (TransactionLayer.onAck).
 *
 *   Idle --start()--> Retransmitting --ackReceived()--> Acknowledged
 *                          |  \--stop()--> Stopped
 *                          +--64*T1 without ACK--> TimedOut (onTimeout)
 */
export class Uas2xxRetransmitter {
  /** How many times the 2xx was passed to the transport again (the first send is not counted). */
  retransmissions = 0;
  private current: Uas2xxRetransmitterState = 'Idle';
  private readonly clock: Clock;
  private readonly timers: TransactionTimers;
  private readonly retransmit: () => void;
  private readonly onTimeout: () => void;
  private readonly logger: Logger;
  private readonly id: string;
  private interval = 0;
  private retransmitTimer: TimerHandle | undefined;
  private giveUpTimer: TimerHandle | undefined;

  constructor(opts: Uas2xxRetransmitterOptions) {
    this.clock = opts.clock;
    this.timers = resolveTimers(opts.timers);
    this.retransmit = opts.retransmit;
    this.onTimeout = opts.onTimeout;
    this.logger = opts.logger ?? nullLogger;
    this.id = `2xx ${opts.id ?? ''}`.trim();
  }

  get state(): Uas2xxRetransmitterState {
    return this.current;
  }

  /** Call right after the 2xx was sent the first time. */
  start(): void {
    if (this.current !== 'Idle') return;
    this.enter('Retransmitting', 'start');
    // "The 2xx response is passed to the transport with an interval that starts at T1 seconds and doubles for each retransmission until it reaches T2 seconds"
    this.interval = this.timers.t1;
    this.retransmitTimer = this.clock.setTimer(this.interval, () => this.onRetransmitTimer());
    // "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the dialog is confirmed, but the session SHOULD be terminated."
    this.giveUpTimer = this.clock.setTimer(64 * this.timers.t1, () => {
      if (this.current !== 'Retransmitting') return;
      this.enter('TimedOut', 'no ACK after 64*T1');
      this.onTimeout();
    });
  }

  /** "Response retransmissions cease when an ACK request for the response is received." */
  ackReceived(): void {
    if (this.current === 'Retransmitting') this.enter('Acknowledged', 'ACK received');
  }

  /** Stop without a verdict (the call was torn down another way). */
  stop(): void {
    if (this.current === 'Retransmitting' || this.current === 'Idle') this.enter('Stopped', 'stopped');
  }

  private onRetransmitTimer(): void {
    if (this.current !== 'Retransmitting') return;
    this.retransmissions++;
    this.retransmit();
    this.interval = Math.min(2 * this.interval, this.timers.t2);
    this.retransmitTimer = this.clock.setTimer(this.interval, () => this.onRetransmitTimer());
  }

  private enter(to: Uas2xxRetransmitterState, cause: string): void {
    if (!MOVES[this.current].includes(to)) {
      throw new SayhiError(TransactionErrorCode.IllegalTransition, `${this.id} ${this.current} -> ${to} (${cause})`);
    }
    this.logger.debug(`${this.id} ${this.current} -> ${to} (${cause})`);
    this.current = to;
    if (to !== 'Retransmitting') {
      this.retransmitTimer = stopTimer(this.retransmitTimer);
      this.giveUpTimer = stopTimer(this.giveUpTimer);
    }
  }
}
