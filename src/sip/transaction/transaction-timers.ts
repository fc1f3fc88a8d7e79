import { SayhiError } from '../../base/index.js';
import { TransactionErrorCode } from './transaction-errors.js';

/**
 * The RFC 3261 §17.1.1.1 / Table 4 base timers. Every other timer derives
 * from these: A, E, G start at T1; B, F, H, J, L, M are 64*T1; E and G cap at
 * T2; I and K wait T4. Configurable per TransactionLayer (a phone on a
 * high-latency link may raise T1, §17.1.1.1 allows it).
 */
export interface TransactionTimers {
  /** RTT estimate, ms (default 500). */
  t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, ms (default 4000). */
  t2: number;
  /** Maximum time a message stays in the network, ms (default 5000). */
  t4: number;
}

export const DEFAULT_TRANSACTION_TIMERS: Readonly<TransactionTimers> = { t1: 500, t2: 4000, t4: 5000 };

/** Timer D on unreliable transports: "at least 32 seconds" (RFC 3261 Table 4), independent of T1. */
export const TIMER_D_UNRELIABLE_MS = 32_000;

/** §17.2.1: the INVITE server transaction sends 100 Trying unless the TU answers within 200 ms. */
export const TRYING_DELAY_MS = 200;

export function resolveTimers(partial: Partial<TransactionTimers> = {}): TransactionTimers {
  const t = { ...DEFAULT_TRANSACTION_TIMERS, ...partial };
  if (!(t.t1 > 0) || !(t.t2 >= t.t1) || !(t.t4 > 0)) {
    throw new SayhiError(TransactionErrorCode.BadConfig, `invalid transaction timers t1=${t.t1} t2=${t.t2} t4=${t.t4}`);
  }
  return t;
}
