/**
 * Multicast paging on the in-memory multicast network (fake-multicast-network.ts),
 * senders and a listener each on their own media clock, one virtual clock.
 * Proves, with the played audio checked by Goertzel:
 *  - a page to a group the phone listens to is played on its speaker, with
 *    'page-start', and ends with 'page-end' (timeout) endAfterMs after the
 *    last packet; the idle listener leaves the media clock;
 *  - priority: Paging1 interrupts Paging2 ('preempted'), Paging2 comes back
 *    when Paging1 ends; a lower group never interrupts a higher one;
 *  - an active call wins by default (page held back, heard when the call
 *    ends; a call starting ends the page with 'call'); with bargeInPriority
 *    only groups at or above it barge in, flagged `barge`;
 *  - the phone's own page (its SSRC) is ignored; a second talker on a busy
 *    group waits; G.722 pages decode; the sender's TTL, interface, codec and
 *    packet size are as configured;
 *  - groups change live (a removed playing group ends with 'removed'), a
 *    group that cannot be joined is reported while the others work, and a
 *    group that is not multicast is refused.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import {
  FRAME_SAMPLES,
  MediaClock,
  PagingListener,
  PagingSender,
  ToneAudioDevice,
  choosePage,
  g722Codec,
  parseRtpHeader,
  newRtpHeader,
  toneRatio,
  type AudioCodec,
  type AudioDevice,
  type PageEndReason,
  type PageEvent,
  type PagingGroup,
  type PagingListenerOptions,
} from '../../../src/media/index.js';
import { FakeMulticastNetwork, type FakeMulticastSocket } from './fake-multicast-network.js';

const G1: PagingGroup = { priority: 1, address: '239.10.0.1', port: 5001 };
const G2: PagingGroup = { priority: 2, address: '239.10.0.2', port: 5002 };
const G3: PagingGroup = { priority: 3, address: '239.10.0.3', port: 5003 };

/** The listener's speaker: every frame played, with when. */
class Speaker implements AudioDevice {
  readonly name = 'speaker';
  readonly frames: Array<{ at: number; pcm: Int16Array }> = [];
  constructor(private readonly clock: VirtualClock) {}
  readFrame(): boolean {
    return false;
  }
  writeFrame(frame: Int16Array): void {
    this.frames.push({ at: this.clock.now(), pcm: frame.slice() });
  }
  close(): void {}
  /** Audio played in [from, to) ms. */
  between(from: number, to: number): Int16Array {
    const take = this.frames.filter((f) => f.at >= from && f.at < to);
    const out = new Int16Array(take.length * FRAME_SAMPLES);
    take.forEach((f, i) => out.set(f.pcm, i * FRAME_SAMPLES));
    return out;
  }
}

function world() {
  const clock = new VirtualClock();
  const net = new FakeMulticastNetwork(clock);
  const speaker = new Speaker(clock);
  const listenerClock = new MediaClock({ clock });
  const log: string[] = [];
  const listen = async (groups: PagingGroup[], extra: Partial<PagingListenerOptions> = {}) => {
    const l = new PagingListener({ clock, mediaClock: listenerClock, sockets: net, device: speaker, groups, ...extra });
    l.events.on('page-start', (p: PageEvent) => log.push(`start:${p.group.priority}${p.barge ? ':barge' : ''}`));
    l.events.on('page-end', (p: PageEvent, why: PageEndReason) => log.push(`end:${p.group.priority}:${why}`));
    const failures = await l.start();
    return { l, failures };
  };
  const page = async (target: PagingGroup, hz: number, opts: { codec?: AudioCodec; ttl?: number; interfaceAddress?: string } = {}) => {
    const s = new PagingSender({ clock, mediaClock: new MediaClock({ clock }), sockets: net, target, device: new ToneAudioDevice(hz), ...opts });
    await s.start();
    return s;
  };
  const ratio = (from: number, to: number, hz: number) => toneRatio(speaker.between(from, to), 16000, hz);
  return { clock, net, speaker, listenerClock, log, listen, page, ratio };
}

describe('PagingListener: one page', () => {
  it('plays a page on the speaker and ends it after endAfterMs of silence', async () => {
    const w = world();
    const { l } = await w.listen([G1], { endAfterMs: 500 });
    expect(w.listenerClock.handlerCount).toBe(0);
    const s = await w.page(G1, 700);
    w.clock.advance(1000);
    expect(w.log).toEqual(['start:1']);
    expect(l.current?.group).toEqual(G1);
    expect(w.ratio(300, 1000, 700)).toBeGreaterThan(0.9);
    s.stop();
    const stoppedAt = w.clock.now();
    w.clock.advance(440);
    expect(w.log).toEqual(['start:1']);
    w.clock.advance(100);
    expect(w.log).toEqual(['start:1', 'end:1:timeout']);
    expect(l.current).toBeUndefined();
    // Nothing more is played, and the idle listener costs no tick.
    const played = w.speaker.frames.length;
    w.clock.advance(1000);
    expect(w.speaker.frames.length).toBe(played);
    expect(w.listenerClock.handlerCount).toBe(0);
    expect(w.speaker.frames.at(-1)!.at).toBeLessThan(stoppedAt + 520);
    // A new page on the same group starts again.
    const again = await w.page(G1, 1100);
    w.clock.advance(600);
    expect(w.log).toEqual(['start:1', 'end:1:timeout', 'start:1']);
    expect(w.ratio(w.clock.now() - 300, w.clock.now(), 1100)).toBeGreaterThan(0.9);
    again.stop();
    l.stop();
  });

  it('decodes a G.722 page', async () => {
    const w = world();
    const { l } = await w.listen([G2]);
    const s = await w.page(G2, 1300, { codec: g722Codec });
    w.clock.advance(800);
    expect(w.ratio(300, 800, 1300)).toBeGreaterThan(0.9);
    s.stop();
    l.stop();
  });
});

describe('PagingListener: priority', () => {
  it('lets Paging1 interrupt Paging2, and Paging2 come back after', async () => {
    const w = world();
    const { l } = await w.listen([G2, G1], { endAfterMs: 300 });
    const low = await w.page(G2, 700);
    w.clock.advance(1000);
    const high = await w.page(G1, 1100);
    w.clock.advance(1000);
    high.stop();
    w.clock.advance(1000);
    low.stop();
    w.clock.advance(1000);
    expect(w.log).toEqual(['start:2', 'end:2:preempted', 'start:1', 'end:1:timeout', 'start:2', 'end:2:timeout']);
    expect(w.ratio(300, 1000, 700)).toBeGreaterThan(0.9);
    expect(w.ratio(1300, 2000, 1100)).toBeGreaterThan(0.9);
    expect(w.ratio(1300, 2000, 700)).toBeLessThan(0.01);
    expect(w.ratio(2500, 3000, 700)).toBeGreaterThan(0.9);
    l.stop();
  });

  it('does not let a lower group interrupt a higher one', async () => {
    const w = world();
    const { l } = await w.listen([G1, G3]);
    const high = await w.page(G1, 1100);
    w.clock.advance(500);
    const low = await w.page(G3, 700);
    w.clock.advance(1000);
    expect(w.log).toEqual(['start:1']);
    expect(w.ratio(600, 1500, 700)).toBeLessThan(0.01);
    expect(w.ratio(600, 1500, 1100)).toBeGreaterThan(0.9);
    high.stop();
    low.stop();
    l.stop();
  });
});

describe('PagingListener: pages and calls', () => {
  it('by default keeps a page off the speaker during a call and plays it after', async () => {
    const w = world();
    const { l } = await w.listen([G1, G2]);
    l.setCallActive(true);
    const s = await w.page(G1, 700);
    w.clock.advance(1000);
    expect(w.log).toEqual([]);
    expect(w.speaker.frames).toEqual([]);
    l.setCallActive(false);
    w.clock.advance(600);
    expect(w.log).toEqual(['start:1']);
    expect(w.ratio(1300, 1600, 700)).toBeGreaterThan(0.9);
    // A new call takes over again.
    l.setCallActive(true);
    w.clock.advance(100);
    expect(w.log).toEqual(['start:1', 'end:1:call']);
    s.stop();
    l.stop();
  });

  it('lets groups at or above bargeInPriority through a call, flagged barge', async () => {
    const w = world();
    const { l } = await w.listen([G1, G2], { bargeInPriority: 1 });
    l.setCallActive(true);
    const low = await w.page(G2, 700);
    w.clock.advance(500);
    expect(w.log).toEqual([]);
    const high = await w.page(G1, 1100);
    w.clock.advance(500);
    expect(w.log).toEqual(['start:1:barge']);
    expect(l.current?.barge).toBe(true);
    expect(w.ratio(700, 1000, 1100)).toBeGreaterThan(0.9);
    high.stop();
    low.stop();
    l.stop();
  });

  it('chooses by the same rules as a pure function', () => {
    const act = (g: PagingGroup, active = true) => ({ group: g, active });
    expect(choosePage([act(G3), act(G2), act(G1, false)], false, { bargeInPriority: 0 })).toBe(G2);
    expect(choosePage([act(G3), act(G2)], true, { bargeInPriority: 0 })).toBeUndefined();
    expect(choosePage([act(G3), act(G2)], true, { bargeInPriority: 5 })).toBe(G2);
    expect(choosePage([act(G3), act(G2, false)], true, { bargeInPriority: 2 })).toBeUndefined();
  });
});

describe('PagingListener: sources and groups', () => {
  it("ignores the phone's own page and holds a group for its first talker", async () => {
    const w = world();
    const { l } = await w.listen([G1]);
    const own = await w.page(G1, 500);
    l.ignoreSource(own.ssrc!);
    w.clock.advance(500);
    expect(w.log).toEqual([]);
    expect(l.stats()[0]!.ignored).toBeGreaterThan(20);
    const first = await w.page(G1, 700);
    w.clock.advance(300);
    const second = await w.page(G1, 1100);
    w.clock.advance(700);
    expect(w.ratio(600, 1000, 700)).toBeGreaterThan(0.9);
    expect(l.stats()[0]!.wrongSource).toBeGreaterThan(20);
    // The first talker stops: the second takes the group within the page.
    first.stop();
    w.clock.advance(800);
    expect(w.log).toEqual(['start:1']);
    expect(w.ratio(2000, 2300, 1100)).toBeGreaterThan(0.9);
    for (const s of [own, second]) s.stop();
    l.stop();
  });

  it('sends PCMU RTP with the TTL and interface asked for', async () => {
    const w = world();
    const s = await w.page(G1, 700, { ttl: 4, interfaceAddress: '10.0.0.5' });
    const sock = w.net.sockets.find((x) => x.local.port >= 50_000) as FakeMulticastSocket;
    expect(sock.ttl).toBe(4);
    expect(sock.multicastInterface).toBe('10.0.0.5');
    const got: Buffer[] = [];
    const probe = await w.net.bindUdp({ address: G1.address, port: G1.port, reuseAddr: true });
    probe.addMembership(G1.address);
    probe.onMessage((d) => got.push(d));
    w.clock.advance(200);
    expect(got.length).toBe(10);
    const h = newRtpHeader();
    expect(parseRtpHeader(got[0]!, h)).toBe('ok');
    expect(h.payloadType).toBe(0);
    expect(h.payloadLength).toBe(160);
    expect(s.stats().packetsSent).toBeGreaterThanOrEqual(10);
    s.stop();
    expect(sock.closed).toBe(true);
    const d = await w.page(G2, 700);
    expect((w.net.sockets.find((x) => x.local.port >= 50_000 && !x.closed) as FakeMulticastSocket).ttl).toBe(1);
    d.stop();
  });

  it('applies new groups live and reports a group it cannot join', async () => {
    const w = world();
    w.net.failJoin.add(G3.address);
    const { l, failures } = await w.listen([G1, G2, G3], { interfaceAddress: '10.0.0.9' });
    expect(failures.map((f) => f.group)).toEqual([G3]);
    expect(l.groups).toEqual([G1, G2]);
    const joined = w.net.sockets.filter((s) => s.memberships.size > 0);
    expect(joined.map((s) => s.local.address).sort()).toEqual([G1.address, G2.address]);
    expect(joined.every((s) => s.membershipInterfaces[0] === '10.0.0.9')).toBe(true);
    const s = await w.page(G2, 700);
    w.clock.advance(500);
    expect(w.log).toEqual(['start:2']);
    await l.setGroups([G1]);
    expect(w.log).toEqual(['start:2', 'end:2:removed']);
    expect(w.net.sockets.some((x) => x.local.address === G2.address)).toBe(false);
    w.clock.advance(500);
    expect(w.log).toEqual(['start:2', 'end:2:removed']);
    // Moving a group to another slot rejoins it with its new priority.
    await l.setGroups([G1, { ...G2, priority: 4 }]);
    w.clock.advance(500);
    expect(w.log.at(-1)).toBe('start:4');
    s.stop();
    l.stop();
    expect(w.log.at(-1)).toBe('end:4:stopped');
    expect(w.net.sockets.filter((x) => x.memberships.size > 0)).toEqual([]);
  });

  it('refuses a group that is not multicast and keeps one of two identical slots', async () => {
    const w = world();
    await expect(w.listen([{ priority: 1, address: '10.1.1.1', port: 5000 }])).rejects.toThrow(/not a multicast group/);
    await expect(w.listen([{ priority: 1, address: '239.1.1.1', port: 0 }])).rejects.toThrow(/not a UDP port/);
    const { l } = await w.listen([{ ...G1, priority: 3 }, G1]);
    expect(l.groups).toEqual([G1]);
    l.stop();
  });
});
