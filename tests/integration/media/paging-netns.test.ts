/**
 * Multicast paging over a real kernel network, fenced off from the host's:
 * the test creates two network namespaces joined only by a veth pair it
 * creates inside them (never in the host namespace), addresses them in
 * 10.231.<n>.0/24 with a multicast route on the veth, and runs a listener
 * in one and two paging senders in the other as child processes
 * (`ip netns exec <ns> node --import tsx ...`). No packet of this test can
 * reach the host's network: neither namespace has any other interface.
 *
 * Proves: the listener (PagingListener on NodeSocketFactory) joins both
 * groups, hears the Paging2 sender's 700 Hz tone, is interrupted by the
 * Paging1 sender's 1100 Hz page and returns to Paging2 after it, and ends
 * each page by timeout; the audio it played for each group is that group's
 * tone (Goertzel).
 *
 * Needs root and `ip netns` (CI runs as root): without them the test fails
 * and says so, rather than skipping.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SENDER = resolve(import.meta.dirname, 'paging-netns-sender.ts');
const LISTENER = resolve(import.meta.dirname, 'paging-netns-listener.ts');

const suffix = randomBytes(3).toString('hex');
const subnet = randomInt(1, 250);
const ns = { tx: `sayhi-page-tx-${suffix}`, rx: `sayhi-page-rx-${suffix}` };
const veth = { tx: `spg${suffix}t`, rx: `spg${suffix}r` };
const addr = { tx: `10.231.${subnet}.1`, rx: `10.231.${subnet}.2` };
const group1 = `239.231.${subnet}.1:5001`;
const group2 = `239.231.${subnet}.2:5002`;

const created: string[] = [];
const children: ChildProcess[] = [];

function run(args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`);
}

interface Line {
  event: string;
  [k: string]: unknown;
}

/** A node script inside a namespace, its stdout as JSON lines. */
function inNamespace(namespace: string, script: string, args: string[]) {
  const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: Line[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const waiters: Array<{ pred: (l: Line) => boolean; resolve: (l: Line) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      return;
    }
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.pred(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const waitFor = (event: string, timeoutMs: number, pred: (l: Line) => boolean = () => true): Promise<Line> =>
    new Promise((res, rej) => {
      const match = (l: Line) => l.event === event && pred(l);
      const seen = lines.find(match);
      if (seen) return res(seen);
      const timer = setTimeout(() => rej(new Error(`no "${event}" from ${script} in ${namespace} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      waiters.push({ pred: match, resolve: (l) => (clearTimeout(timer), res(l)) });
    });
  return { child, lines, waitFor, exited, stderr: () => stderr };
}

describe('multicast paging in network namespaces', () => {
  beforeAll(() => {
    if (process.getuid?.() !== 0) {
      throw new Error('paging-netns.test.ts needs root to create network namespaces (CI runs as root); run it as root');
    }
    const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      throw new Error(`paging-netns.test.ts needs "ip netns" (iproute2): ${probe.error?.message ?? probe.stderr}`);
    }
    for (const name of [ns.tx, ns.rx]) {
      run(['netns', 'add', name]);
      created.push(name);
    }
    // The veth pair is born inside the two namespaces: it never exists in the host's.
    run(['link', 'add', veth.tx, 'netns', ns.tx, 'type', 'veth', 'peer', 'name', veth.rx, 'netns', ns.rx]);
    for (const side of ['tx', 'rx'] as const) {
      run(['-n', ns[side], 'link', 'set', 'lo', 'up']);
      run(['-n', ns[side], 'addr', 'add', `${addr[side]}/24`, 'dev', veth[side]]);
      run(['-n', ns[side], 'link', 'set', veth[side], 'up']);
      run(['-n', ns[side], 'route', 'add', '224.0.0.0/4', 'dev', veth[side]]);
    }
  });

  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    // Only what this test created, by name; deleting a namespace removes its veth end (and so the pair).
    for (const name of created.splice(0)) spawnSync('ip', ['netns', 'del', name]);
  });

  it('hears Paging2, is interrupted by Paging1, returns to Paging2', async () => {
    const listener = inNamespace(ns.rx, LISTENER, [
      '--groups', `1=${group1},2=${group2}`,
      '--iface', addr.rx,
      '--tones', '700,1100',
      '--end-after-ms', '400',
    ]);
    const ready = await listener.waitFor('ready', 20_000);
    expect(ready.failures).toEqual([]);

    // Paging2 talks for 3.5 s; Paging1 starts 1.2 s later and talks for 1 s.
    const low = inNamespace(ns.tx, SENDER, ['--group', group2, '--iface', addr.tx, '--tone', '700', '--ms', '3500']);
    const high = inNamespace(ns.tx, SENDER, ['--group', group1, '--iface', addr.tx, '--tone', '1100', '--delay-ms', '1200', '--ms', '1000']);
    const [lowDone, highDone] = await Promise.all([low.waitFor('stopped', 30_000), high.waitFor('stopped', 30_000)]);
    expect(lowDone.packetsSent).toBeGreaterThan(150);
    expect(highDone.packetsSent).toBeGreaterThan(40);
    // Paging2's page ends 400 ms after its last packet; then ask for the summary.
    await listener.waitFor('page-end', 5_000, (l) => l.group === 2 && l.reason === 'timeout');
    listener.child.stdin!.write('stop\n');
    const summary = await listener.waitFor('summary', 10_000);
    console.log(`paging-netns: ${JSON.stringify(listener.lines.filter((l) => l.event !== 'ready'))}`);
    expect(await listener.exited).toBe(0);

    const events = listener.lines
      .filter((l) => l.event === 'page-start' || l.event === 'page-end')
      .map((l) => (l.event === 'page-start' ? `start:${l.group}` : `end:${l.group}:${l.reason}`));
    expect(events).toEqual(['start:2', 'end:2:preempted', 'start:1', 'end:1:timeout', 'start:2', 'end:2:timeout']);

    const heard = summary.summary as Record<string, { frames: number; ratios: Record<string, number> }>;
    // Paging2's 700 Hz and Paging1's 1100 Hz, each heard while its group played.
    expect(heard['2']!.frames).toBeGreaterThan(80);
    expect(heard['2']!.ratios['700']).toBeGreaterThan(0.8);
    expect(heard['2']!.ratios['1100']).toBeLessThan(0.05);
    expect(heard['1']!.frames).toBeGreaterThan(30);
    expect(heard['1']!.ratios['1100']).toBeGreaterThan(0.8);
    expect(heard['1']!.ratios['700']).toBeLessThan(0.05);
    const stats = summary.stats as Array<{ group: number; packets: number; invalid: number }>;
    expect(stats.find((s) => s.group === 2)!.packets).toBeGreaterThan(150);
    expect(stats.every((s) => s.invalid === 0)).toBe(true);
  });
});
