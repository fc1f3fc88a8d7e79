import {
  Dialog,
  type ClientTransactionUser,
  type ReceivedMessage,
  type SendTarget,
  type SipDnsResolver,
  type SipRequest,
  type SipResponse,
  type TransportProtocol,
} from '../../sip/index.js';
import { nextHopUri, targetsForUri } from '../request-target.js';
import type { UaCore } from '../ua-core.js';

/** The ACK we sent for a 2xx to our (re-)INVITE, kept to answer its retransmissions (RFC 3261 §13.2.2.4). */
export interface SentAck {
  cseq: number;
  ack: SipRequest;
  target: SendTarget;
}

/** Written by the session, read by the user below after the session has let go: holds no session. */
export interface SentAckMemory {
  last?: SentAck;
}

export interface AckContext {
  core: UaCore;
  resolver: SipDnsResolver;
  transport: TransportProtocol;
}

/** The first hop of an in-dialog request, to ACK a 2xx. */
export async function ackTargetOf(ctx: AckContext, ack: SipRequest): Promise<SendTarget | undefined> {
  const uri = nextHopUri(ack);
  if (!uri) return undefined;
  const targets = await targetsForUri(uri, ctx.transport, ctx.resolver).catch(() => []);
  return targets[0];
}

/** §13.2.2.4: a retransmitted 2xx to our (re-)INVITE gets the same ACK again. */
export function resendAck(core: UaCore, memory: SentAckMemory, res: SipResponse): void {
  const last = memory.last;
  if (res.status >= 200 && res.status < 300 && res.cseq?.method === 'INVITE' && last?.cseq === res.cseq.seq) {
    void core.transactions.sendAck(last.ack, last.target).catch(() => {});
  }
}

/** §13.2.2.4: a 2xx from a fork we do not keep (or after we gave up) gets an ACK, then a BYE. */
export async function ackAndByeFork(ctx: AckContext, invite: SipRequest, res: SipResponse, seq: number): Promise<void> {
  const d = Dialog.fromUacResponse(invite, res, { logger: ctx.core.logger });
  if (!d.ok) return;
  const ack = d.value.createAck(seq);
  const target = await ackTargetOf(ctx, ack);
  if (!target) return;
  await ctx.core.transactions.sendAck(ack, target).catch(() => {});
  const bye = d.value.createRequest('BYE');
  ctx.core.transactions.sendRequest(bye, target, {});
}

/**
 * The TU of an ended OutgoingCall's INVITE client transaction, which stays
 * Accepted for 64*T1 after a 2xx (RFC 6026 §8.4) and passes every 2xx up:
 * the answering dialog's retransmissions get the last ACK again, another
 * fork's 2xx gets ACK + BYE (RFC 3261 §13.2.2.4). Everything else the
 * session would have ignored once ended. It keeps the ACK memory and the
 * dialog's remote tag, not the session, so the session can be collected
 * when the call ends rather than 32 s later.
 */
export function endedCallUser(p: {
  ctx: AckContext;
  acks: SentAckMemory;
  /** A 2xx was taken before the call ended. */
  answered: boolean;
  /** The remote tag of the dialog the call had, if any. */
  remoteTag: string | undefined;
  /** CSeq to ACK when a 2xx has none (it always has one once parsed). */
  cseq: number;
}): ClientTransactionUser {
  return {
    onResponse: (rx: ReceivedMessage<SipResponse>, tx) => {
      const res = rx.message;
      if (res.status < 200 || res.status >= 300) return;
      const sameDialog = p.remoteTag === undefined || p.remoteTag === res.toTag;
      if (p.answered && sameDialog) return resendAck(p.ctx.core, p.acks, res);
      void ackAndByeFork(p.ctx, tx.request, res, res.cseq?.seq ?? p.cseq);
    },
  };
}
