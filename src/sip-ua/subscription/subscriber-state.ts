/**
 * Subscriber states (RFC 6665 §4.1), as a BLF key or the message light sees them.
 *
 *   idle --start--> subscribing --NOTIFY pending--> pending --NOTIFY active--> active
 *                    |   ^    \--NOTIFY active-----------------------------/   |
 *   non-2xx, timeout,|   |                                                     |
 *   Timer N, auth    v   | backoff timer         NOTIFY terminated, 481 to a   |
 *                   failed                       refresh, stop                 v
 *                        ^---- refresh fails ---------------------------- terminated
 *                                                  (retry: back to subscribing;
 *                                                   rejected/noresource/stop: stays)
 *
 * 'subscribing' covers the SUBSCRIBE transaction and the wait for the first
 * NOTIFY: RFC 6665 §4.1.2.4 makes the NOTIFY, not the 2xx, the proof that the
 * subscription exists.
 */
export type SubscriberState = 'idle' | 'subscribing' | 'pending' | 'active' | 'terminated' | 'failed';

export const SUBSCRIBER_MOVES: Readonly<Record<SubscriberState, readonly SubscriberState[]>> = {
  idle: ['subscribing'],
  // §4.1.2.4: the first NOTIFY says pending or active; §4.1.3: or terminated at once
  subscribing: ['pending', 'active', 'terminated', 'failed'],
  // §4.1.3: a pending subscription becomes active when the resource owner allows it
  pending: ['active', 'terminated', 'failed'],
  // §4.1.3: a notifier may move an active subscription back to pending
  active: ['pending', 'terminated', 'failed'],
  // §4.1.3: deactivated/timeout/probation/giveup invite a new subscription
  terminated: ['subscribing'],
  failed: ['subscribing', 'terminated'],
};
