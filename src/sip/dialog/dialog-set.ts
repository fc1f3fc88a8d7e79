import type { SipRequest, SipResponse } from '../message/index.js';
import { Dialog, type DialogOptions } from './dialog.js';
import type { DialogTable } from './dialog-table.js';

/**
 * The dialogs one outgoing INVITE creates (RFC 3261 §12.1.2, §13.2.2.4). A
 * forking proxy can bring 1xx with different To tags: one early dialog each.
 * The first 2xx wins: its dialog is confirmed and the other early dialogs end.
 * A 2xx from another fork after that still makes a confirmed dialog, reported
 * as 'extra-2xx' so the UA ACKs it and then sends BYE (§13.2.2.4). A non-2xx
 * final response ends every early dialog (§12.3).
 */
export type ForkEvent =
  /** 100, a 1xx without To tag, or a response to another request. */
  | { kind: 'ignored'; reason: 'no-to-tag' | 'not-this-invite' | 'no-contact' | 'after-failure' | 'late-provisional' }
  | { kind: 'early'; dialog: Dialog; created: boolean }
  | { kind: 'confirmed'; dialog: Dialog; created: boolean; endedEarly: Dialog[] }
  | { kind: 'extra-2xx'; dialog: Dialog }
  | { kind: 'failed'; endedEarly: Dialog[] };

export class DialogSet {
  private readonly dialogs = new Map<string, Dialog>();
  private winnerDialog: Dialog | undefined;
  private failed = false;

  constructor(
    readonly invite: SipRequest,
    private readonly table?: DialogTable,
    private readonly opts: DialogOptions = {},
  ) {}

  get winner(): Dialog | undefined {
    return this.winnerDialog;
  }

  earlyDialogs(): Dialog[] {
    return [...this.dialogs.values()].filter((d) => d.state === 'early');
  }

  onResponse(res: SipResponse): ForkEvent {
    const cseq = res.cseq;
    const inviteCseq = this.invite.cseq;
    if (
      res.callId !== this.invite.callId ||
      res.fromTag !== this.invite.fromTag ||
      cseq?.method !== 'INVITE' ||
      cseq.seq !== inviteCseq?.seq
    ) {
      return { kind: 'ignored', reason: 'not-this-invite' };
    }
    if (res.status >= 300) return this.onFailure();
    if (this.failed) return { kind: 'ignored', reason: 'after-failure' };
    const tag = res.toTag;
    if (!tag || res.status === 100) return { kind: 'ignored', reason: 'no-to-tag' };

    let dialog = this.dialogs.get(tag);
    let created = false;
    // a fork whose early dialog we ended can still answer 2xx: it needs a live
    // dialog so the UA can ACK and BYE it
    if (dialog?.state === 'terminated' && res.status >= 200) dialog = undefined;
    if (!dialog) {
      const made = Dialog.fromUacResponse(this.invite, res, this.opts);
      if (!made.ok) return { kind: 'ignored', reason: made.reason === 'no-contact' ? 'no-contact' : 'no-to-tag' };
      dialog = made.value;
      created = true;
      this.dialogs.set(tag, dialog);
      this.table?.add(dialog);
    } else if (dialog.state !== 'terminated') {
      dialog.updateFromResponse(res);
    }

    if (res.status < 200) {
      return dialog.state === 'early' ? { kind: 'early', dialog, created } : { kind: 'ignored', reason: 'late-provisional' };
    }
    if (this.winnerDialog && this.winnerDialog !== dialog) return { kind: 'extra-2xx', dialog };
    if (this.winnerDialog === dialog && !created) {
      // a retransmitted 2xx: the UA re-sends its ACK (§13.2.2.4)
      return { kind: 'confirmed', dialog, created: false, endedEarly: [] };
    }
    this.winnerDialog = dialog;
    const endedEarly: Dialog[] = [];
    for (const other of this.dialogs.values()) {
      if (other !== dialog && other.state === 'early') {
        other.terminate('another fork answered');
        this.table?.remove(other);
        endedEarly.push(other);
      }
    }
    return { kind: 'confirmed', dialog, created, endedEarly };
  }

  private onFailure(): ForkEvent {
    this.failed = true;
    const endedEarly: Dialog[] = [];
    for (const d of this.dialogs.values()) {
      if (d.state === 'early') {
        d.terminate('INVITE failed');
        this.table?.remove(d);
        endedEarly.push(d);
      }
    }
    return { kind: 'failed', endedEarly };
  }
}
