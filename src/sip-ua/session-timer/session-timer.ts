import { SayhiError, type Clock, type Logger, type TimerHandle } from '../../base/index.js';
import type { SipRequest, SipResponse } from '../../sip/index.js';
import {
  decideAsUas,
  minSEOf422,
  readUacResponse,
  uacTimerHeaders,
  uasTimerHeaders,
  type UacTimerResult,
} from './session-timer-negotiation.js';
import { sessionTimerSettings, type SessionTimerSettings } from './session-timer-settings.js';

/**
 * The session timer of one INVITE session (RFC 4028), the module the
 * session calls at named points, as pjsip's timer module is called:
 *
 *   requestHeaders()  before it sends an INVITE/UPDATE (initial or refresh)
 *   on422() / onSuccess()  with the final response to it
 *   onRequest()       for an INVITE/UPDATE it received: a 422 or the 2xx headers,
 *                     and commit() once that 2xx is sent
 *   refreshFailed() / stop()
 *
 * It owns two clock timers and calls back: onRefresh at half the interval
 * when we are the refresher (§10 recommends half), onExpire when the peer
 * refreshes and did not, at interval - min(32, interval/3) after the last
 * refresh (§10: "the BYE ... SHOULD be sent" before the session expires).
 *
 *   off ──2xx with a timer──► local-refresher ◄──► remote-refresher
 *    ▲                             │                    │
 *    └──2xx without Session-Expires┴────────────────────┘      any ──stop()──► stopped
 */
export type SessionTimerState = 'off' | 'local-refresher' | 'remote-refresher' | 'stopped';

const TIMER_MOVES: Readonly<Record<SessionTimerState, readonly SessionTimerState[]>> = {
  off: ['local-refresher', 'remote-refresher', 'stopped'],
  'local-refresher': ['remote-refresher', 'off', 'stopped'],
  'remote-refresher': ['local-refresher', 'off', 'stopped'],
  stopped: [],
};

export interface SessionTimerOptions {
  clock: Clock;
  logger: Logger;
  label: () => string;
  settings?: Partial<SessionTimerSettings>;
  /** Time to send a refresh (re-INVITE or UPDATE). */
  onRefresh: () => void;
  /** No refresh came: end the session with BYE. */
  onExpire: () => void;
  /** How many 422s we retry with a larger Min-SE (§7.3 allows retrying; a bound keeps a broken peer from looping us). */
  max422Retries?: number;
}

export type IncomingTimerCheck =
  | { ok: false; status: 422; headers: Array<[string, string]> }
  | { ok: true; headers: Array<[string, string]>; commit: () => void };

export class SessionTimer {
  readonly settings: SessionTimerSettings;
  private current: SessionTimerState = 'off';
  private minSE: number;
  private intervalValue = 0;
  private oneSidedValue = false;
  private lastRefresh = 0;
  private handle: TimerHandle | undefined;
  private retries = 0;
  /** The interval our last INVITE/UPDATE asked for (§7.2 one-sided timers use it). */
  private asked: number | undefined;
  private readonly opts: SessionTimerOptions;

  constructor(opts: SessionTimerOptions) {
    this.opts = opts;
    this.settings = sessionTimerSettings(opts.settings);
    this.minSE = this.settings.minSE;
  }

  get state(): SessionTimerState {
    return this.current;
  }

  /** The negotiated session interval in seconds (0 when no timer runs). */
  get interval(): number {
    return this.current === 'local-refresher' || this.current === 'remote-refresher' ? this.intervalValue : 0;
  }

  /** We refresh although the peer showed no support (RFC 4028 §7.2). */
  get oneSided(): boolean {
    return this.oneSidedValue && this.current === 'local-refresher';
  }

  /** The Min-SE we now send: ours, raised by 422s and by the peer's requests (§7.4). */
  get minSessionExpires(): number {
    return this.minSE;
  }

  // ---- our requests --------------------------------------------------------------------

  /** Named point: Session-Expires / Min-SE for an INVITE or UPDATE we are about to send. */
  requestHeaders(): Array<[string, string]> {
    if (this.current === 'stopped') return [];
    const running = this.interval > 0 ? { interval: this.intervalValue, localRefresher: this.current === 'local-refresher' } : undefined;
    const h = uacTimerHeaders({ settings: this.settings, minSE: this.minSE, running });
    const se = h.find(([n]) => n === 'Session-Expires');
    this.asked = se ? parseInt(se[1], 10) : undefined;
    return h;
  }

  /**
   * Named point: a 422 to our INVITE/UPDATE (§7.3). True when the caller
   * should send it again (new CSeq, same dialog identifiers) with the larger
   * Min-SE that requestHeaders() now gives.
   */
  on422(res: SipResponse): boolean {
    const theirs = minSEOf422(res);
    if (theirs === undefined || this.retries >= (this.opts.max422Retries ?? 2)) return false;
    // a retry must ask for more than the refused request did, or it would be refused again
    if (this.asked === undefined || theirs <= this.asked) return false;
    this.retries++;
    this.minSE = Math.max(this.minSE, theirs);
    this.opts.logger.debug('session timer: 422, retrying', { session: this.opts.label(), minSE: this.minSE });
    return true;
  }

  /** Named point: a 2xx to our INVITE/UPDATE (§7.2) starts, restarts or ends the timer. */
  onSuccess(res: SipResponse): void {
    if (this.current === 'stopped') return;
    this.retries = 0;
    this.apply(readUacResponse(res, this.asked), 'our request answered');
  }

  /**
   * Named point: our refresh could not be sent or was refused with something
   * other than 408/481 (those end the call, §10). The session still expires
   * when it would have: we stop being able to keep it up.
   */
  refreshFailed(): void {
    if (this.current !== 'local-refresher') return;
    const due = this.lastRefresh + this.expiryDelayMs();
    this.arm(Math.max(0, due - this.opts.clock.now()), () => this.opts.onExpire());
  }

  // ---- the peer's requests -------------------------------------------------------------

  /** Named point: an INVITE or UPDATE we received (§9). */
  onRequest(req: SipRequest): IncomingTimerCheck {
    // §7.4: a Min-SE the peer sends is the floor for our own refreshes too
    const theirMin = req.headers.get('Min-SE');
    if (theirMin !== undefined) {
      const v = parseInt(theirMin, 10);
      if (Number.isFinite(v) && v > this.minSE) this.minSE = v;
    }
    if (this.current === 'stopped') return { ok: true, headers: [], commit: () => {} };
    const running = this.interval > 0 ? { localRefresher: this.current === 'local-refresher' } : undefined;
    const d = decideAsUas(req, this.settings, running);
    if (d.kind === 'reject') return { ok: false, status: 422, headers: [['Min-SE', String(d.minSE)]] };
    if (d.kind === 'none') return { ok: true, headers: [], commit: () => this.apply({ kind: 'none' }, 'peer request without timer') };
    return {
      ok: true,
      headers: uasTimerHeaders(d),
      commit: () =>
        this.apply(
          { kind: 'timer', interval: d.interval, localRefresher: d.refresher === 'uas', oneSided: !d.requireTimer, peerSupports: d.requireTimer },
          'peer request answered',
        ),
    };
  }

  /** The session ended. */
  stop(): void {
    this.handle?.cancel();
    this.handle = undefined;
    this.transition('stopped', 'session ended');
  }

  // ---- machinery -----------------------------------------------------------------------

  private apply(r: UacTimerResult, cause: string): void {
    if (this.current === 'stopped') return;
    this.handle?.cancel();
    this.handle = undefined;
    if (r.kind === 'none') {
      this.transition('off', cause);
      return;
    }
    this.intervalValue = r.interval;
    this.oneSidedValue = r.oneSided;
    this.lastRefresh = this.opts.clock.now();
    if (r.localRefresher) {
      this.transition('local-refresher', cause);
      this.arm((r.interval * 1000) / 2, () => this.opts.onRefresh());
    } else {
      this.transition('remote-refresher', cause);
      this.arm(this.expiryDelayMs(), () => this.opts.onExpire());
    }
    this.opts.logger.debug('session timer running', { session: this.opts.label(), interval: r.interval, state: this.current, oneSided: r.oneSided });
  }

  /** §10: the BYE goes at the expiry minus min(32 s, interval / 3). */
  private expiryDelayMs(): number {
    const i = this.intervalValue;
    return (i - Math.min(32, i / 3)) * 1000;
  }

  private arm(ms: number, fn: () => void): void {
    this.handle?.cancel();
    this.handle = this.opts.clock.setTimer(ms, () => {
      this.handle = undefined;
      if (this.current !== 'stopped') fn();
    });
  }

  private transition(to: SessionTimerState, cause: string): void {
    const from = this.current;
    if (from === to) return;
    if (!TIMER_MOVES[from].includes(to)) {
      throw new SayhiError('UA_TIMER_ILLEGAL', `session timer ${this.opts.label()} ${from} -> ${to} (${cause})`);
    }
    this.current = to;
    if (this.opts.logger.enabled('debug')) this.opts.logger.debug(`session timer ${this.opts.label()} ${from} -> ${to} (${cause})`);
  }
}
