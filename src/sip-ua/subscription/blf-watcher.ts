import { TypedEvents } from '../../base/index.js';
import { formatUri, makeUri, parseUri, type SipUri } from '../../sip/index.js';
import { DialogInfoTracker, type BlfState } from './blf-state.js';
import { DIALOG_INFO_TYPE, parseDialogInfo, type DialogInfoDialog } from './dialog-info.js';
import type { SubscriberStateDetail, SubscriptionNotify, SubscriptionOptions } from './subscribe-request.js';
import type { SubscriberState } from './subscriber-state.js';
import { Subscription } from './subscription.js';

/** What one line brings to every subscription it makes: identity, credentials, servers, period. */
export type SubscriptionLine = Omit<SubscriptionOptions, 'target' | 'event' | 'accept' | 'label'>;

/** 'unknown': no subscription state yet, or the subscription failed (the lamp goes dark). */
export type BlfLamp = BlfState | 'unknown';

export interface BlfLampDetail {
  /** Live dialogs of the extension (the remote party, for directed pickup). */
  dialogs: DialogInfoDialog[];
  /** Why the lamp went unknown. */
  reason?: string;
}

export type BlfWatcherEvents = {
  lamp: [extension: string, lamp: BlfLamp, detail: BlfLampDetail];
  /** A NOTIFY body we could not use (answered 200 all the same), with why. */
  ignored: [extension: string, reason: string];
};

interface Watched {
  subscription: Subscription;
  tracker: DialogInfoTracker;
  lamp: BlfLamp;
  off: Array<() => void>;
}

/**
 * BLF keys (the manual's "Asterisk BLF" key mode): one dialog-package
 * subscription (RFC 4235, Event: dialog) per watched extension, each turned
 * into an idle / ringing / busy lamp with change events.
 */
export class BlfWatcher {
  readonly events = new TypedEvents<BlfWatcherEvents>();
  private readonly watchedMap = new Map<string, Watched>();

  constructor(private readonly line: SubscriptionLine) {}

  /** Start watching `extension` ("1003", or a full "sip:1003@pbx" URI). A second call is a no-op. */
  watch(extension: string): void {
    if (this.watchedMap.has(extension)) return;
    const target = this.targetOf(extension);
    const subscription = new Subscription({
      ...this.line,
      target,
      event: 'dialog',
      accept: [DIALOG_INFO_TYPE],
      label: `BLF ${extension}`,
    });
    const w: Watched = { subscription, tracker: new DialogInfoTracker(), lamp: 'unknown', off: [] };
    this.watchedMap.set(extension, w);
    w.off.push(
      subscription.events.on('state', (state, detail) => this.onState(extension, w, state, detail)),
      subscription.events.on('notify', (n) => this.onNotify(extension, w, n)),
    );
    subscription.start();
  }

  async unwatch(extension: string): Promise<void> {
    const w = this.watchedMap.get(extension);
    if (!w) return;
    this.watchedMap.delete(extension);
    for (const off of w.off) off();
    await w.subscription.stop();
  }

  /** Un-SUBSCRIBE everything. */
  async stop(): Promise<void> {
    await Promise.all([...this.watchedMap.keys()].map((e) => this.unwatch(e)));
  }

  lamp(extension: string): BlfLamp | undefined {
    return this.watchedMap.get(extension)?.lamp;
  }

  /** The subscription behind a lamp (its state, for status pages). */
  subscription(extension: string): Subscription | undefined {
    return this.watchedMap.get(extension)?.subscription;
  }

  watched(): string[] {
    return [...this.watchedMap.keys()];
  }

  private targetOf(extension: string): SipUri {
    const full = extension.includes(':') ? parseUri(extension) : extension.includes('@') ? parseUri(`sip:${extension}`) : undefined;
    return full ?? makeUri({ user: extension, host: this.line.domain });
  }

  private onState(extension: string, w: Watched, state: SubscriberState, detail: SubscriberStateDetail): void {
    // versions count per subscription (RFC 4235 §4.1): a new one starts afresh
    if (state === 'subscribing') w.tracker.reset();
    // A failed subscription, or one ended for good, says nothing about the
    // extension any more; one ended with a retry planned keeps its last lamp
    // until the new subscription reports.
    if (state === 'failed' || (state === 'terminated' && detail.retryInMs === undefined)) {
      this.setLamp(extension, w, 'unknown', detail.reason);
    }
  }

  private onNotify(extension: string, w: Watched, n: SubscriptionNotify): void {
    if (n.body.length === 0) {
      // a NOTIFY without a document (pending, or a notifier that knows of no dialog yet)
      if (n.subscriptionState.state === 'active' && w.tracker.knownVersion === undefined) this.setLamp(extension, w, 'idle');
      return;
    }
    if (n.contentType !== DIALOG_INFO_TYPE) return this.ignore(extension, `content type ${n.contentType ?? 'missing'}`);
    const doc = parseDialogInfo(n.body);
    if (!doc.ok) return this.ignore(extension, doc.reason);
    const out = w.tracker.apply(doc.value);
    if (out.kind === 'ignored') return this.ignore(extension, out.reason);
    // §4.1: a hole in a partial sequence is filled by a full document, which a refresh brings
    if (out.gap) w.subscription.refreshNow(`dialog-info version gap at ${doc.value.version}`);
    this.setLamp(extension, w, out.state);
  }

  private ignore(extension: string, reason: string): void {
    this.line.core.logger.info('BLF NOTIFY ignored', { extension, reason });
    this.events.emit('ignored', extension, reason);
  }

  private setLamp(extension: string, w: Watched, lamp: BlfLamp, reason?: string): void {
    const detail: BlfLampDetail = { dialogs: w.tracker.list(), ...(reason ? { reason } : {}) };
    if (w.lamp === lamp) return;
    w.lamp = lamp;
    this.line.core.logger.debug(`BLF ${extension} ${lamp}`, { target: formatUri(w.subscription.target) });
    this.events.emit('lamp', extension, lamp, detail);
  }
}
