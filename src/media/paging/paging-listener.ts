/**
 * Listens for pages on up to five multicast groups (the manual's Paging1..5)
 * and plays the one that matters (paging-priority.ts) on the speaker device.
 *
 *          first packet on a group              no packet for endAfterMs
 *   idle ─────────────────────────> playing G ─────────────────────────> idle
 *                                     │   ^
 *      packet on a higher group H     │   │  H ends, G still going
 *      (or a call, G may not barge)   v   │
 *                                   playing H / silent for the call
 *
 * Every group's packets are decoded while it is active, heard or not, so a
 * page interrupted by a higher one comes back where it is now, not where it
 * was. The listener ticks the media clock only while some group is active:
 * an idle phone with paging configured costs no timer.
 *
 * Events: 'page-start' when a group starts being heard, 'page-end' with why
 * it stopped ('timeout': packets stopped; 'preempted': a higher group; 'call':
 * a call started and the group may not barge in; 'removed'/'stopped').
 */
import { TypedEvents, nullLogger, type Clock, type Logger, type SocketFactory, type UdpSocket } from '../../base/index.js';
import type { AudioDevice } from '../audio-device.js';
import { newFrame } from '../audio-format.js';
import type { AudioCodec } from '../codec.js';
import { g722Codec } from '../codecs/g722.js';
import { pcmaCodec, pcmuCodec } from '../codecs/g711.js';
import type { JitterSettings } from '../jitter-buffer.js';
import type { MediaClock } from '../media-clock.js';
import { orderPagingGroups, pagingGroupName, type PagingGroup } from './paging-group.js';
import { PagingGroupReceiver, type PagingGroupStats } from './paging-group-receiver.js';
import { choosePage, mayBargeIn, type PagingPolicy } from './paging-priority.js';

export interface PagingListenerOptions {
  clock: Clock;
  mediaClock: MediaClock;
  sockets: SocketFactory;
  /** The speaker pages are played on. */
  device: AudioDevice;
  groups?: readonly PagingGroup[];
  /** A page ends after this long without a packet (default 500 ms). */
  endAfterMs?: number;
  /** See paging-priority.ts; default 0: a call always wins. */
  bargeInPriority?: number;
  /** Interface (its address) to join the groups on; the kernel's choice when absent. */
  interfaceAddress?: string;
  /**
   * Bind each group's socket to the group address (default true), so a
   * socket gets only its own group's packets even when groups share a port
   * (Linux; elsewhere bind the wildcard with false).
   */
  bindToGroup?: boolean;
  /** Codecs accepted, by static payload type (default PCMU, PCMA, G.722). */
  codecs?: readonly AudioCodec[];
  jitter?: JitterSettings;
  logger?: Logger;
}

export interface PageEvent {
  group: PagingGroup;
  /** Heard over an active call (barge-in). */
  barge: boolean;
}

export type PageEndReason = 'timeout' | 'preempted' | 'call' | 'removed' | 'stopped';

export type PagingListenerEvents = {
  'page-start': [page: PageEvent];
  'page-end': [page: PageEvent, reason: PageEndReason];
};

export interface PagingJoinFailure {
  group: PagingGroup;
  error: string;
}

const DEFAULT_END_AFTER_MS = 500;

export class PagingListener {
  readonly events = new TypedEvents<PagingListenerEvents>();
  private readonly clock: Clock;
  private readonly mediaClock: MediaClock;
  private readonly sockets: SocketFactory;
  private readonly log: Logger;
  private readonly endAfterMs: number;
  private readonly policy: PagingPolicy;
  private readonly interfaceAddress: string | undefined;
  private readonly bindToGroup: boolean;
  private readonly codecs: Map<number, AudioCodec>;
  private readonly jitter: JitterSettings;
  private readonly ignored = new Set<number>();
  private device: AudioDevice;
  private receivers: PagingGroupReceiver[] = [];
  private readonly activity: Array<{ group: PagingGroup; active: boolean }> = [];
  private playing: PageEvent | undefined;
  private callActive = false;
  private removeTick: (() => void) | undefined;
  private stopped = false;
  private readonly frame = newFrame();
  /** setGroups calls run one after another. */
  private applying: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: PagingListenerOptions) {
    this.clock = opts.clock;
    this.mediaClock = opts.mediaClock;
    this.sockets = opts.sockets;
    this.device = opts.device;
    this.log = opts.logger ?? nullLogger;
    this.endAfterMs = opts.endAfterMs ?? DEFAULT_END_AFTER_MS;
    this.policy = { bargeInPriority: opts.bargeInPriority ?? 0 };
    this.interfaceAddress = opts.interfaceAddress;
    this.bindToGroup = opts.bindToGroup ?? true;
    this.jitter = opts.jitter ?? {};
    this.codecs = new Map();
    for (const c of opts.codecs ?? [pcmuCodec, pcmaCodec, g722Codec]) {
      if (c.staticPayloadType !== undefined) this.codecs.set(c.staticPayloadType, c);
    }
  }

  /** Join the configured groups. Groups that cannot be joined are returned, the others work. */
  start(): Promise<PagingJoinFailure[]> {
    return this.setGroups(this.opts.groups ?? []);
  }

  /** The group heard now, if any. */
  get current(): PageEvent | undefined {
    return this.playing;
  }

  get groups(): PagingGroup[] {
    return this.receivers.map((r) => r.group);
  }

  /**
   * Apply a new group list (the paging settings are live): groups no longer
   * listed are left, new ones joined, unchanged ones keep their socket.
   */
  setGroups(groups: readonly PagingGroup[]): Promise<PagingJoinFailure[]> {
    const run = this.applying.then(() => this.applyGroups(groups));
    this.applying = run.catch(() => undefined);
    return run;
  }

  private async applyGroups(groups: readonly PagingGroup[]): Promise<PagingJoinFailure[]> {
    if (this.stopped) return [];
    const wanted = orderPagingGroups(groups);
    const keyOf = (g: PagingGroup) => `${g.address.toLowerCase()}|${g.port}`;
    const keep = new Map(wanted.map((g) => [keyOf(g), g]));
    const next: PagingGroupReceiver[] = [];
    for (const r of this.receivers) {
      const g = keep.get(keyOf(r.group));
      if (g && g.priority === r.group.priority && g.label === r.group.label) {
        next.push(r);
        keep.delete(keyOf(g));
      } else {
        if (this.playing?.group === r.group) this.endPlaying('removed');
        r.close();
      }
    }
    const failures: PagingJoinFailure[] = [];
    for (const g of keep.values()) {
      const r = await this.join(g);
      if (typeof r === 'string') failures.push({ group: g, error: r });
      else next.push(r);
    }
    if (this.stopped) {
      for (const r of next) r.close();
      return failures;
    }
    next.sort((a, b) => a.group.priority - b.group.priority);
    this.receivers = next;
    this.activity.length = 0;
    for (const r of next) this.activity.push({ group: r.group, active: false });
    for (const f of failures) this.log.warn('paging group not joined', { group: pagingGroupName(f.group), error: f.error });
    return failures;
  }

  /** A call started or ended on this phone (see paging-priority.ts). */
  setCallActive(active: boolean): void {
    this.callActive = active;
  }

  /** Change the speaker pages are played on. */
  setDevice(device: AudioDevice): void {
    this.device = device;
  }

  /** Never play this SSRC (our own page, looped back); returns the undo. */
  ignoreSource(ssrc: number): () => void {
    this.ignored.add(ssrc >>> 0);
    return () => this.ignored.delete(ssrc >>> 0);
  }

  stats(): Array<{ group: PagingGroup } & PagingGroupStats> {
    return this.receivers.map((r) => ({ group: r.group, ...r.stats() }));
  }

  /** Leave every group. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.playing) this.endPlaying('stopped');
    this.detachTick();
    for (const r of this.receivers) r.close();
    this.receivers = [];
    this.activity.length = 0;
  }

  private async join(g: PagingGroup): Promise<PagingGroupReceiver | string> {
    const v6 = g.address.includes(':');
    const address = this.bindToGroup ? g.address : v6 ? '::' : '0.0.0.0';
    let socket: UdpSocket;
    try {
      socket = await this.sockets.bindUdp({ address, port: g.port, reuseAddr: true });
    } catch (err) {
      return `bind ${address}:${g.port}: ${(err as Error).message}`;
    }
    try {
      socket.addMembership(g.address, this.interfaceAddress);
    } catch (err) {
      socket.close();
      return `join ${g.address}: ${(err as Error).message}`;
    }
    this.log.debug('paging group joined', { group: pagingGroupName(g), address: g.address, port: g.port });
    return new PagingGroupReceiver({
      group: g,
      socket,
      clock: this.clock,
      codecs: this.codecs,
      jitter: this.jitter,
      ignored: this.ignored,
      onActivity: () => this.attachTick(),
    });
  }

  private onTick(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    let anyActive = false;
    for (let i = 0; i < this.receivers.length; i++) {
      const r = this.receivers[i]!;
      const last = r.lastPacketMs;
      const active = last !== undefined && now - last < this.endAfterMs;
      // A page that ended starts afresh next time (new talker, new timeline).
      if (!active && last !== undefined) r.reset();
      this.activity[i]!.active = active;
      anyActive ||= active;
    }
    const choice = choosePage(this.activity, this.callActive, this.policy);
    if (choice !== this.playing?.group) {
      if (this.playing) {
        const stillActive = this.activity.some((a) => a.group === this.playing!.group && a.active);
        this.endPlaying(!stillActive ? 'timeout' : choice ? 'preempted' : 'call');
      }
      if (choice) {
        this.playing = { group: choice, barge: this.callActive && mayBargeIn(choice, this.policy) };
        this.log.info('page heard', { group: pagingGroupName(choice), barge: this.playing.barge });
        this.events.emit('page-start', this.playing);
      }
    }
    for (let i = 0; i < this.receivers.length; i++) {
      if (!this.activity[i]!.active) continue;
      const r = this.receivers[i]!;
      r.tick(this.frame);
      if (r.group === this.playing?.group) this.device.writeFrame(this.frame);
    }
    if (!anyActive && !this.playing) this.detachTick();
  }

  private endPlaying(reason: PageEndReason): void {
    const page = this.playing!;
    this.playing = undefined;
    this.log.info('page ended', { group: pagingGroupName(page.group), reason });
    this.events.emit('page-end', page, reason);
  }

  private attachTick(): void {
    if (this.removeTick || this.stopped) return;
    this.removeTick = this.mediaClock.add(() => this.onTick());
  }

  private detachTick(): void {
    this.removeTick?.();
    this.removeTick = undefined;
  }
}
