import { nullLogger, randomToken, type Clock, type Logger } from '../base/index.js';
import {
  DialogTable,
  TransactionLayer,
  createResponse,
  dialogKey,
  type Dialog,
  type InviteServerTransaction,
  type ReceivedMessage,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type SipTransport,
  type TransactionTimers,
} from '../sip/index.js';

/**
 * A usage bound to a dialog (an INVITE session, later a subscription): the UA
 * core hands it the requests, ACKs and stray 2xx of its dialog (pjsip's
 * dialog-usage idea, RFC 5057).
 */
export interface DialogUsage {
  onDialogRequest(tx: ServerTransaction, rx: ReceivedMessage<SipRequest>): void;
  onAck?(rx: ReceivedMessage<SipRequest>): void;
  onStrayResponse?(rx: ReceivedMessage<SipResponse>): void;
}

/**
 * Takes an out-of-dialog NOTIFY (unsolicited MWI as many PBXs send it, RFC 3842
 * §3 in spirit): return true when it answered the request.
 */
export type UnsolicitedNotifyHandler = (tx: ServerTransaction, rx: ReceivedMessage<SipRequest>) => boolean;

/** What the UA core cannot decide itself: new requests outside a dialog. */
export interface UaCoreDelegate {
  /** A new INVITE outside any dialog. The delegate must answer it (through an IncomingInvite). */
  onInvite?(tx: InviteServerTransaction, rx: ReceivedMessage<SipRequest>): void;
  /** CANCEL matched a pending INVITE (200 to the CANCEL already sent; §9.2). */
  onCancel?(tx: InviteServerTransaction, cancel: ReceivedMessage<SipRequest>): void;
  /** Any other out-of-dialog request (MESSAGE, NOTIFY, REFER...). Return false to get 405/501. */
  onOtherRequest?(tx: ServerTransaction, rx: ReceivedMessage<SipRequest>): boolean;
}

export interface UaCoreOptions {
  transport: SipTransport;
  clock: Clock;
  logger?: Logger;
  timers?: Partial<TransactionTimers>;
  /** User-Agent / Server header value. */
  userAgent: string;
}

/** Methods we answer (Allow, RFC 3261 §20.5). */
export const ALLOWED_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'UPDATE', 'NOTIFY', 'REFER', 'MESSAGE'];

/**
 * The UA core (RFC 3261 §8): owns the transaction layer and the dialogs,
 * routes every new request to its dialog usage or to the delegate, answers
 * OPTIONS, and rejects what no one handles.
 */
export class UaCore {
  readonly transactions: TransactionLayer;
  readonly transport: SipTransport;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly userAgent: string;
  readonly dialogs = new DialogTable();
  private readonly usages = new Map<string, DialogUsage>();
  /** Subscriptions whose dialog does not exist yet, by Call-ID + our From tag (see awaitDialog). */
  private readonly awaitedDialogs = new Map<string, DialogUsage>();
  private readonly notifyHandlers = new Set<UnsolicitedNotifyHandler>();
  delegate: UaCoreDelegate = {};

  constructor(opts: UaCoreOptions) {
    this.transport = opts.transport;
    this.clock = opts.clock;
    this.logger = opts.logger ?? nullLogger;
    this.userAgent = opts.userAgent;
    this.transactions = new TransactionLayer({
      transport: opts.transport,
      clock: opts.clock,
      logger: this.logger,
      ...(opts.timers ? { timers: opts.timers } : {}),
    });
    this.transactions.onRequest((tx, rx) => this.onRequest(tx, rx));
    this.transactions.onAck((rx) => this.usageFor(rx.message)?.onAck?.(rx));
    this.transactions.onCancel((tx, rx) => this.delegate.onCancel?.(tx, rx));
    this.transactions.onStrayResponse((rx) => {
      const d = this.dialogs.matchResponse(rx.message);
      if (d) this.usages.get(dialogKey(d.id))?.onStrayResponse?.(rx);
    });
  }

  /** A new tag for From/To (RFC 3261 §19.3: at least 32 bits of randomness). */
  newTag(): string {
    return randomToken(10);
  }

  newCallId(): string {
    return randomToken(20);
  }

  bindDialog(dialog: Dialog, usage: DialogUsage): void {
    this.dialogs.add(dialog);
    this.usages.set(dialogKey(dialog.id), usage);
  }

  unbindDialog(dialog: Dialog): void {
    this.dialogs.remove(dialog);
    this.usages.delete(dialogKey(dialog.id));
  }

  /**
   * RFC 6665 §4.1.2.4: a NOTIFY may overtake the 2xx to the SUBSCRIBE that asked
   * for it, so it carries a To tag (our From tag) no dialog knows yet. A
   * subscription registers its Call-ID and From tag here while its dialog is
   * unborn; such requests go to it (it creates and binds the dialog) instead of
   * getting 481. Returns the way to stop waiting.
   */
  awaitDialog(callId: string, localTag: string, usage: DialogUsage): () => void {
    const key = `${callId}\n${localTag}`;
    this.awaitedDialogs.set(key, usage);
    return () => {
      if (this.awaitedDialogs.get(key) === usage) this.awaitedDialogs.delete(key);
    };
  }

  /**
   * Out-of-dialog NOTIFYs (no To tag) are offered to these handlers, in order,
   * before the delegate's onOtherRequest. Returns the way to remove the handler.
   */
  onUnsolicitedNotify(handler: UnsolicitedNotifyHandler): () => void {
    this.notifyHandlers.add(handler);
    return () => this.notifyHandlers.delete(handler);
  }

  /** Respond on a server transaction with our Server header added. */
  respond(tx: ServerTransaction, status: number, opts: { reason?: string; toTag?: string; headers?: Array<[string, string]>; body?: Buffer; contentType?: string } = {}): SipResponse {
    const res = createResponse(tx.request, status, opts);
    res.headers.append('Server', this.userAgent);
    for (const [n, v] of opts.headers ?? []) res.headers.append(n, v);
    if (opts.body) {
      res.body = opts.body;
      res.headers.set('Content-Type', opts.contentType ?? 'application/sdp');
    }
    tx.respond(res);
    return res;
  }

  close(): void {
    this.transactions.close();
  }

  private usageFor(req: SipRequest): DialogUsage | undefined {
    const d = this.dialogs.matchRequest(req);
    return d ? this.usages.get(dialogKey(d.id)) : undefined;
  }

  private onRequest(tx: ServerTransaction, rx: ReceivedMessage<SipRequest>): void {
    const req = rx.message;
    if (req.toTag) {
      // In-dialog (§12.2.2): to its usage (or a subscription awaiting its
      // dialog, RFC 6665 §4.1.2.4), else 481.
      const usage = this.usageFor(req) ?? this.awaitedDialogs.get(`${req.callId}\n${req.toTag}`);
      if (usage) usage.onDialogRequest(tx, rx);
      else this.respond(tx, 481);
      return;
    }
    switch (req.method) {
      case 'INVITE':
        if (this.delegate.onInvite) this.delegate.onInvite(tx as InviteServerTransaction, rx);
        else this.respond(tx, 480);
        return;
      case 'OPTIONS':
        // §11.2: answer as we would an INVITE, with our capabilities.
        this.respond(tx, 200, {
          headers: [
            ['Allow', ALLOWED_METHODS.join(', ')],
            ['Accept', 'application/sdp'],
            ['Supported', 'replaces, timer'],
          ],
        });
        return;
      case 'BYE':
      case 'CANCEL':
        this.respond(tx, 481);
        return;
      default:
        if (req.method === 'NOTIFY') {
          for (const handler of this.notifyHandlers) if (handler(tx, rx)) return;
        }
        if (this.delegate.onOtherRequest?.(tx, rx)) return;
        this.respond(tx, ALLOWED_METHODS.includes(req.method) ? 405 : 501, {
          headers: [['Allow', ALLOWED_METHODS.join(', ')]],
        });
    }
  }
}
