import type { Clock, Logger } from '../base/index.js';
import { formatUri } from '../sip/index.js';
import type { IncomingRefer } from '../sip-ua/index.js';
import type { Call } from './call.js';
import type { Line } from './line.js';
import type { PlaceCallOptions } from './phone-context.js';
import type { CallTransferInfo } from './phone-types.js';

export interface TransfereeOptions {
  clock: Clock;
  logger: Logger;
  line(n: number): Line | undefined;
  placeCall(opts: PlaceCallOptions): Promise<Call>;
}

/**
 * After a successful transfer the transferor hangs up (RFC 5589 §6.1); a
 * transferor that does not is hung up on after this long, so the old call
 * does not linger beside the new one.
 */
export const TRANSFEREE_BYE_WAIT_MS = 2000;

/**
 * The transferee's side (RFC 3515 §2.4.2, RFC 5589): the far end of a call
 * sends REFER; we accept (202, NOTIFY 100), place the call to the Refer-To
 * URI (with its Replaces and the Referred-By, RFC 3891 §4 / RFC 3892), report
 * that call's progress in NOTIFYs (18x, then 200 or the failure) and, once it
 * is up, end the old call. The new call is the one the user talks on (it gets
 * the handset); the old one usually is on hold by the transferor already.
 * A second REFER while one is being carried out is declined (603).
 */
export class Transferee {
  constructor(private readonly opts: TransfereeOptions) {}

  /** Accept transfers on this call from now on. */
  follow(call: Call): void {
    call.session.events.on('refer', (refer) => void this.onRefer(call, refer));
  }

  private async onRefer(call: Call, refer: IncomingRefer): Promise<void> {
    const running = call.snapshot().transfer;
    const line = this.opts.line(call.line);
    if ((running?.role === 'transferee' && (running.state === 'trying' || running.state === 'ringing')) || !line) {
      refer.decline(603);
      return;
    }
    refer.accept();
    const info: CallTransferInfo = { role: 'transferee', state: 'trying', target: formatUri(refer.target.uri) };
    call.setTransfer(info);
    this.opts.logger.info('transferred by the far end', { callId: call.id, target: info.target, attended: refer.target.replaces !== undefined });
    let next: Call;
    try {
      next = await this.opts.placeCall({
        line,
        uri: refer.target.uri,
        ...(refer.target.replaces ? { replaces: refer.target.replaces } : {}),
        ...(refer.referredByText ? { referredBy: refer.referredByText } : {}),
      });
    } catch (err) {
      call.setTransfer({ ...info, state: 'failed', reason: (err as Error).message });
      void refer.notify(503, 'Service Unavailable');
      return;
    }
    const withCall = { ...info, newCall: next.id };
    call.setTransfer(withCall);
    const offProgress = next.session.events.on('progress', (status, reason) => {
      if (status <= 100) return;
      call.setTransfer({ ...withCall, state: 'ringing', status, reason });
      void refer.notify(status, reason, false);
    });
    const offChange = next.events.on('change', (now) => {
      if (now.state === 'connected') {
        done();
        call.setTransfer({ ...withCall, state: 'succeeded', status: 200, reason: 'OK' });
        void refer.notify(200, 'OK').then(() => this.endOldCall(call));
      } else if (now.state === 'ended') {
        done();
        const status = next.session.ended?.status ?? 500;
        const reason = (next.session.ended?.reason ?? 'Server Internal Error').replace(/^\d{3} /, '');
        call.setTransfer({ ...withCall, state: 'failed', status, reason });
        void refer.notify(status >= 300 ? status : 500, reason);
      }
    });
    function done(): void {
      offProgress();
      offChange();
    }
  }

  private endOldCall(call: Call): void {
    this.opts.clock.setTimer(TRANSFEREE_BYE_WAIT_MS, () => {
      if (call.state === 'ended') return;
      this.opts.logger.info('transferor did not hang up: ending the old call', { callId: call.id });
      void call.session.hangup().catch(() => undefined);
    });
  }
}
