/**
 * CPU of the local conference mixer per 20 ms frame, against the DESIGN.md §5
 * media budget ("one G.711 call leg <= 0.2 % of a core" = 40 µs per frame).
 * Run: `npx tsx bench/media-mixer.ts [frames=50000]`.
 *
 * A ConferenceBridge with the handset (a tone) and N remote legs, each leg
 * driven as its MediaStream would drive it (write the party's received frame,
 * read the party's mix) from one media clock on a virtual clock: exactly the
 * per-tick work of the bridge and its legs, without codecs or RTP (those are
 * bench/media-codecs.ts and bench/media-rtp.ts). The same loop without a
 * bridge (legs replaced by a plain device) is timed too and subtracted, so
 * the figure is the mixer's own cost. Cases: the manual's 3-way (2 legs)
 * with the soft limiter and with hard clipping, and 4 legs for scale.
 * Five rounds each; the best round is reported.
 */
import { cpuUsage } from 'node:process';
import { VirtualClock } from '../src/base/index.js';
import {
  ConferenceBridge,
  MediaClock,
  NullAudioDevice,
  ToneAudioDevice,
  newFrame,
  type AudioDevice,
  type ConferenceLegStream,
  type MediaDirection,
  type MixLimiter,
} from '../src/media/index.js';
import { printTable } from './bench-process.js';

const FRAMES = Number(process.argv[2] ?? 50_000);
const ROUNDS = 5;
const newFrameScratch = newFrame();

/** What a call's stream does with its device each tick, minus codec and RTP. */
class LegDriver implements ConferenceLegStream {
  device: AudioDevice = new NullAudioDevice();
  readonly description: { direction: MediaDirection } = { direction: 'sendrecv' };
  private readonly rx = newFrame();
  private readonly tx = newFrame();
  private readonly party: ToneAudioDevice;
  checksum = 0;
  constructor(mediaClock: MediaClock, hz: number) {
    this.party = new ToneAudioDevice(hz);
    mediaClock.add(() => {
      this.party.readFrame(this.rx);
      this.device.writeFrame(this.rx);
      this.device.readFrame(this.tx);
      this.checksum += this.tx[17]!;
    });
  }
  setDevice(d: AudioDevice): void {
    this.device = d;
  }
}

/** CPU µs per frame for `legs` remote parties, with or without the bridge. */
function measure(legs: number, limiter: MixLimiter, withBridge: boolean): number {
  const clock = new VirtualClock();
  const mediaClock = new MediaClock({ clock, maxCatchUp: 1 });
  const handset: AudioDevice = (() => {
    const tone = new ToneAudioDevice(440);
    return { name: 'handset', readFrame: (f) => tone.readFrame(f), writeFrame: () => {}, close: () => {} };
  })();
  const drivers = Array.from({ length: legs }, (_, i) => new LegDriver(mediaClock, 700 + 400 * i));
  if (withBridge) {
    const bridge = new ConferenceBridge({ mediaClock, localDevice: handset, maxLegs: legs, limiter });
    for (const d of drivers) bridge.addLeg(d);
  } else {
    // Without a bridge the handset is still read once per tick, as the bridge would.
    mediaClock.add(() => handset.readFrame(newFrameScratch));
  }
  clock.advance(20 * 500); // warm-up
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = cpuUsage();
    clock.advance(20 * FRAMES);
    const dt = cpuUsage(t0);
    best = Math.min(best, (dt.user + dt.system) / FRAMES);
  }
  if (drivers.some((d) => !Number.isFinite(d.checksum))) throw new Error('bad checksum');
  return best;
}
const rows: Array<Array<string | number>> = [];
for (const [legs, limiter] of [
  [2, 'soft'],
  [2, 'clip'],
  [4, 'soft'],
] as const) {
  const base = measure(legs, limiter, false);
  const total = measure(legs, limiter, true);
  const mixer = Math.max(0, total - base);
  rows.push([`${legs + 1}-way (${legs} legs + handset), ${limiter}`, base.toFixed(2), total.toFixed(2), mixer.toFixed(2), ((mixer / 20_000) * 100).toFixed(3)]);
}
console.log(`media-mixer: ${FRAMES} frames x ${ROUNDS} rounds per case, best round; µs of CPU per 20 ms frame`);
printTable(['case', 'loop without bridge µs', 'with bridge µs', 'mixer µs/frame', '% of a core'], rows);
