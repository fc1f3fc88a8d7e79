/**
 * What the account's session timer settings say (the manual's "Session
 * Timer" on/off, interval and refresher; RFC 4028). Disabled means we never
 * ask for a timer, but we still support one the peer asks for (we send
 * "Supported: timer" and keep our side of a negotiated timer), as RFC 4028
 * §7 and §9 expect of a UA that implements the extension.
 */
export type RefresherPreference = 'uac' | 'uas' | 'auto';

export interface SessionTimerSettings {
  /** Ask for a session timer in our INVITEs and our 2xx. */
  enabled: boolean;
  /** Session interval we ask for, seconds (default 1800, RFC 4028 §4 recommends it). */
  interval: number;
  /** The smallest interval we accept, seconds (at least 90, RFC 4028 §5). */
  minSE: number;
  /** Who refreshes: the caller ('uac'), the callee ('uas'), or let the negotiation choose. */
  refresher: RefresherPreference;
}

/** RFC 4028 §5: "MUST NOT be less than 90 seconds". */
export const RFC_MIN_SE = 90;

export const SESSION_TIMER_DEFAULTS: Readonly<SessionTimerSettings> = {
  enabled: false,
  interval: 1800,
  minSE: RFC_MIN_SE,
  refresher: 'auto',
};

/** Settings with defaults filled and the RFC floors applied (Min-SE ≥ 90, interval ≥ Min-SE). */
export function sessionTimerSettings(input: Partial<SessionTimerSettings> = {}): SessionTimerSettings {
  const s = { ...SESSION_TIMER_DEFAULTS, ...input };
  const minSE = Math.max(RFC_MIN_SE, Math.floor(s.minSE));
  return { enabled: s.enabled, minSE, interval: Math.max(minSE, Math.floor(s.interval)), refresher: s.refresher };
}
