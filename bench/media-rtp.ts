/**
 * CPU per G.711 call leg on real loopback UDP, for the DESIGN.md §5 budget
 * ("one G.711 call leg <= 0.2 % of a core; >= 1000 plain G.711 endpoints per
 * core with timer lateness < 5 ms").
 *
 * N legs (N/2 calls, both ends in this process) run PCMU at 20 ms with the
 * whole per-tick path: capture (a looped WAV-like buffer) → 16→8 kHz → encode →
 * RTP send; receive → jitter buffer → decode → 8→16 kHz → playback (discarded);
 * RTCP every ~5 s. After a warm-up, process.cpuUsage() over the run gives the
 * share of one core per leg; the media clocks' lateness histograms give p50/p99.
 *
 * Run: npx tsx bench/media-rtp.ts [legs=200] [seconds=5] [--clock=phone|shared]
 *   phone  (default) one media clock per leg, as one phone per leg in a farm
 *   shared one media clock for all legs
 */
import { NodeSocketFactory, SystemClock, sleep } from '../src/base/index.js';
import {
  MediaClock,
  MediaStream,
  NullAudioDevice,
  RtpPortAllocator,
  SineGenerator,
  WavPlayerDevice,
  pcmuCodec,
  type RtpPortPair,
} from '../src/media/index.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const LEGS = Math.max(2, Number(args[0] ?? 200) & ~1);
const SECONDS = Number(args[1] ?? 5);
const SHARED = process.argv.includes('--clock=shared');
const HOST = '127.0.0.1';
const WARMUP_MS = 1000;

function oneSecondTone(): Int16Array {
  const pcm = new Int16Array(16000);
  const sine = new SineGenerator(1000, -10, 16000);
  for (let i = 0; i < 50; i++) sine.nextFrame(pcm.subarray(i * 320, (i + 1) * 320));
  return pcm;
}

async function main(): Promise<void> {
  const clock = new SystemClock();
  const sockets = new NodeSocketFactory();
  const allocator = new RtpPortAllocator({ sockets, address: HOST, range: { min: 32000, max: 32000 + LEGS * 2 + 200 } });
  const tone = oneSecondTone();
  const shared = new MediaClock({ clock });
  const clocks: MediaClock[] = [];
  const streams: MediaStream[] = [];
  const ports: RtpPortPair[] = [];
  for (let i = 0; i < LEGS; i++) {
    const r = await allocator.allocate();
    if (!r.ok) throw new Error(`port allocation: ${r.reason}`);
    ports.push(r.value);
  }
  for (let i = 0; i < LEGS; i++) {
    const local = ports[i]!;
    const remote = ports[i ^ 1]!;
    const mediaClock = SHARED ? shared : new MediaClock({ clock });
    if (!SHARED || i === 0) clocks.push(mediaClock);
    // Both ends send: one plays the tone, the other "silence" from a null device (still encoded and sent).
    const device = i % 2 === 0 ? new WavPlayerDevice({ sampleRate: 16000, channels: 1, samples: tone }, { loop: true }) : new NullAudioDevice();
    const s = new MediaStream({
      clock,
      mediaClock,
      ports: local,
      device,
      description: {
        localRtpPort: local.rtpPort,
        remoteAddress: HOST,
        remotePort: remote.rtpPort,
        codec: pcmuCodec,
        payloadType: 0,
        telephoneEventPt: 101,
        direction: 'sendrecv',
        ptime: 20,
      },
      statsIntervalMs: 0,
    });
    streams.push(s);
  }
  // Spread the legs' tick phases over the 20 ms period, as independent phones would be.
  for (let i = 0; i < LEGS; i++) {
    streams[i]!.start();
    if (!SHARED && i % Math.max(1, Math.floor(LEGS / 20)) === 0) await sleep(1);
  }
  await sleep(WARMUP_MS);
  for (const c of clocks) c.resetStats();
  const before = streams.map((s) => s.stats().rtp);
  const cpu0 = process.cpuUsage();
  const t0 = clock.now();
  await sleep(SECONDS * 1000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = clock.now() - t0;
  const after = streams.map((s) => s.stats().rtp);
  for (const s of streams) s.close();

  const cpuMs = (cpu.user + cpu.system) / 1000;
  const corePct = (cpuMs / wallMs) * 100;
  let sent = 0;
  let received = 0;
  let lost = 0;
  for (let i = 0; i < LEGS; i++) {
    sent += after[i]!.packetsSent - before[i]!.packetsSent;
    received += after[i]!.packetsReceived - before[i]!.packetsReceived;
    lost += after[i]!.packetsLost;
  }
  // Merge the lateness histograms of all clocks.
  const merged = clocks[0]!.latenessHistogram();
  for (const c of clocks.slice(1)) {
    const h = c.latenessHistogram().counts;
    for (let i = 0; i < h.length; i++) merged.counts[i]! += h[i]!;
  }
  const total = merged.counts.reduce((a, b) => a + b, 0);
  const pct = (p: number): number => {
    let seen = 0;
    for (let i = 0; i < merged.counts.length; i++) {
      seen += merged.counts[i]!;
      if (seen >= total * p) return (i + 1) * merged.stepMs;
    }
    return merged.counts.length * merged.stepMs;
  };
  const maxLate = Math.max(...clocks.map((c) => c.stats().lateness.maxMs));
  const expected = (LEGS * wallMs) / 20;
  console.log(`media-rtp: ${LEGS} G.711 legs (${LEGS / 2} calls) on ${HOST}, ${(wallMs / 1000).toFixed(2)} s, clock=${SHARED ? 'shared' : 'per phone'}`);
  console.log(`  CPU            ${cpuMs.toFixed(0)} ms = ${corePct.toFixed(1)} % of a core`);
  console.log(`  per leg        ${(corePct / LEGS).toFixed(3)} % of a core  (budget 0.2 %)  → ${Math.floor(100 / (corePct / LEGS))} legs/core`);
  console.log(`  packets        sent ${sent} (${((sent / expected) * 100).toFixed(1)} % of ${expected.toFixed(0)}), received ${received}, lost ${lost}`);
  console.log(`  tick lateness  p50 ${pct(0.5).toFixed(1)} ms  p99 ${pct(0.99).toFixed(1)} ms  max ${maxLate.toFixed(1)} ms  (budget < 5 ms) over ${total} ticks`);
}

await main();
