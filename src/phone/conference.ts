import type { Logger } from '../base/index.js';
import { ConferenceBridge, NullAudioDevice, type AudioDevice, type MediaClock, type MediaStream } from '../media/index.js';
import type { Call } from './call.js';
import type { HandsetConference } from './line-switching.js';

/** The manual's 3-way conference: the handset and two far ends. */
export const CONFERENCE_MAX_CALLS = 2;

/**
 * The phone's local conference (manual §4 "3-way Conference"): its calls'
 * streams mixed by a ConferenceBridge at 16 kHz, mix-minus, with the handset
 * as the local party. This class only keeps the bridge and the member list in
 * step; conference-control.ts decides who joins and what ending does.
 */
export class LocalConference implements HandsetConference {
  private readonly bridge: ConferenceBridge;
  private readonly calls: Call[] = [];
  /** Each member's stream as it joined (a call drops its stream when it ends). */
  private readonly streams = new Map<Call, MediaStream>();
  /** The local user hung up (conference exit by transfer): the bridge runs on without the handset. */
  localLeft = false;

  constructor(mediaClock: MediaClock, logger: Logger) {
    this.bridge = new ConferenceBridge({ mediaClock, maxLegs: CONFERENCE_MAX_CALLS, logger });
  }

  get members(): readonly Call[] {
    return this.calls;
  }

  has(call: Call): boolean {
    return this.calls.includes(call);
  }

  /** Put a call with running media into the mix. */
  join(call: Call): { ok: true } | { ok: false; reason: string } {
    const stream = call.mediaStream;
    if (!stream) return { ok: false, reason: `call ${call.id} has no audio yet` };
    if (this.calls.length >= CONFERENCE_MAX_CALLS) return { ok: false, reason: 'the conference is full (3-way)' };
    // mark the call first: from now on line switching leaves its stream's device to the bridge
    call.setConference([...this.calls.map((c) => c.id), call.id]);
    const added = this.bridge.addLeg(stream);
    if (!added.ok) {
      call.setConference(undefined);
      return { ok: false, reason: `cannot join (${added.reason})` };
    }
    this.calls.push(call);
    this.streams.set(call, stream);
    this.announce();
    return { ok: true };
  }

  /** Take a call out of the mix (it ended, or another call took its place). */
  leave(call: Call): void {
    const stream = this.streams.get(call);
    if (!stream) return;
    this.bridge.removeLeg(stream, new NullAudioDevice());
    this.streams.delete(call);
    this.calls.splice(this.calls.indexOf(call), 1);
    call.setConference(undefined);
    this.announce();
  }

  setHandset(device: AudioDevice | null): void {
    const next = this.localLeft ? null : device;
    if ((this.bridge.localDevice ?? null) !== next) this.bridge.setLocalDevice(next);
  }

  /** End the mix: every call leaves (their devices are set again by line switching). */
  close(): void {
    for (const call of [...this.calls]) this.leave(call);
    this.bridge.close();
  }

  /** Every member shows the member list (CallInfo.conference). */
  private announce(): void {
    const ids = this.calls.map((c) => c.id);
    for (const c of this.calls) c.setConference(ids);
  }
}
