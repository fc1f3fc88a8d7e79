import type { DialogInfo, DialogInfoDialog } from './dialog-info.js';

/**
 * From dialog-info documents (RFC 4235) to the BLF lamp of one watched
 * extension: the manual's "Yellow-green, steady: idle", "Red, steady: busy",
 * and flashing while it rings.
 */
export type BlfState = 'idle' | 'ringing' | 'busy';

/**
 * The lamp for a set of dialogs. A dialog being set up towards the entity
 * (trying/proceeding/early as recipient, or with no direction: PBXs that leave
 * it out mean an incoming call) rings, and ringing wins over busy so a call
 * waiting can still be picked up; a confirmed dialog, or one the entity is
 * placing (initiator), is busy; terminated dialogs count for nothing.
 */
export function blfStateOf(dialogs: Iterable<DialogInfoDialog>): BlfState {
  let busy = false;
  for (const d of dialogs) {
    if (d.state === 'terminated') continue;
    if (d.state === 'confirmed' || d.direction === 'initiator') busy = true;
    else return 'ringing';
  }
  return busy ? 'busy' : 'idle';
}

export type DialogInfoOutcome =
  | {
      kind: 'applied';
      state: BlfState;
      changed: boolean;
      /** A partial document skipped versions: ask for full state (refresh the subscription). */
      gap: boolean;
    }
  | { kind: 'ignored'; reason: string };

/**
 * The dialogs of one subscription, kept coherent the way RFC 4235 §4.1 says:
 * versions count up per subscription and an older one is discarded; a full
 * document replaces what we know, a partial one updates dialogs by id, and a
 * partial one that skips a version leaves a hole only full state can fill.
 * A full document repeating the last version is taken (it can only be a
 * duplicate, and some notifiers never increase the version).
 */
export class DialogInfoTracker {
  private version: number | undefined;
  private readonly dialogs = new Map<string, DialogInfoDialog>();
  private current: BlfState = 'idle';

  /** At most this many live dialogs are kept (the oldest go first): the notifier is not trusted. */
  constructor(private readonly maxDialogs = 32) {}

  get state(): BlfState {
    return this.current;
  }

  /** The last version taken, or undefined before the first document. */
  get knownVersion(): number | undefined {
    return this.version;
  }

  /** Live (not terminated) dialogs, oldest first. */
  list(): DialogInfoDialog[] {
    return [...this.dialogs.values()];
  }

  /** A new subscription starts counting versions again (§4.1). */
  reset(): void {
    this.version = undefined;
    this.dialogs.clear();
    this.current = 'idle';
  }

  apply(doc: DialogInfo): DialogInfoOutcome {
    const last = this.version;
    if (last !== undefined && (doc.version < last || (doc.version === last && doc.state === 'partial'))) {
      return { kind: 'ignored', reason: `version ${doc.version} is older than ${last}` };
    }
    const gap = doc.state === 'partial' && (last === undefined || doc.version > last + 1);
    if (doc.state === 'full') this.dialogs.clear();
    for (const d of doc.dialogs) {
      this.dialogs.delete(d.id); // re-insert so the map stays in age order
      if (d.state !== 'terminated') this.dialogs.set(d.id, d);
    }
    for (const id of this.dialogs.keys()) {
      if (this.dialogs.size <= this.maxDialogs) break;
      this.dialogs.delete(id);
    }
    this.version = doc.version;
    const before = this.current;
    this.current = blfStateOf(this.dialogs.values());
    return { kind: 'applied', state: this.current, changed: before !== this.current, gap };
  }
}
