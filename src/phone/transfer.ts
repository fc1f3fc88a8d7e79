import type { Logger } from '../base/index.js';
import { formatUri } from '../sip/index.js';
import { attendedTransferTarget, type TransferProgress } from '../sip-ua/index.js';
import type { Call } from './call.js';
import { parseDialTarget } from './dial-target.js';
import type { Line } from './line.js';
import { PhoneError } from './phone-errors.js';
import type { CallTransferInfo, TransferRequest, TransferResult } from './phone-types.js';

export interface TransferorOptions {
  logger: Logger;
  call(id: string): Call | undefined;
  line(n: number): Line | undefined;
}

export interface TransferOptions {
  /** Hold a connected call before the REFER (default true; a conference handover keeps its calls talking). */
  holdFirst?: boolean;
}

const transferable = (c: Call) => c.state === 'connected' || c.state === 'held';

/**
 * The transferor's side of call transfer (manual §4 "Transferring Calls"):
 *
 *   blind        REFER with Refer-To: the dialled number (RFC 5589 §6);
 *   attended     REFER to the held call's party with Refer-To: the consulted
 *   (consult,    party's Contact plus Replaces naming our call with it
 *   or to a      (RFC 5589 §7): the transferee's INVITE takes that call's place.
 *   held line)
 *
 * A connected call is put on hold first, as a desk phone does when XFER is
 * pressed. The REFER's NOTIFYs (message/sipfrag, RFC 3515 §2.4.5) become the
 * call's `transfer` (trying, ringing, succeeded, failed). On success our call
 * to the transferee ends with BYE (RFC 5589 §6.1: the transferor hangs up),
 * and so does the consultation call if its party did not end it already; on
 * failure both calls stay as they are, for the user to resume one.
 */
export class Transferor {
  constructor(private readonly opts: TransferorOptions) {}

  async transfer(call: Call, request: TransferRequest, options: TransferOptions = {}): Promise<TransferResult> {
    if (!transferable(call)) throw new PhoneError('PHONE_BAD_STATE', `call ${call.id} is ${call.state}, not connected or held`);
    const running = call.snapshot().transfer;
    if (running?.role === 'transferor' && (running.state === 'trying' || running.state === 'ringing')) {
      throw new PhoneError('PHONE_BAD_STATE', `call ${call.id} is being transferred already`);
    }
    const { referTo, info, consult } = this.target(call, request);
    if (options.holdFirst !== false && call.state === 'connected' && !(await call.hold())) {
      this.opts.logger.info('transfer: the far end refused hold; transferring anyway', { callId: call.id });
    }
    call.setTransfer(info);
    const off = call.session.events.on('transfer-progress', (p) => {
      if (this.onProgress(call, consult, info, p)) off();
    });
    const out = await call.session.refer(referTo);
    if (!out.accepted) {
      off();
      call.setTransfer({ ...info, state: 'failed', ...(out.status ? { status: out.status } : {}), reason: out.reason });
      return { ok: false, reason: out.reason };
    }
    if (!out.subscription) {
      // RFC 4488: "Refer-Sub: false" - no NOTIFY will say how it went; take the acceptance as the transfer
      off();
      this.succeeded(call, consult, info, { status: out.status, reason: 'accepted without progress reports' });
    }
    return { ok: true };
  }

  private target(call: Call, request: TransferRequest): { referTo: string; info: CallTransferInfo; consult?: Call } {
    if ('to' in request) {
      const line = this.opts.line(call.line);
      const t = parseDialTarget(request.to, line?.domain, line?.transport ?? 'udp');
      if (!t.ok) throw new PhoneError('PHONE_BAD_TARGET', t.reason);
      const uri = formatUri(t.uri);
      return { referTo: uri, info: { role: 'transferor', state: 'trying', target: uri } };
    }
    const consult = this.opts.call(request.withCall);
    if (!consult) throw new PhoneError('PHONE_NO_SUCH_CALL', `no call ${request.withCall}`);
    if (consult === call) throw new PhoneError('PHONE_BAD_STATE', 'a call cannot be transferred to itself');
    if (!transferable(consult)) throw new PhoneError('PHONE_BAD_STATE', `call ${consult.id} is ${consult.state}, not connected or held`);
    const referTo = attendedTransferTarget(consult.session);
    if (!referTo) throw new PhoneError('PHONE_BAD_STATE', `call ${consult.id} has no dialog to replace`);
    const info: CallTransferInfo = { role: 'transferor', state: 'trying', target: consult.snapshot().remote, withCall: consult.id };
    return { referTo, info, consult };
  }

  /** One NOTIFY's news; true when the transfer is over. */
  private onProgress(call: Call, consult: Call | undefined, info: CallTransferInfo, p: TransferProgress): boolean {
    const detail = p.status > 0 ? { status: p.status, reason: p.reason } : {};
    if (p.status >= 200 && p.status < 300) {
      this.succeeded(call, consult, info, detail);
      return true;
    }
    if (p.final) {
      // the transferee hung up on us before saying how its call went: our call is over either way
      const state = p.terminatedBy === 'dialog-ended' ? 'succeeded' : 'failed';
      call.setTransfer({ ...info, ...detail, state, ...(p.status === 0 ? { reason: p.terminatedBy ?? 'no report' } : {}) });
      return true;
    }
    call.setTransfer({ ...info, ...detail, state: p.status >= 180 && p.status < 200 ? 'ringing' : 'trying' });
    return false;
  }

  private succeeded(call: Call, consult: Call | undefined, info: CallTransferInfo, detail: { status?: number; reason?: string }): void {
    call.setTransfer({ ...info, ...detail, state: 'succeeded' });
    this.opts.logger.info('transfer succeeded', { callId: call.id, target: info.target });
    if (call.state !== 'ended') void call.session.hangup().catch(() => undefined);
    // RFC 3891: the target ends our consultation call when the Replaces arrives; one that did not is ended here
    if (consult && consult.state !== 'ended') void consult.session.hangup().catch(() => undefined);
  }
}
