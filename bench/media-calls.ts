/**
 * CPU of one real G.711 call, Sayhi against baresip, for the DESIGN.md §5
 * budget "one G.711 call leg <= 0.2 % of a core" (bench/media-rtp.ts measures
 * the media engine alone, many legs at once; this is one whole phone).
 *
 * A Sayhi Phone (this process: SIP, RTP, jitter buffer, media clock, a 440 Hz
 * tone as its microphone, no recorder) calls a baresip agent directly by IP
 * (no PBX; baresip auto-answers, plays a 1000 Hz tone from aufile and, as the
 * lab config has it, records both directions with sndfile). Both talk PCMU at
 * 20 ms for `seconds`. CPU: baresip from /proc/<pid>/stat, Sayhi from
 * process.cpuUsage(), over the same window; an idle window before the call
 * gives each one's baseline, so the call's own cost is shown apart.
 *
 * Run: npx tsx bench/media-calls.ts [seconds=10]
 */
import { availableParallelism, loadavg } from 'node:os';
import { NodeSocketFactory, SystemClock, nullLogger } from '../src/base/index.js';
import { fileWavIo, openHeadlessHandset } from '../src/media/index.js';
import { Phone, defaultPhoneConfig, type CallInfo } from '../src/phone/index.js';
import { labToneWav, startBaresip, stopAllLab } from '../tests/lab/index.js';
import { BENCH_PORTS, cpuMsOf, printTable, rssMibOf, selfCpuMs, sleepMs } from './bench-process.js';

const IDLE_SECONDS = 3;

function waitCall(phone: Phone, pred: (c: CallInfo) => boolean, timeoutMs = 10_000): Promise<CallInfo> {
  const now = phone.calls().find(pred);
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('call did not reach the expected state')), timeoutMs);
    const off = phone.events.on('call', (c) => {
      if (!pred(c)) return;
      clearTimeout(timer);
      off();
      resolve(c);
    });
  });
}

/** CPU ms of both over `seconds`, and the wall time it took. */
async function window(seconds: number, baresipPid: number) {
  const s0 = selfCpuMs();
  const b0 = cpuMsOf(baresipPid);
  const t0 = performance.now();
  await sleepMs(seconds * 1000);
  const wall = performance.now() - t0;
  return { sayhiPct: ((selfCpuMs() - s0) / wall) * 100, baresipPct: ((cpuMsOf(baresipPid) - b0) / wall) * 100 };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  console.log(`media-calls: one PCMU call Sayhi <-> baresip on 127.0.0.1 for ${seconds} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  const far = await startBaresip({ user: '1004', answerMode: 'auto', audioSource: await labToneWav(1000) });
  const config = defaultPhoneConfig('ES330');
  config.bindAddress = '127.0.0.1';
  config.sipPort = BENCH_PORTS.sayhiUas;
  config.rtpPortMin = BENCH_PORTS.phoneRtp;
  config.rtpPortMax = BENCH_PORTS.phoneRtp + 19;
  config.accounts[0]!.codecs = ['PCMU'];
  const device = await openHeadlessHandset({ play: 'tone:440' }, fileWavIo);
  const phone = new Phone({ config, clock: new SystemClock(), sockets: new NodeSocketFactory(), device, logger: nullLogger, version: 'bench' });
  await phone.start();
  try {
    await sleepMs(500);
    const idle = await window(IDLE_SECONDS, far.pid);
    const { id } = await phone.dial(far.contactUri());
    const up = await waitCall(phone, (c) => c.id === id && c.state === 'connected');
    if (up.codec !== 'PCMU') throw new Error(`negotiated ${up.codec}, not PCMU`);
    await sleepMs(1000); // jitter buffers fill, JIT settles
    const call = await window(seconds, far.pid);
    const rss = { sayhi: process.memoryUsage().rss / 1048576, baresip: rssMibOf(far.pid) };
    await phone.hangup(id);
    await waitCall(phone, (c) => c.id === id && c.state === 'ended');
    const net = { sayhi: call.sayhiPct - idle.sayhiPct, baresip: call.baresipPct - idle.baresipPct };
    printTable(
      ['who', 'idle % core', 'in call % core', 'call only % core', 'vs baresip', 'RSS MiB'],
      [
        ['sayhi phone', idle.sayhiPct.toFixed(2), call.sayhiPct.toFixed(2), net.sayhi.toFixed(2), `${(net.sayhi / net.baresip).toFixed(2)}x`, rss.sayhi.toFixed(1)],
        ['baresip', idle.baresipPct.toFixed(2), call.baresipPct.toFixed(2), net.baresip.toFixed(2), '1.00x', rss.baresip.toFixed(1)],
      ],
    );
    console.log('budget (DESIGN.md §5): one G.711 call leg <= 0.2 % of a core; baresip also records both directions (sndfile)');
  } finally {
    await phone.stop(1000);
  }
}

const keepAlive = setInterval(() => {}, 1000);
try {
  await main();
} finally {
  await stopAllLab();
  clearInterval(keepAlive);
}
