import type { Dialog, ServerTransaction, SipRequest, SipUri } from '../../sip/index.js';
import {
  REFER_DECISION_MS,
  REFER_SUBSCRIPTION_SECONDS,
  ReferClient,
  ReferServer,
  formatReferTo,
  formatReferredBy,
  type IncomingRefer,
  type ReferOutcome,
  type ReplacesHeader,
  type TransferProgress,
} from '../refer/index.js';
import type { UaCore } from '../ua-core.js';
import type { InDialogOutcome } from './in-dialog-sender.js';

/** What the INVITE session lends the transfer glue. */
export interface SessionTransferHost {
  core: UaCore;
  label(): string;
  dialog(): Dialog | undefined;
  /** A REFER makes sense only in a confirmed call (RFC 5589 §5). */
  confirmed(): boolean;
  send(build: () => SipRequest): Promise<InDialogOutcome>;
  hasReferListener(): boolean;
  emitRefer(refer: IncomingRefer): void;
  emitProgress(progress: TransferProgress): void;
}

export interface ReferSettings {
  /** Life of the implicit subscription we grant as transferee (s, default 180). */
  subscriptionSeconds?: number;
  /** Time the phone has to accept or decline a REFER (ms, default 5000). */
  decisionMs?: number;
  /** How long we wait for the first NOTIFY after a 2xx to our REFER (ms, default 32000: RFC 6665 Timer N). */
  notifyWaitMs?: number;
}

export interface ReferOptions {
  /** Put this Replaces into the Refer-To (attended transfer, RFC 5589 §7). */
  replaces?: ReplacesHeader;
  /** Referred-By value (default: our identity in the dialog, RFC 3892 §3); false for none. */
  referredBy?: string | false;
}

/**
 * Call transfer inside one INVITE dialog (RFC 3515, RFC 5589): REFER out and
 * the NOTIFYs that report on it (transferor), REFER in and the NOTIFYs we
 * send about it (transferee). The phone places the new call itself.
 */
export class SessionTransfer {
  private readonly client: ReferClient;
  private readonly server: ReferServer;
  private readonly host: SessionTransferHost;

  constructor(host: SessionTransferHost, settings: ReferSettings = {}) {
    this.host = host;
    this.client = new ReferClient({
      clock: host.core.clock,
      logger: host.core.logger,
      label: host.label,
      emit: host.emitProgress,
      ...(settings.notifyWaitMs !== undefined ? { notifyWaitMs: settings.notifyWaitMs } : {}),
    });
    this.server = new ReferServer({
      clock: host.core.clock,
      logger: host.core.logger,
      respond: (tx, status, opts) => void host.core.respond(tx, status, opts ?? {}),
      sendNotify: (headers, body, contentType) => this.sendNotify(headers, body, contentType),
      expiresSeconds: settings.subscriptionSeconds ?? REFER_SUBSCRIPTION_SECONDS,
      decisionMs: settings.decisionMs ?? REFER_DECISION_MS,
    });
  }

  /** Transferor: send REFER (RFC 3515 §2.4.1) and report how the peer answered. */
  async refer(target: string | SipUri, opts: ReferOptions = {}): Promise<ReferOutcome> {
    const dialog = this.host.dialog();
    if (!dialog || !this.host.confirmed()) return { accepted: false, reason: 'no confirmed call to transfer' };
    const referTo = formatReferTo(target, opts.replaces);
    if (!referTo) return { accepted: false, reason: 'transfer target is not a SIP URI' };
    const headers: Array<[string, string]> = [['Refer-To', referTo]];
    const referredBy = opts.referredBy ?? formatReferredBy(dialog.localUri);
    if (referredBy) headers.push(['Referred-By', referredBy]);
    const handle = this.client.begin();
    const out = await this.host.send(() => {
      const req = dialog.createRequest('REFER', { extraHeaders: headers });
      handle.setCseq(req.cseq!.seq);
      return req;
    });
    return this.client.settle(handle, out.kind === 'response' ? out.response : undefined, out.kind === 'response' ? undefined : out.reason);
  }

  /** Transferee: a REFER in our dialog. */
  onRefer(tx: ServerTransaction, req: SipRequest): void {
    if (!this.host.confirmed()) return void this.host.core.respond(tx, 403, { reason: 'Not In A Call' });
    // nobody would place the call: refuse rather than accept and never report (RFC 3515 §2.4.2)
    if (!this.host.hasReferListener()) return void this.host.core.respond(tx, 603);
    const refer = this.server.receive(tx, req);
    if (!refer) return;
    this.host.emitRefer(refer);
    refer.armDecisionTimer();
  }

  /** Transferor: a NOTIFY in our dialog (RFC 3515 §2.4.4). */
  onNotify(tx: ServerTransaction, req: SipRequest): void {
    this.host.core.respond(tx, this.client.onNotify(req));
  }

  /** Transferee: report the new call's progress on a REFER we accepted (the latest, or `referId`). */
  notifyProgress(status: number, reason: string, final = status >= 200, referId?: string): Promise<boolean> {
    const refer = this.server.latest(referId);
    return refer ? refer.notify(status, reason, final) : Promise.resolve(false);
  }

  close(): void {
    this.client.close();
    this.server.close();
  }

  private async sendNotify(headers: Array<[string, string]>, body: Buffer, contentType: string): Promise<number | undefined> {
    const dialog = this.host.dialog();
    if (!dialog || dialog.state === 'terminated') return undefined;
    const out = await this.host.send(() => dialog.createRequest('NOTIFY', { extraHeaders: headers, body, contentType }));
    return out.kind === 'response' ? out.response.status : undefined;
  }
}
