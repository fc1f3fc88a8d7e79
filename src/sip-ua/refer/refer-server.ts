import type { ServerTransaction, SipRequest } from '../../sip/index.js';
import { IncomingRefer, type IncomingReferContext } from './incoming-refer.js';
import { parseReferredBy, readReferTo } from './refer-to.js';

/** The implicit subscription's life when the phone never reports a final status (s). */
export const REFER_SUBSCRIPTION_SECONDS = 180;
/** How long the phone may take to accept or decline a REFER (ms). */
export const REFER_DECISION_MS = 5000;

/**
 * The REFER-recipient's side for one dialog (RFC 3515 §2.4.2): checks the
 * request, hands the phone an IncomingRefer, and remembers the REFERs of the
 * dialog so that the second and later ones get an Event id (§2.4.6).
 */
export class ReferServer {
  private received = 0;
  private readonly live: IncomingRefer[] = [];
  private readonly ctx: IncomingReferContext;

  constructor(ctx: IncomingReferContext) {
    this.ctx = ctx;
  }

  /**
   * A REFER in the dialog. Returns the IncomingRefer for the phone, or
   * undefined when the request was answered here (400 for a missing, doubled
   * or unreadable Refer-To: RFC 3515 §2.4.2).
   */
  receive(tx: ServerTransaction, req: SipRequest): IncomingRefer | undefined {
    const target = readReferTo(req.headers.getAll('Refer-To'));
    if (!target.ok) {
      this.ctx.respond(tx, 400, { reason: `Bad Refer-To (${target.reason})` });
      return undefined;
    }
    this.received++;
    const refer = new IncomingRefer({
      tx,
      request: req,
      target: target.value,
      referredBy: parseReferredBy(req.headers.get('Referred-By')),
      withId: this.received > 1,
      ctx: this.ctx,
    });
    this.live.push(refer);
    return refer;
  }

  /** The REFER the phone reports on when it does not say which: the latest accepted one still running. */
  latest(referId?: string): IncomingRefer | undefined {
    this.prune();
    if (referId !== undefined) return this.live.find((r) => r.referId === referId);
    return this.live.filter((r) => r.state === 'accepted').at(-1);
  }

  close(): void {
    for (const r of this.live) r.close();
    this.live.length = 0;
  }

  private prune(): void {
    for (let i = this.live.length - 1; i >= 0; i--) {
      const s = this.live[i]!.state;
      if (s === 'declined' || s === 'done') this.live.splice(i, 1);
    }
  }
}
