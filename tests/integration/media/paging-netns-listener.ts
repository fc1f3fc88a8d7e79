/**
 * Child process of paging-netns.test.ts, run inside a network namespace the
 * test created: listens to paging groups and records what it plays, tagged
 * with the group heard, until "stop" arrives on stdin (or 30 s pass).
 *
 *   --groups 1=239.231.7.1:5001,2=239.231.7.2:5002  --iface 10.231.7.2  --tones 700,1100  --end-after-ms 400
 *
 * Prints {"event":"ready"} once the groups are joined, a line per page event,
 * and a summary: per group, frames played and the Goertzel share of each tone.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { NodeSocketFactory, SystemClock } from '../../../src/base/index.js';
import { MediaClock, PagingListener, toneRatio, type AudioDevice, type PagingGroup } from '../../../src/media/index.js';

const { values } = parseArgs({
  options: {
    groups: { type: 'string' },
    iface: { type: 'string' },
    tones: { type: 'string' },
    'end-after-ms': { type: 'string', default: '400' },
  },
});
const groups: PagingGroup[] = values.groups!.split(',').map((spec) => {
  const [prio, rest] = spec.split('=');
  const [address, port] = rest!.split(':');
  return { priority: Number(prio), address: address!, port: Number(port) };
});
const tones = values.tones!.split(',').map(Number);
const clock = new SystemClock();
const played = new Map<number, Int16Array[]>();
let listener: PagingListener | undefined = undefined;

const speaker: AudioDevice = {
  name: 'speaker',
  readFrame: () => false,
  writeFrame: (frame) => {
    const g = listener?.current?.group.priority ?? 0;
    if (!played.has(g)) played.set(g, []);
    played.get(g)!.push(frame.slice());
  },
  close: () => {},
};

listener = new PagingListener({
  clock,
  mediaClock: new MediaClock({ clock }),
  sockets: new NodeSocketFactory(),
  device: speaker,
  groups,
  interfaceAddress: values.iface!,
  endAfterMs: Number(values['end-after-ms']),
});
const t0 = clock.now();
listener.events.on('page-start', (p) => console.log(JSON.stringify({ event: 'page-start', group: p.group.priority, at: Math.round(clock.now() - t0) })));
listener.events.on('page-end', (p, reason) =>
  console.log(JSON.stringify({ event: 'page-end', group: p.group.priority, reason, at: Math.round(clock.now() - t0) })),
);
const failures = await listener.start();
console.log(JSON.stringify({ event: 'ready', failures: failures.map((f) => ({ group: f.group.priority, error: f.error })) }));

function finish(): void {
  const summary: Record<number, { frames: number; ratios: Record<number, number> }> = {};
  for (const [g, frames] of played) {
    // Skip each page's first 100 ms (jitter-buffer prefetch, codec settling).
    const pcm = new Int16Array(frames.length * 320);
    frames.forEach((f, i) => pcm.set(f, i * 320));
    summary[g] = { frames: frames.length, ratios: Object.fromEntries(tones.map((hz) => [hz, toneRatio(pcm.subarray(1600), 16000, hz)])) };
  }
  const stats = listener!.stats().map((s) => ({ group: s.group.priority, packets: s.packets, invalid: s.invalid }));
  listener!.stop();
  console.log(JSON.stringify({ event: 'summary', summary, stats }));
  process.exit(0);
}

const stdin = createInterface({ input: process.stdin });
stdin.on('line', (line) => {
  if (line.trim() === 'stop') finish();
});
setTimeout(finish, 30_000);
