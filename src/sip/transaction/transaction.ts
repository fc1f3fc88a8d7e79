import { SayhiError, type Clock, type Logger, type TimerHandle } from '../../base/index.js';
import type { SipTransport } from '../transport/index.js';
import { TransactionErrorCode } from './transaction-errors.js';
import type { TransitionTable } from './transaction-state.js';
import type { TransactionTimers } from './transaction-timers.js';

/** What every transaction of one TransactionLayer shares. */
export interface TransactionContext {
  transport: SipTransport;
  clock: Clock;
  logger: Logger;
  timers: TransactionTimers;
}

/** ict / nict / ist / nist, as RFC 3261 §17 names the four machines. */
export type TransactionKind = 'ict' | 'nict' | 'ist' | 'nist';

export interface TransactionInit<S extends string> {
  branch: string;
  /** The CSeq method of the request. */
  method: string;
  /** Whether the transport under this transaction is reliable (no A/E/G, zero D/I/J/K). */
  reliable: boolean;
  initial: S;
  moves: TransitionTable<S>;
}

/**
 * What the four transaction classes share: identity, the guarded state change
 * that logs `id old -> new (cause)`, and the hooks run on termination. Each
 * subclass keeps its timers as fields and its entry/exit actions in its own
 * transition(), next to the RFC text they implement.
 */
export abstract class TransactionBase<S extends string> {
  abstract readonly kind: TransactionKind;
  readonly branch: string;
  readonly method: string;
  readonly reliable: boolean;
  protected readonly ctx: TransactionContext;
  private current: S;
  private readonly moves: TransitionTable<S>;
  private readonly terminationHooks: Array<() => void> = [];

  constructor(ctx: TransactionContext, init: TransactionInit<S>) {
    this.ctx = ctx;
    this.branch = init.branch;
    this.method = init.method;
    this.reliable = init.reliable;
    this.current = init.initial;
    this.moves = init.moves;
  }

  /** "<kind> <branch> <method>", unique among live transactions of a layer; used in logs. */
  get id(): string {
    return `${this.kind} ${this.branch} ${this.method}`;
  }

  get state(): S {
    return this.current;
  }

  get isTerminated(): boolean {
    return this.current === 'Terminated';
  }

  /** Used by the TransactionLayer to drop the transaction from its tables. */
  addTerminationHook(fn: () => void): void {
    this.terminationHooks.push(fn);
  }

  /** Stop at once without sending anything more (layer shutdown). The TU's onTerminated still runs. */
  terminate(cause: string): void {
    this.finish(cause);
  }

  /** Each machine's own guarded transition with its entry and exit actions. */
  protected abstract transition(to: S, cause: string): void;

  /** Tell the TU the transaction is over (its onTerminated). */
  protected abstract notifyTerminated(): void;

  /**
   * Enter Terminated: timers stop (in transition()), then `notify` tells the TU
   * why (timeout, transport error), then the layer forgets the transaction,
   * then the TU's onTerminated runs last.
   */
  protected finish(cause: string, notify?: () => void): void {
    if (this.isTerminated) return;
    this.transition('Terminated' as S, cause);
    notify?.();
    this.runTerminationHooks();
    this.notifyTerminated();
  }

  /** The guard of every transition(): checks the table, records and logs the move, returns the state left. */
  protected move(to: S, cause: string): S {
    const from = this.current;
    if (!this.moves[from].includes(to)) {
      throw new SayhiError(TransactionErrorCode.IllegalTransition, `${this.id} ${from} -> ${to} (${cause})`);
    }
    this.current = to;
    // a transaction moves 2-3 times: build the line only when someone reads it
    if (this.ctx.logger.enabled('debug')) this.ctx.logger.debug(`${this.id} ${from} -> ${to} (${cause})`);
    return from;
  }

  protected runTerminationHooks(): void {
    for (const fn of this.terminationHooks.splice(0)) fn();
  }

  protected startTimer(ms: number, fn: () => void): TimerHandle {
    return this.ctx.clock.setTimer(ms, fn);
  }

  protected get t1(): number {
    return this.ctx.timers.t1;
  }
}

/** A rejection reason as an Error (transports reject with SayhiError, but be safe). */
export function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Cancel a timer field and clear it: `this.timerA = stopTimer(this.timerA)`. */
export function stopTimer(timer: TimerHandle | undefined): undefined {
  timer?.cancel();
  return undefined;
}
