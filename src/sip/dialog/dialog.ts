import { SayhiError, randomBetween, type Logger, type Result } from '../../base/index.js';
import {
  createRequest as buildRequest,
  parseUri,
  type NameAddr,
  type SipRequest,
  type SipResponse,
  type SipUri,
} from '../message/index.js';
import { isLegalDialogMove, type DialogState } from './dialog-state.js';
import { requestTarget, routeSetFromRecordRoute } from './route-set.js';

/**
 * A SIP dialog (RFC 3261 §12): the peer-to-peer state that in-dialog requests
 * are built from and checked against. It builds messages and never sends: the
 * transaction layer adds the Via and sends (STYLE.md "build, then send").
 */

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export type DialogRole = 'uac' | 'uas';

export type DialogError =
  | 'no-to-tag'
  | 'no-from-tag'
  | 'no-contact'
  | 'no-cseq'
  | 'not-dialog-creating';

export interface DialogOptions {
  /** The request travelled over TLS (the secure flag needs it, §12.1.1). */
  overTls?: boolean;
  logger?: Logger;
}

/**
 * Target refresh requests: re-INVITE (§12.2), UPDATE (RFC 3311 §5.1),
 * SUBSCRIBE and NOTIFY (RFC 6665 §4.1.2.1, §4.2.2).
 */
export const TARGET_REFRESH_METHODS: ReadonlySet<string> = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY']);

/** Methods whose requests carry our Contact (target refresh, plus REFER for its subscription, RFC 3515 §2.4.1). */
const CONTACT_METHODS: ReadonlySet<string> = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

export interface InDialogRequestOptions {
  body?: Buffer;
  contentType?: string;
  extraHeaders?: Array<[string, string]>;
  /** Put our Contact in (default: for target refresh methods and REFER). */
  withContact?: boolean;
  maxForwards?: number;
}

export type ReceiveOutcome =
  | { ok: true; targetRefreshed: boolean }
  /** The caller answers with `status` (§12.2.2: 500 for an out-of-order CSeq). */
  | { ok: false; status: 400 | 500; reason: 'bad-cseq' | 'cseq-out-of-order' };

export interface ResponseUpdate {
  /** The response belonged to this dialog (its To tag matched). */
  matched: boolean;
  confirmed: boolean;
  targetRefreshed: boolean;
  terminated: boolean;
}

interface DialogInit {
  id: DialogId;
  role: DialogRole;
  state: DialogState;
  localSeq: number | undefined;
  remoteSeq: number | undefined;
  localUri: NameAddr;
  remoteUri: NameAddr;
  remoteTarget: SipUri;
  routeSet: NameAddr[];
  secure: boolean;
  localContact: NameAddr | undefined;
}

function withTag(na: NameAddr, tag: string): NameAddr {
  const params = new Map(na.params);
  params.set('tag', tag);
  return { ...na, params };
}

export class Dialog {
  readonly id: DialogId;
  readonly role: DialogRole;
  private stateValue: DialogState;
  /** Our last CSeq in this dialog; undefined until we send (UAS, §12.1.1). */
  localSeq: number | undefined;
  /** The peer's last CSeq; undefined until it sends (UAC, §12.1.2). */
  remoteSeq: number | undefined;
  /** From (UAC) / To (UAS) with our tag. */
  readonly localUri: NameAddr;
  /** To (UAC) / From (UAS) with the peer's tag. */
  readonly remoteUri: NameAddr;
  remoteTarget: SipUri;
  routeSet: NameAddr[];
  readonly secure: boolean;
  /** Our Contact, written into target refresh requests. */
  localContact: NameAddr | undefined;
  private readonly logger: Logger | undefined;

  private constructor(init: DialogInit, logger?: Logger) {
    this.id = init.id;
    this.role = init.role;
    this.stateValue = init.state;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.secure = init.secure;
    this.localContact = init.localContact;
    this.logger = logger;
  }

  /**
   * UAC side (§12.1.2): from our request and a 101-299 response carrying a To
   * tag. A 1xx makes an early dialog, a 2xx a confirmed one.
   */
  static fromUacResponse(request: SipRequest, response: SipResponse, opts: DialogOptions = {}): Result<Dialog, DialogError> {
    if (response.status < 101 || response.status > 299) return { ok: false, reason: 'not-dialog-creating' };
    const to = response.to;
    const remoteTag = response.toTag;
    if (!to || !remoteTag) return { ok: false, reason: 'no-to-tag' };
    const from = request.from;
    const localTag = request.fromTag;
    if (!from || !localTag) return { ok: false, reason: 'no-from-tag' };
    const cseq = request.cseq;
    if (!cseq) return { ok: false, reason: 'no-cseq' };
    const contact = response.contacts[0];
    // A 2xx without Contact cannot be reached in-dialog; an early dialog may
    // still work towards the Request-URI until its target is learnt.
    if (!contact && response.status >= 200) return { ok: false, reason: 'no-contact' };
    const requestUri = parseRequestUri(request);
    const remoteTarget = contact?.uri ?? requestUri;
    if (!remoteTarget) return { ok: false, reason: 'no-contact' };
    const dialog = new Dialog(
      {
        id: { callId: request.callId, localTag, remoteTag },
        role: 'uac',
        state: response.status >= 200 ? 'confirmed' : 'early',
        localSeq: cseq.seq,
        remoteSeq: undefined,
        localUri: from,
        remoteUri: to,
        remoteTarget,
        routeSet: routeSetFromRecordRoute(response, 'uac'),
        secure: Boolean(opts.overTls) && requestUri?.scheme === 'sips',
        localContact: request.contacts[0],
      },
      opts.logger,
    );
    dialog.logger?.debug('dialog created', { callId: dialog.id.callId, role: 'uac', state: dialog.state });
    return { ok: true, value: dialog };
  }

  /**
   * UAS side (§12.1.1): from a dialog-creating request, the To tag we put in
   * our response, and our Contact. INVITE dialogs start early (we send a 1xx
   * first; call confirm() with the 2xx); others start confirmed unless told.
   */
  static fromUasRequest(
    request: SipRequest,
    localTag: string,
    localContact: NameAddr,
    opts: DialogOptions & { state?: 'early' | 'confirmed' } = {},
  ): Result<Dialog, DialogError> {
    const from = request.from;
    const remoteTag = request.fromTag;
    if (!from || !remoteTag) return { ok: false, reason: 'no-from-tag' };
    const to = request.to;
    if (!to) return { ok: false, reason: 'no-to-tag' };
    const cseq = request.cseq;
    if (!cseq) return { ok: false, reason: 'no-cseq' };
    const contact = request.contacts[0];
    if (!contact) return { ok: false, reason: 'no-contact' };
    const requestUri = parseRequestUri(request);
    const dialog = new Dialog(
      {
        id: { callId: request.callId, localTag, remoteTag },
        role: 'uas',
        state: opts.state ?? (request.method === 'INVITE' ? 'early' : 'confirmed'),
        localSeq: undefined,
        remoteSeq: cseq.seq,
        localUri: withTag(to, localTag),
        remoteUri: from,
        remoteTarget: contact.uri,
        routeSet: routeSetFromRecordRoute(request, 'uas'),
        secure: Boolean(opts.overTls) && requestUri?.scheme === 'sips',
        localContact,
      },
      opts.logger,
    );
    dialog.logger?.debug('dialog created', { callId: dialog.id.callId, role: 'uas', state: dialog.state });
    return { ok: true, value: dialog };
  }

  get state(): DialogState {
    return this.stateValue;
  }

  /** The one place the state changes; an illegal move is a bug in the caller. */
  private transition(to: DialogState, cause: string): void {
    const from = this.stateValue;
    if (from === to) return;
    if (!isLegalDialogMove(from, to)) {
      throw new SayhiError('SIP_DIALOG_STATE', `dialog ${this.id.callId}: ${from} -> ${to} is not allowed (${cause})`);
    }
    this.stateValue = to;
    this.logger?.debug(`dialog ${this.id.callId} ${from} -> ${to} (${cause})`);
  }

  /** Early -> confirmed (UAS: we sent the 2xx). */
  confirm(cause = '2xx'): void {
    this.transition('confirmed', cause);
  }

  terminate(cause = 'ended'): void {
    this.transition('terminated', cause);
  }

  /**
   * A new in-dialog request (§12.2.1.1): Request-URI and Route from the remote
   * target and route set, CSeq one above the last local one (a random start
   * below 2^31 when we never sent), From/To with tags, our Contact for target
   * refreshes. The Via is the transaction layer's.
   */
  createRequest(method: string, opts: InDialogRequestOptions = {}): SipRequest {
    const m = method.toUpperCase();
    if (m === 'ACK' || m === 'CANCEL') {
      throw new SayhiError('SIP_DIALOG_METHOD', `${m} reuses the INVITE's CSeq: use createAck(), or createCancel() of src/sip/transaction`);
    }
    if (this.stateValue === 'terminated') {
      throw new SayhiError('SIP_DIALOG_STATE', `dialog ${this.id.callId} is terminated: no ${m}`);
    }
    this.localSeq = (this.localSeq ?? randomBetween(1, 0x7fffffff)) + 1;
    return this.build(m, this.localSeq, opts, opts.withContact ?? CONTACT_METHODS.has(m));
  }

  /** ACK for a 2xx (§13.2.2.4): the INVITE's CSeq number, same route set, no new local CSeq. */
  createAck(inviteCseq: number, opts: Omit<InDialogRequestOptions, 'withContact'> = {}): SipRequest {
    return this.build('ACK', inviteCseq, opts, false);
  }

  private build(method: string, seq: number, opts: InDialogRequestOptions, withContact: boolean): SipRequest {
    const target = requestTarget(this.remoteTarget, this.routeSet);
    return buildRequest({
      method,
      uri: target.requestUri,
      from: this.localUri,
      to: this.remoteUri,
      callId: this.id.callId,
      cseq: seq,
      route: target.routes,
      ...(withContact && this.localContact ? { contact: this.localContact } : {}),
      ...(opts.maxForwards !== undefined ? { maxForwards: opts.maxForwards } : {}),
      ...(opts.extraHeaders ? { extraHeaders: opts.extraHeaders } : {}),
      ...(opts.body ? { body: opts.body } : {}),
      ...(opts.contentType ? { contentType: opts.contentType } : {}),
    });
  }

  /**
   * An in-dialog request arrived (§12.2.2). Checks the CSeq order (lower than
   * the last one: the caller answers 500) and takes the new remote target from
   * a target refresh request's Contact. ACK and CANCEL carry the INVITE's CSeq
   * and are not checked.
   */
  receiveRequest(req: SipRequest): ReceiveOutcome {
    if (req.method === 'ACK' || req.method === 'CANCEL') return { ok: true, targetRefreshed: false };
    const cseq = req.cseq;
    if (!cseq) return { ok: false, status: 400, reason: 'bad-cseq' };
    if (this.remoteSeq !== undefined && cseq.seq < this.remoteSeq) {
      return { ok: false, status: 500, reason: 'cseq-out-of-order' };
    }
    this.remoteSeq = cseq.seq;
    let targetRefreshed = false;
    if (TARGET_REFRESH_METHODS.has(req.method)) {
      const contact = req.contacts[0];
      if (contact) {
        this.remoteTarget = contact.uri;
        targetRefreshed = true;
      }
    }
    return { ok: true, targetRefreshed };
  }

  /**
   * A response to one of our requests in this dialog (or to the INVITE that
   * created it). 2xx to the INVITE confirms an early dialog and, for the UAC,
   * recomputes the route set from its Record-Route (§13.2.2.4). A 2xx to a
   * target refresh (or a 1xx in an early dialog) brings the new remote target
   * (§12.2.1.2). A non-2xx final answer to the INVITE ends an early dialog (§12.3).
   */
  updateFromResponse(res: SipResponse): ResponseUpdate {
    const out: ResponseUpdate = { matched: false, confirmed: false, targetRefreshed: false, terminated: false };
    if (res.toTag !== this.id.remoteTag || res.callId !== this.id.callId) return out;
    out.matched = true;
    const method = res.cseq?.method ?? '';
    const contact = res.contacts[0];
    const is2xx = res.status >= 200 && res.status < 300;
    if (this.stateValue === 'early' && method === 'INVITE') {
      if (is2xx) {
        if (this.role === 'uac') this.routeSet = routeSetFromRecordRoute(res, 'uac');
        this.transition('confirmed', `${res.status} to INVITE`);
        out.confirmed = true;
      } else if (res.status >= 300) {
        this.transition('terminated', `${res.status} to INVITE`);
        out.terminated = true;
        return out;
      }
      if (contact) {
        this.remoteTarget = contact.uri;
        out.targetRefreshed = true;
      }
      return out;
    }
    if (this.stateValue === 'confirmed' && is2xx && TARGET_REFRESH_METHODS.has(method) && contact) {
      this.remoteTarget = contact.uri;
      out.targetRefreshed = true;
    }
    return out;
  }
}

function parseRequestUri(req: SipRequest): SipUri | undefined {
  return parseUri(req.uri);
}
