import { parseMinSE, parseSessionExpires, type SipMessage, type SipRequest, type SipResponse } from '../../sip/index.js';
import { RFC_MIN_SE, type SessionTimerSettings } from './session-timer-settings.js';

/**
 * RFC 4028 negotiation as pure functions: what goes in a request we send
 * (§7.1, §7.4), what a 2xx or 422 to it means (§7.2, §7.3), and what we
 * answer to a request we receive (§9). "uac"/"uas" in Session-Expires name
 * the roles in THAT transaction, not in the dialog: when the callee sends a
 * re-INVITE, refresher=uac means the callee.
 */
export type Refresher = 'uac' | 'uas';

/** Our decision on an INVITE/UPDATE we received (RFC 4028 §9). */
export type UasTimerDecision =
  /** 422 Session Interval Too Small with our Min-SE (§9, §6). */
  | { kind: 'reject'; minSE: number }
  /** No session timer: nothing in the 2xx, no expiry. */
  | { kind: 'none' }
  | { kind: 'timer'; interval: number; refresher: Refresher; requireTimer: boolean };

/** What a 2xx to our INVITE/UPDATE left us with (RFC 4028 §7.2). */
export type UacTimerResult =
  | { kind: 'none' }
  /** `oneSided`: the peer shows no support and we refresh on our own (§7.2). */
  | { kind: 'timer'; interval: number; localRefresher: boolean; oneSided: boolean; peerSupports: boolean };

export function supportsTimer(msg: SipMessage): boolean {
  return msg.tokens('Supported').includes('timer') || msg.tokens('Require').includes('timer');
}

/**
 * Session-Expires / Min-SE for a request we send. With a timer running we
 * keep its interval and refresher (§7.4: refresher=uac when we refresh,
 * uas when the peer does); otherwise, when enabled, we ask for our interval
 * and name a refresher only when the setting says so (§7.1 recommends
 * leaving the choice to the negotiation).
 */
export function uacTimerHeaders(opts: {
  settings: SessionTimerSettings;
  minSE: number;
  running: { interval: number; localRefresher: boolean } | undefined;
}): Array<[string, string]> {
  const { settings, minSE, running } = opts;
  if (running) {
    return [
      ['Session-Expires', `${Math.max(running.interval, minSE)};refresher=${running.localRefresher ? 'uac' : 'uas'}`],
      ['Min-SE', String(minSE)],
    ];
  }
  if (!settings.enabled) return minSE > RFC_MIN_SE ? [['Min-SE', String(minSE)]] : [];
  const interval = Math.max(settings.interval, minSE);
  const refresher = settings.refresher === 'auto' ? '' : `;refresher=${settings.refresher}`;
  return [
    ['Session-Expires', `${interval}${refresher}`],
    ['Min-SE', String(minSE)],
  ];
}

/** A 2xx to an INVITE/UPDATE we sent (§7.2). `asked`: the interval our request carried, if any. */
export function readUacResponse(res: SipResponse, asked: number | undefined): UacTimerResult {
  const peerSupports = supportsTimer(res);
  const text = res.headers.get('Session-Expires');
  const se = text === undefined ? undefined : parseSessionExpires(text);
  if (se && se.interval > 0) {
    // §7.2: the refresher is the response's; a Session-Expires without one came from a UAS
    // without timer support (a proxy put it there), and then we refresh
    return { kind: 'timer', interval: se.interval, localRefresher: (se.refresher ?? 'uac') === 'uac', oneSided: false, peerSupports };
  }
  if (asked !== undefined && !peerSupports) {
    // §7.2: the UAS does not know the extension; we may still refresh on our own
    return { kind: 'timer', interval: asked, localRefresher: true, oneSided: true, peerSupports };
  }
  return { kind: 'none' };
}

/** The Min-SE of a 422 (§7.3), or undefined when it carries none usable. */
export function minSEOf422(res: SipResponse): number | undefined {
  const text = res.headers.get('Min-SE');
  return text === undefined ? undefined : parseMinSE(text);
}

/**
 * Our answer to an INVITE/UPDATE we received (§9, Table 2). `running` is the
 * timer of the dialog, if any, so that 'auto' keeps the refresher it has.
 */
export function decideAsUas(
  req: SipRequest,
  settings: SessionTimerSettings,
  running: { localRefresher: boolean } | undefined,
): UasTimerDecision {
  const uacSupports = supportsTimer(req);
  const seText = req.headers.get('Session-Expires');
  const se = seText === undefined ? undefined : parseSessionExpires(seText);
  const minText = req.headers.get('Min-SE');
  const theirMin = Math.max(RFC_MIN_SE, (minText === undefined ? undefined : parseMinSE(minText)) ?? RFC_MIN_SE);
  const floor = Math.max(theirMin, settings.minSE);

  let interval: number;
  let refresher: Refresher;
  if (se && se.interval > 0) {
    if (se.interval < settings.minSE && uacSupports) return { kind: 'reject', minSE: settings.minSE };
    // a UAC without support cannot understand 422: raise the interval instead (RFC 4028 erratum 1687)
    interval = Math.max(se.interval, settings.minSE);
    // §9: the UAS may shorten the interval, never below the Min-SE
    if (settings.enabled && settings.interval < interval) interval = Math.max(settings.interval, floor);
    refresher = se.refresher ?? chooseRefresher(uacSupports, settings, running, 'uac');
  } else {
    if (!settings.enabled) return { kind: 'none' };
    // §9: we may ask for a timer in our 2xx, no shorter than the request's Min-SE
    interval = Math.max(settings.interval, floor);
    refresher = chooseRefresher(uacSupports, settings, running, 'uas');
  }
  return { kind: 'timer', interval, refresher, requireTimer: uacSupports };
}

/**
 * §9 Table 2: a UAC without support cannot refresh. Mid-dialog the refresher
 * that runs stays (the setting names caller/callee for the INVITE that set it
 * up, and "uac" flips meaning when the callee sends the refresh).
 */
function chooseRefresher(
  uacSupports: boolean,
  settings: SessionTimerSettings,
  running: { localRefresher: boolean } | undefined,
  auto: Refresher,
): Refresher {
  if (!uacSupports) return 'uas';
  if (running) return running.localRefresher ? 'uas' : 'uac';
  return settings.refresher === 'auto' ? auto : settings.refresher;
}

/** The headers of our 2xx for a 'timer' decision (§9: Require: timer when the UAC supports it). */
export function uasTimerHeaders(d: Extract<UasTimerDecision, { kind: 'timer' }>): Array<[string, string]> {
  const h: Array<[string, string]> = [['Session-Expires', `${d.interval};refresher=${d.refresher}`]];
  if (d.requireTimer) h.push(['Require', 'timer']);
  return h;
}
