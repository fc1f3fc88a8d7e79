/**
 * The subscriber's timing and retry rules (RFC 6665 §4.1.2.2, §4.1.3), kept
 * apart from the Subscription so they read as the RFC does and test alone.
 */

/** Largest Min-Expires (423, RFC 3261 §10.2.8 carried over to SUBSCRIBE) we follow: one day. */
export const MAX_MIN_EXPIRES = 86_400;

/** An immediate re-subscribe (deactivated, 481) more often than this waits the backoff instead: no storms. */
export const IMMEDIATE_RETRY_SPACING_MS = 32_000;

/** What to do once the notifier ended the subscription (Subscription-State: terminated). */
export type TerminationAdvice =
  /** Subscribe again at once (deactivated, timeout). */
  | { retry: 'now' }
  /** Subscribe again after `ms` (probation, giveup, no or unknown reason). */
  | { retry: 'later'; ms: number | undefined }
  /** Do not subscribe again (rejected, noresource, invariant). */
  | { retry: 'never' };

/**
 * RFC 6665 §4.1.3 reason codes: "deactivated" and "timeout" let the subscriber
 * re-subscribe immediately; "probation" and "giveup" after retry-after; a
 * missing or unknown reason "at any time" (we wait the retry-after or the
 * backoff); "rejected", "noresource" and "invariant" mean it SHOULD NOT retry.
 */
export function adviceForTermination(reason: string | undefined, retryAfterSeconds: number | undefined): TerminationAdvice {
  const later = retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000;
  switch (reason) {
    case 'deactivated':
    case 'timeout':
      return later === undefined ? { retry: 'now' } : { retry: 'later', ms: later };
    case 'rejected':
    case 'noresource':
    case 'invariant':
      return { retry: 'never' };
    default:
      return { retry: 'later', ms: later };
  }
}

/**
 * RFC 6665 §4.1.2.2: a refresh answered with one of these ends the
 * subscription (RFC 5057 §5.1: they end the usage); the subscriber starts a
 * new one with a fresh Call-ID and From tag. Other failures leave it alive
 * until it expires.
 */
export function refreshEndsSubscription(status: number): boolean {
  return (
    status === 404 ||
    status === 405 ||
    status === 410 ||
    status === 416 ||
    (status >= 480 && status <= 485) ||
    status === 489 ||
    status === 501 ||
    status === 604
  );
}

/**
 * When to refresh a subscription granted for `granted` seconds: late in its
 * life (90%) but at least 32 s (Timer F with the default T1) before expiry so
 * a refresh that times out still lands in time, and never before half-life.
 */
export function subscriptionRefreshDelayMs(granted: number): number {
  const seconds = Math.max(granted / 2, Math.min(granted * 0.9, granted - 32));
  return Math.max(1, seconds) * 1000;
}

/**
 * Delay before the n-th attempt after consecutive failures (n from 1): the
 * minimum, doubled each time, capped, so a missing extension or a dead server
 * costs a SUBSCRIBE every few minutes, not a storm.
 */
export function retryBackoffMs(failures: number, minMs: number, maxMs: number): number {
  const n = Math.max(1, Math.min(failures, 30));
  return Math.min(maxMs, minMs * 2 ** (n - 1));
}
