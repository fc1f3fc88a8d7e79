import { SayhiError, nullLogger, randomToken, type Clock, type Logger } from '../../base/index.js';
import {
  BRANCH_COOKIE,
  createResponse,
  formatVia,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../message/index.js';
import type { ReceivedMessage, SendTarget, SipTransport } from '../transport/index.js';
import { createCancel } from './cancel-request.js';
import { InviteClientTransaction, type CancelOutcome } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import type { TransactionContext } from './transaction.js';
import { TransactionErrorCode } from './transaction-errors.js';
import { clientKey, responseKey, serverKey } from './transaction-keys.js';
import { resolveTimers, type TransactionTimers } from './transaction-timers.js';
import type { ClientTransaction, ClientTransactionUser, ServerTransaction } from './transaction-user.js';

export interface TransactionLayerOptions {
  transport: SipTransport;
  clock: Clock;
  logger?: Logger;
  /** T1/T2/T4 for every transaction of this layer (RFC 3261 defaults 500/4000/5000 ms). */
  timers?: Partial<TransactionTimers>;
}

/** A new request (not a retransmission), with the server transaction that will answer it. */
export type RequestHandler = (tx: ServerTransaction, request: ReceivedMessage<SipRequest>) => void;
/** An ACK outside any transaction: the ACK for a 2xx (§13.3.1.4, §17.2.3). */
export type AckHandler = (ack: ReceivedMessage<SipRequest>) => void;
/** A CANCEL for an INVITE still in Proceeding; the 200 to the CANCEL is already sent, the TU sends 487 (§9.2). */
export type CancelHandler = (inviteTx: InviteServerTransaction, cancel: ReceivedMessage<SipRequest>) => void;
/** A response that matches no client transaction (a 2xx retransmission after Timer M, a late fork). */
export type StrayResponseHandler = (response: ReceivedMessage<SipResponse>) => void;

/**
 * The transaction layer of one user agent (RFC 3261 §17): it owns the client
 * and server transactions, matches every incoming message to one of them
 * (§17.1.3, §17.2.3), and hands what is new to the TU. Terminated
 * transactions are dropped from its tables at once ("it MUST be destroyed
 * immediately", §17.1.1.2).
 */
export class TransactionLayer {
  readonly timers: TransactionTimers;
  private readonly ctx: TransactionContext;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  private requestHandler: RequestHandler | undefined;
  private ackHandler: AckHandler | undefined;
  private cancelHandler: CancelHandler | undefined;
  private strayHandler: StrayResponseHandler | undefined;
  private closed = false;

  constructor(opts: TransactionLayerOptions) {
    this.timers = resolveTimers(opts.timers);
    this.ctx = { transport: opts.transport, clock: opts.clock, logger: opts.logger ?? nullLogger, timers: this.timers };
    opts.transport.onMessage((rx) => this.receive(rx));
  }

  /** Live transactions, client and server. */
  get size(): number {
    return this.clients.size + this.servers.size;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get serverCount(): number {
    return this.servers.size;
  }

  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  onAck(handler: AckHandler): void {
    this.ackHandler = handler;
  }

  onCancel(handler: CancelHandler): void {
    this.cancelHandler = handler;
  }

  onStrayResponse(handler: StrayResponseHandler): void {
    this.strayHandler = handler;
  }

  /**
   * Start a client transaction for `request` (anything but ACK and CANCEL).
   * The layer gives the request its one Via (SIP/2.0/<PROTO>, our sent-by, a
   * new branch, rport) and a Max-Forwards when it has none.
   */
  sendRequest(request: SipRequest, target: SendTarget, user: ClientTransactionUser = {}): ClientTransaction {
    if (request.method === 'ACK' || request.method === 'CANCEL') {
      throw new SayhiError(TransactionErrorCode.BadRequest, `${request.method} is sent with sendAck / sendCancel`);
    }
    const cseq = request.viewCSeq();
    if (!cseq || cseq.method !== request.method) {
      throw new SayhiError(TransactionErrorCode.BadRequest, `${request.method}: missing or mismatched CSeq`);
    }
    const branch = this.stampVia(request, target);
    const init = { request, target, user, branch, reliable: this.ctx.transport.isReliable(target.protocol) };
    const tx =
      request.method === 'INVITE' ? new InviteClientTransaction(this.ctx, init) : new NonInviteClientTransaction(this.ctx, init);
    this.addClient(tx, clientKey(branch, request.method));
    tx.start();
    return tx;
  }

  /**
   * CANCEL a pending INVITE (§9.1), as a non-INVITE client transaction whose
   * responses go to `user`. It is sent only once a provisional response came
   * in; until then it waits ('deferred').
   */
  sendCancel(inviteTx: InviteClientTransaction, user: ClientTransactionUser = {}): CancelOutcome {
    return inviteTx.requestCancel(() => {
      const cancel = createCancel(inviteTx.request);
      const init = { request: cancel, target: inviteTx.target, user, branch: inviteTx.branch, reliable: inviteTx.reliable };
      const tx = new NonInviteClientTransaction(this.ctx, init);
      this.addClient(tx, clientKey(inviteTx.branch, 'CANCEL'));
      tx.start();
    });
  }

  /**
   * Send the ACK for a 2xx (§13.2.2.4). It is its own transaction of one
   * message: nothing retransmits it; the TU sends the same ACK again for
   * each retransmitted 2xx. The first call gives it a Via with a new branch;
   * sending the same object again keeps that Via.
   */
  sendAck(ack: SipRequest, target: SendTarget): Promise<void> {
    if (ack.method !== 'ACK') throw new SayhiError(TransactionErrorCode.BadRequest, `sendAck got ${ack.method}`);
    if (!ack.headers.has('Via')) this.stampVia(ack, target);
    return this.ctx.transport.sendRequest(ack, target);
  }

  /** Terminate every transaction without sending anything (the UA is going away). */
  close(): void {
    this.closed = true;
    for (const tx of [...this.clients.values(), ...this.servers.values()]) tx.terminate('layer closed');
  }

  private stampVia(request: SipRequest, target: SendTarget): string {
    // §8.1.1.7: "The branch parameter value MUST be unique across space and time for all requests sent by the UA."
    const branch = BRANCH_COOKIE + randomToken(16);
    const local = this.ctx.transport.localAddress(target.protocol, target);
    const via = formatVia({
      protocol: 'SIP/2.0',
      transport: target.protocol.toUpperCase(),
      host: local.host,
      port: local.port,
      // RFC 3581 §3: a client "MAY include an rport parameter" asking for the source port
      params: new Map<string, string | null>([
        ['branch', branch],
        ['rport', null],
      ]),
    });
    // a UA is the first hop: the request carries exactly one Via, written first
    // (§7.3.1: fields "needed for proxy processing (Via, Route, ...)" should appear towards the top)
    const headers = request.headers.copyWithFirst('Via', via);
    // §8.1.1.6: "A UAC MUST insert a Max-Forwards header field into each request it originates with a value that SHOULD be 70."
    if (!headers.has('Max-Forwards')) headers.append('Max-Forwards', '70');
    request.headers = headers;
    return branch;
  }

  private addClient(tx: ClientTransaction, key: string): void {
    this.clients.set(key, tx);
    tx.addTerminationHook(() => {
      if (this.clients.get(key) === tx) this.clients.delete(key);
    });
  }

  private receive(rx: ReceivedMessage): void {
    if (this.closed) return;
    if (isResponse(rx)) this.receiveResponse(rx);
    else this.receiveRequest(rx as ReceivedMessage<SipRequest>);
  }

  private receiveResponse(rx: ReceivedMessage<SipResponse>): void {
    const key = responseKey(rx.message);
    const tx = key === undefined ? undefined : this.clients.get(key);
    if (tx) {
      tx.receiveResponse(rx);
      return;
    }
    // no transaction: a 2xx retransmitted after Timer M, or from a fork that answered late; the dialog layer ACKs it
    if (this.strayHandler) this.strayHandler(rx);
    else this.ctx.logger.debug(`stray ${rx.message.status} ${rx.message.cseq?.method ?? ''} dropped`);
  }

  private receiveRequest(rx: ReceivedMessage<SipRequest>): void {
    const request = rx.message;
    const key = serverKey(request);
    if (key === undefined) {
      this.ctx.logger.debug(`${request.method} without Via or CSeq dropped`);
      return;
    }
    if (request.method === 'ACK') {
      this.receiveAck(rx, key);
      return;
    }
    const existing = this.servers.get(key);
    if (existing) {
      // §17.2.3: a retransmission; the transaction answers it, the TU never sees it
      existing.receiveRequest(rx);
      return;
    }
    const branch = request.viewTopVia()?.params.get('branch') ?? '';
    const init = { received: rx, branch, reliable: this.ctx.transport.isReliable(rx.source.protocol) };
    const tx = request.method === 'INVITE' ? new InviteServerTransaction(this.ctx, init) : new NonInviteServerTransaction(this.ctx, init);
    this.servers.set(key, tx);
    tx.addTerminationHook(() => {
      if (this.servers.get(key) === tx) this.servers.delete(key);
    });
    tx.start();
    if (tx.kind === 'nist' && request.method === 'CANCEL') {
      this.receiveCancel(tx, rx);
    } else if (this.requestHandler) {
      this.requestHandler(tx, rx);
    } else {
      this.ctx.logger.warn(`no TU for ${request.method}: 500`);
      tx.respond(createResponse(request, 500, { toTag: randomToken(10) }));
    }
  }

  private receiveAck(rx: ReceivedMessage<SipRequest>, key: string): void {
    const tx = this.servers.get(key);
    // an ACK for a non-2xx matches the INVITE transaction and ends there (§17.2.1)
    if (tx && tx.kind === 'ist' && tx.receiveAck(rx)) return;
    // otherwise it acknowledges a 2xx, which belongs to the TU (§17.2.3, RFC 6026 §8.7)
    if (this.ackHandler) this.ackHandler(rx);
    else this.ctx.logger.debug('ACK without transaction dropped');
  }

  private receiveCancel(cancelTx: NonInviteServerTransaction, rx: ReceivedMessage<SipRequest>): void {
    // §9.2: the CANCEL matches the transaction it cancels by the §17.2.3 rules, "but the method ... is ignored"
    const inviteKey = serverKey(rx.message, 'INVITE');
    const invite = inviteKey === undefined ? undefined : this.servers.get(inviteKey);
    if (!invite || invite.kind !== 'ist') {
      // "If the UAS did not find a matching transaction for the CANCEL according to the procedure above, it SHOULD respond to the CANCEL with a 481"
      cancelTx.respond(createResponse(rx.message, 481, { toTag: randomToken(10) }));
      return;
    }
    // "The To tag of the response to the CANCEL and the To tag in the response to the original request SHOULD be the same."
    const toTag = invite.lastResponse?.toTag ?? randomToken(10);
    cancelTx.respond(createResponse(rx.message, 200, { toTag }));
    // "If the original request has already been given a final response, the CANCEL has no effect on the processing of the original request"
    if (invite.state !== 'Proceeding') return;
    // "the UAS SHOULD respond to the INVITE with a 487 (Request Terminated)": the TU does it, or we do when there is no TU
    if (this.cancelHandler) this.cancelHandler(invite, rx);
    else invite.respond(createResponse(invite.request, 487, { toTag }));
  }
}

function isResponse(rx: ReceivedMessage<SipMessage>): rx is ReceivedMessage<SipResponse> {
  return rx.message.kind === 'response';
}
