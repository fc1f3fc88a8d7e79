import {
  PagingListener,
  PagingSender,
  isMulticastAddress,
  type PageEndReason,
  type PageEvent,
  type PagingGroup,
  type PagingTarget,
} from '../../media/index.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import type { PhoneFeature } from '../phone-feature.js';
import type { PhoneStatus, PagingStatus } from '../phone-types.js';
import { serviceHub } from './service-hub.js';

/** Manual §7 Network > Paging Setting: Paging1..Paging5. */
const PAGING_SLOTS = 5;

interface Sending {
  sender: PagingSender;
  target: PagingTarget;
  keyId: string | undefined;
  undoIgnore: (() => void) | undefined;
}

/**
 * Multicast paging (manual §7 "Paging Setting ... priority is follow the
 * serial number, one is highest"; feature list "Paging"):
 *
 * - listening: a PagingListener on the enabled `paging.<n>` groups, played on
 *   the handset device; group n has priority n. Pages and calls follow the
 *   media layer's rule (paging-priority.ts): a call in progress (dialling,
 *   ringing, talking; not a held call) keeps pages out, and a page still
 *   going when the call ends is heard. The groups follow the settings live.
 * - sending: a Paging key (or the API) sends the handset microphone as RTP to
 *   its group until pressed again (toggle). The listener ignores our own
 *   SSRC. A page is not started during a call: the microphone belongs to it.
 */
export class PagingFeature implements PhoneFeature {
  readonly name = 'paging';
  private listener: PagingListener | undefined;
  private sending: Sending | undefined;
  private offs: Array<() => void> = [];

  constructor(private readonly ctx: PhoneContext) {
    serviceHub(ctx).paging = this;
  }

  async start(): Promise<void> {
    const listener = new PagingListener({
      clock: this.ctx.clock,
      mediaClock: this.ctx.mediaClock,
      sockets: this.ctx.sockets,
      device: this.ctx.device,
      groups: this.groups(),
      ...this.interfaceOption(),
      logger: this.ctx.logger.child({ layer: 'paging' }),
    });
    this.listener = listener;
    this.offs.push(
      listener.events.on('page-start', (p: PageEvent) => this.emitHeard(p, true)),
      listener.events.on('page-end', (p: PageEvent, why: PageEndReason) => this.emitHeard(p, false, why)),
      this.ctx.events.on('call', () => listener.setCallActive(this.callInProgress())),
      this.ctx.settings.events.on('changed', (changes) => {
        if (changes.some((c) => c.key.startsWith('paging.'))) void this.applyGroups();
      }),
    );
    await this.applyGroups(listener.start());
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.stopSending();
    this.listener?.stop();
    this.listener = undefined;
  }

  decorateStatus(status: PhoneStatus): void {
    const s: PagingStatus = {};
    if (this.sending) s.sending = { ...this.sending.target };
    const heard = this.listener?.current;
    if (heard) s.hearing = { group: heard.group.priority, address: heard.group.address, port: heard.group.port, barge: heard.barge };
    status.paging = s;
  }

  /** The key whose page is on the air. */
  get sendingKey(): string | undefined {
    return this.sending?.keyId;
  }

  /** The enabled, complete groups of the settings, Paging1 first. */
  groups(): PagingGroup[] {
    const out: PagingGroup[] = [];
    for (let n = 1; n <= PAGING_SLOTS; n++) {
      const address = String(this.ctx.setting(`paging.${n}.address`) ?? '');
      const port = Number(this.ctx.setting(`paging.${n}.port`));
      if (this.ctx.setting(`paging.${n}.enabled`) !== true || !isMulticastAddress(address) || !(port > 0)) continue;
      out.push({ priority: n, address, port, label: `Paging${n}` });
    }
    return out;
  }

  /**
   * Start paging `target`, or stop when it is already on the air (the Paging
   * key toggles). Returns whether a page is now being sent.
   */
  async toggle(target: PagingTarget, keyId?: string): Promise<boolean> {
    const was = this.sending;
    if (was) {
      this.stopSending();
      if (was.target.address === target.address && was.target.port === target.port) return false;
    }
    const talking = this.ctx.calls().some((c) => c.state === 'connected' || c.state === 'early');
    if (talking) throw new PhoneError('PHONE_BAD_STATE', 'a call has the microphone: hold or end it before paging');
    const sender = new PagingSender({
      clock: this.ctx.clock,
      mediaClock: this.ctx.mediaClock,
      sockets: this.ctx.sockets,
      target,
      device: this.ctx.device,
      ...this.interfaceOption(),
      logger: this.ctx.logger.child({ layer: 'paging' }),
    });
    const sending: Sending = { sender, target, keyId, undoIgnore: undefined };
    this.sending = sending;
    await sender.start();
    if (this.sending !== sending) return false;
    if (sender.ssrc !== undefined) sending.undoIgnore = this.listener?.ignoreSource(sender.ssrc);
    this.ctx.events.emit('paging', { direction: 'send', active: true, address: target.address, port: target.port });
    return true;
  }

  stopSending(): void {
    const s = this.sending;
    if (!s) return;
    this.sending = undefined;
    s.sender.stop();
    s.undoIgnore?.();
    this.ctx.events.emit('paging', { direction: 'send', active: false, address: s.target.address, port: s.target.port });
  }

  /**
   * A Paging key's number: "224.0.1.75:5004" (also as "sip:224.0.1.75:5004", as
   * FusionPBX writes it, or "[ff02::1]:5004"), or "1".."5" for a Paging group slot.
   */
  targetOf(number: string): PagingTarget {
    const text = number.trim().replace(/^sips?:/i, '');
    if (/^[1-5]$/.test(text)) {
      const address = String(this.ctx.setting(`paging.${text}.address`) ?? '');
      const port = Number(this.ctx.setting(`paging.${text}.port`));
      if (!isMulticastAddress(address) || !(port > 0)) throw new PhoneError('PHONE_BAD_TARGET', `Paging${text} has no group address and port`);
      return { address, port };
    }
    const m = /^(?:\[([0-9a-fA-F:]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
    const address = m?.[1] ?? m?.[2];
    const port = Number(m?.[3]);
    if (!address || !isMulticastAddress(address) || !(port > 0 && port < 65536)) {
      throw new PhoneError('PHONE_BAD_TARGET', `"${number}" is not a paging group (multicast address:port, or a Paging slot 1-5)`);
    }
    return { address, port };
  }

  private async applyGroups(started?: Promise<Array<{ group: PagingGroup; error: string }>>): Promise<void> {
    const failures = await (started ?? this.listener?.setGroups(this.groups()) ?? Promise.resolve([]));
    for (const f of failures) this.ctx.logger.warn('paging group not joined', { group: f.group.label, error: f.error });
  }

  /** Dialling, ringing or talking; a held call leaves the speaker to pages. */
  private callInProgress(): boolean {
    return this.ctx.calls().some((c) => c.state === 'dialing' || c.state === 'ringing' || c.state === 'early' || c.state === 'connected');
  }

  /** Multicast leaves and joins on the interface of the phone's address, unless it listens on all. */
  private interfaceOption(): { interfaceAddress?: string } {
    const a = this.ctx.config().bindAddress;
    return a === '0.0.0.0' || a === '::' || a === '' ? {} : { interfaceAddress: a };
  }

  private emitHeard(p: PageEvent, active: boolean, reason?: string): void {
    const g = p.group;
    this.ctx.events.emit('paging', { direction: 'receive', active, address: g.address, port: g.port, group: g.priority, ...(reason ? { reason } : {}) });
  }
}
