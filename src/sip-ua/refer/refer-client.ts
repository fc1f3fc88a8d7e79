import type { Clock, Logger, TimerHandle } from '../../base/index.js';
import { parseEvent, parseSubscriptionState, type SipRequest, type SipResponse } from '../../sip/index.js';
import { parseSipfragStatus, SIPFRAG_TYPE, type SipfragStatus } from './sipfrag.js';

/**
 * The REFER-issuer's side (the transferor, RFC 3515 §2.4 and RFC 5589 §5-7):
 * one entry per REFER sent in a dialog, fed by the NOTIFYs of the implicit
 * subscription each REFER creates. The session sends the REFER; this class
 * only keeps the book and turns NOTIFYs into progress.
 *
 *   sending --2xx--> accepted --NOTIFY terminated / guard timer--> done
 *      |  \--NOTIFY (before the 2xx, RFC 6665 §4.1.2.4)--> accepted
 *      \--non-2xx, timeout--> done
 */

/** Progress of one transfer, from the sipfrag bodies the transferee sends. */
export interface TransferProgress {
  /** The CSeq number of the REFER (the Event id, RFC 3515 §2.4.6). */
  referId: string;
  /** Status of the transferee's new call (100, 180, 200, 486...); 0 when no NOTIFY said. */
  status: number;
  reason: string;
  /** No more progress will come for this REFER: the subscription ended (or we gave up waiting). */
  final: boolean;
  /**
   * Subscription-State reason of the last NOTIFY ('noresource', 'timeout'...), or ours:
   * 'no-notify' / 'expired' when we gave up waiting, 'dialog-ended' when the call ended first.
   */
  terminatedBy?: string;
}

export type ReferOutcome =
  /** The transferee accepted (202). Progress follows as 'transfer-progress' unless `subscription` is false (RFC 4488). */
  | { accepted: true; referId: string; status: number; subscription: boolean }
  /** Refused (403, 405, 501, 603...), timed out, or nothing to refer in. */
  | { accepted: false; referId?: string; status?: number; reason: string };

type ReferState = 'sending' | 'accepted' | 'done';

interface PendingRefer {
  cseq: number;
  state: ReferState;
  last: SipfragStatus | undefined;
  guard: TimerHandle | undefined;
}

export interface ReferClientOptions {
  clock: Clock;
  logger: Logger;
  /** Our dialog, for log lines. */
  label: () => string;
  emit: (progress: TransferProgress) => void;
  /** How long to wait for the first NOTIFY after the 2xx (RFC 6665 Timer N: 64*T1). */
  notifyWaitMs?: number;
}

/** Slack past the notifier's expiry before we call the subscription gone. */
const EXPIRY_SLACK_MS = 5000;

/** What the session gets back to build and track one REFER (CSeq changes on a digest retry). */
export interface ReferHandle {
  setCseq(seq: number): void;
}

export class ReferClient {
  private readonly refers: PendingRefer[] = [];
  private readonly opts: ReferClientOptions;

  constructor(opts: ReferClientOptions) {
    this.opts = opts;
  }

  /** A REFER is about to go out; NOTIFYs may arrive even before its 2xx (RFC 6665 §4.1.2.4). */
  begin(): ReferHandle & { entry: PendingRefer } {
    const entry: PendingRefer = { cseq: 0, state: 'sending', last: undefined, guard: undefined };
    this.refers.push(entry);
    return { entry, setCseq: (seq) => void (entry.cseq = seq) };
  }

  /** The REFER's final response (or none): the outcome for the caller. */
  settle(handle: { entry: PendingRefer }, res: SipResponse | undefined, failure?: string): ReferOutcome {
    const e = handle.entry;
    const referId = String(e.cseq);
    if (!res && e.state === 'accepted') {
      // the 202 was lost but NOTIFYs came: the transfer runs and reports progress
      return { accepted: true, referId, status: 202, subscription: true };
    }
    if (!res || res.status >= 300) {
      this.finish(e);
      return res
        ? { accepted: false, referId, status: res.status, reason: `${res.status} ${res.reason}` }
        : { accepted: false, referId, reason: failure ?? 'no response' };
    }
    // RFC 4488 §4: "Refer-Sub: false" in the 2xx: no implicit subscription, no NOTIFYs
    if (res.headers.get('Refer-Sub')?.trim().toLowerCase() === 'false') {
      this.finish(e);
      return { accepted: true, referId, status: res.status, subscription: false };
    }
    if (e.state === 'sending') {
      e.state = 'accepted';
      this.arm(e, this.opts.notifyWaitMs ?? 32000, 'no-notify');
    }
    return { accepted: true, referId, status: res.status, subscription: e.state !== 'done' };
  }

  /**
   * A NOTIFY in the dialog. Returns the status to answer it with: 200, 489
   * for an event other than refer (RFC 6665 §8.3.1), 481 when it names no
   * REFER of ours (RFC 6665 §4.1.3).
   */
  onNotify(req: SipRequest): number {
    const event = parseEvent(req.headers.get('Event') ?? '');
    if (!event || event.type.toLowerCase() !== 'refer') return 489;
    const e = this.find(event.id);
    if (!e) return 481;
    const sub = parseSubscriptionState(req.headers.get('Subscription-State') ?? '');
    const frag = req.contentType === SIPFRAG_TYPE ? parseSipfragStatus(req.body) : undefined;
    if (frag) e.last = frag;
    const terminated = sub?.state === 'terminated';
    if (e.state === 'sending') e.state = 'accepted';
    const progress: TransferProgress = {
      referId: String(e.cseq),
      status: e.last?.status ?? 0,
      reason: e.last?.reason ?? '',
      final: terminated,
    };
    if (terminated) {
      if (sub?.reason) progress.terminatedBy = sub.reason;
      this.finish(e);
    } else {
      // RFC 6665 §4.1.2.4: the subscription lasts as long as the notifier says
      const expires = sub?.expires;
      this.arm(e, expires !== undefined ? expires * 1000 + EXPIRY_SLACK_MS : (this.opts.notifyWaitMs ?? 32000) * 6, 'expired');
    }
    this.opts.logger.debug('refer progress', { dialog: this.opts.label(), ...progress });
    this.opts.emit(progress);
    return 200;
  }

  /**
   * The session ended: no NOTIFY can arrive any more. A REFER still waiting
   * for its final NOTIFY gets a last progress event saying so (the phone may
   * count a transferee that hung up after the target answered as a success).
   */
  close(): void {
    for (const e of [...this.refers]) {
      const accepted = e.state === 'accepted';
      this.finish(e);
      if (!accepted) continue;
      this.opts.emit({ referId: String(e.cseq), status: e.last?.status ?? 0, reason: e.last?.reason ?? '', final: true, terminatedBy: 'dialog-ended' });
    }
  }

  /**
   * RFC 3515 §2.4.6: the id is the REFER's CSeq; a NOTIFY without one is for
   * the first REFER of the dialog - we take the oldest one still running,
   * which is the same thing unless the peer leaves ids out for later ones too.
   */
  private find(id: string | undefined): PendingRefer | undefined {
    const live = this.refers.filter((e) => e.state !== 'done');
    if (id === undefined) return live[0];
    return live.find((e) => String(e.cseq) === id);
  }

  private arm(e: PendingRefer, ms: number, why: 'no-notify' | 'expired'): void {
    e.guard?.cancel();
    e.guard = this.opts.clock.setTimer(ms, () => {
      e.guard = undefined;
      if (e.state === 'done') return;
      this.finish(e);
      this.opts.logger.info('refer subscription gave no final NOTIFY', { dialog: this.opts.label(), referId: e.cseq, why });
      this.opts.emit({
        referId: String(e.cseq),
        status: e.last?.status ?? 0,
        reason: e.last?.reason ?? '',
        final: true,
        terminatedBy: why,
      });
    });
  }

  private finish(e: PendingRefer): void {
    e.state = 'done';
    e.guard?.cancel();
    e.guard = undefined;
    const i = this.refers.indexOf(e);
    if (i >= 0) this.refers.splice(i, 1);
  }
}
