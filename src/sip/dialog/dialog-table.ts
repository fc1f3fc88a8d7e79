import type { SipRequest, SipResponse } from '../message/index.js';
import type { Dialog, DialogId } from './dialog.js';

/**
 * Dialogs of one user agent keyed by dialog ID (RFC 3261 §12): Call-ID, local
 * tag, remote tag. Incoming requests match with local = To tag and remote =
 * From tag (§12.2.2); responses with local = From tag and remote = To tag.
 * A request with a To tag that matches nothing gets 481 from the caller.
 */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

export class DialogTable {
  private readonly byKey = new Map<string, Dialog>();

  get size(): number {
    return this.byKey.size;
  }

  add(dialog: Dialog): void {
    this.byKey.set(dialogKey(dialog.id), dialog);
  }

  remove(dialog: Dialog): boolean {
    const key = dialogKey(dialog.id);
    if (this.byKey.get(key) !== dialog) return false;
    return this.byKey.delete(key);
  }

  get(id: DialogId): Dialog | undefined {
    return this.byKey.get(dialogKey(id));
  }

  /** The dialog an incoming request belongs to (§12.2.2), or undefined. */
  matchRequest(req: SipRequest): Dialog | undefined {
    const localTag = req.toTag;
    const remoteTag = req.fromTag;
    if (!localTag || remoteTag === undefined) return undefined;
    return this.get({ callId: req.callId, localTag, remoteTag });
  }

  /** The dialog a response to our request belongs to, or undefined. */
  matchResponse(res: SipResponse): Dialog | undefined {
    const localTag = res.fromTag;
    const remoteTag = res.toTag;
    if (!localTag || !remoteTag) return undefined;
    return this.get({ callId: res.callId, localTag, remoteTag });
  }

  /** Every dialog with this Call-ID and local tag: the forks of one INVITE. */
  forks(callId: string, localTag: string): Dialog[] {
    return [...this.byKey.values()].filter((d) => d.id.callId === callId && d.id.localTag === localTag);
  }

  values(): IterableIterator<Dialog> {
    return this.byKey.values();
  }
}
