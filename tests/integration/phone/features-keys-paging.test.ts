/**
 * Multicast paging between two whole Sayhi phones over a real kernel
 * network, fenced off from the host's: the test creates two network
 * namespaces joined only by a veth pair created inside them (never in the
 * host namespace), 10.231.<n>.0/24 with a multicast route on the veth, and
 * runs one phone in each (features-keys-paging-phone.ts via `ip netns exec`).
 * The pager has a Paging memory key on 239.232.<n>.1:5001; the listener has
 * that group as Paging1 in its settings. Proves, phone to phone:
 *  - pressing the key starts the page (the pager's `paging` send event and
 *    status); the listener's phone hears it (`paging` receive event, group 1)
 *    and plays the pager's 700 Hz microphone on its handset (Goertzel);
 *  - pressing the key again stops it; the listener's page ends by timeout.
 * (The priority and call rules are proven in the unit tests on the in-memory
 * network, features-keys-paging.test.ts, and at the media level in
 * tests/integration/media/paging-netns.test.ts.)
 *
 * Needs root and `ip netns` (CI runs as root): without them it fails and says so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const PHONE = resolve(import.meta.dirname, 'features-keys-paging-phone.ts');

const suffix = randomBytes(3).toString('hex');
const subnet = randomInt(1, 250);
const ns = { tx: `sayhi-kpage-tx-${suffix}`, rx: `sayhi-kpage-rx-${suffix}` };
const veth = { tx: `skp${suffix}t`, rx: `skp${suffix}r` };
const addr = { tx: `10.231.${subnet}.1`, rx: `10.231.${subnet}.2` };
const group = `239.232.${subnet}.1`;

const created: string[] = [];
const children: ChildProcess[] = [];

function ip(args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`);
}

type Line = { event: string; [k: string]: unknown };

/** A phone inside a namespace: its JSON lines, a way to wait for one, and its stdin. */
function phoneIn(namespace: string, args: string[]) {
  const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', PHONE, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
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
  const waitFor = (pred: (l: Line) => boolean, what: string, timeoutMs = 10_000): Promise<Line> =>
    new Promise((res, rej) => {
      const seen = lines.find(pred);
      if (seen) return res(seen);
      const timer = setTimeout(() => rej(new Error(`no ${what} from the phone in ${namespace} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      waiters.push({ pred, resolve: (l) => (clearTimeout(timer), res(l)) });
    });
  const send = (cmd: string) => child.stdin!.write(`${cmd}\n`);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { lines, waitFor, send, exited };
}

describe('paging between two Sayhi phones in network namespaces', () => {
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error('features-keys-paging.test.ts needs root to create network namespaces');
    const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) throw new Error(`needs "ip netns" (iproute2): ${probe.error?.message ?? probe.stderr}`);
    for (const name of [ns.tx, ns.rx]) {
      ip(['netns', 'add', name]);
      created.push(name);
    }
    // the veth pair is born inside the two namespaces: it never exists in the host's
    ip(['link', 'add', veth.tx, 'netns', ns.tx, 'type', 'veth', 'peer', 'name', veth.rx, 'netns', ns.rx]);
    for (const side of ['tx', 'rx'] as const) {
      ip(['-n', ns[side], 'link', 'set', 'lo', 'up']);
      ip(['-n', ns[side], 'addr', 'add', `${addr[side]}/24`, 'dev', veth[side]]);
      ip(['-n', ns[side], 'link', 'set', veth[side], 'up']);
      ip(['-n', ns[side], 'route', 'add', '224.0.0.0/4', 'dev', veth[side]]);
    }
  });

  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    // only what this test created, by name; deleting a namespace removes its veth end
    for (const name of created.splice(0)) spawnSync('ip', ['netns', 'del', name]);
  });

  it("a Paging key on one phone is heard on the other phone's handset; a second press ends it", async () => {
    const listener = phoneIn(ns.rx, [
      '--addr', addr.rx, '--tone', '1100',
      '--settings', JSON.stringify({ 'paging.1.enabled': true, 'paging.1.address': group, 'paging.1.port': 5001 }),
    ]);
    const pager = phoneIn(ns.tx, ['--addr', addr.tx, '--tone', '700', '--keys', JSON.stringify([{ id: 0, type: 6, number: `${group}:5001` }])]);
    await Promise.all([listener.waitFor((l) => l.event === 'ready', 'ready', 20_000), pager.waitFor((l) => l.event === 'ready', 'ready', 20_000)]);

    pager.send('press 1');
    expect(await pager.waitFor((l) => l.event === 'pressed' || l.event === 'error', 'a press answer')).toMatchObject({ event: 'pressed', action: 'paging-started' });
    expect(await pager.waitFor((l) => l.event === 'paging', 'a paging event')).toMatchObject({ direction: 'send', active: true, address: group, port: 5001 });
    const heard = await listener.waitFor((l) => l.event === 'paging' && l.active === true, 'the page heard', 5000);
    expect(heard).toMatchObject({ direction: 'receive', group: 1, address: group, port: 5001 });
    pager.send('status');
    const status = await pager.waitFor((l) => l.event === 'status', 'status');
    expect(status.paging).toEqual({ sending: { address: group, port: 5001 } });

    await new Promise((r) => setTimeout(r, 1500));
    pager.send('press 1');
    expect(await pager.waitFor((l) => l.event === 'pressed' && l.action === 'paging-stopped', 'the second press')).toBeTruthy();
    const ended = await listener.waitFor((l) => l.event === 'paging' && l.active === false, 'the page end', 5000);
    expect(ended).toMatchObject({ direction: 'receive', group: 1, reason: 'timeout' });

    listener.send('stop');
    pager.send('stop');
    const summary = await listener.waitFor((l) => l.event === 'summary', 'the summary');
    console.log(`paging phone-to-phone: ${JSON.stringify(summary)}`);
    expect(summary.frames).toBeGreaterThan(50);
    const ratios = summary.ratios as Record<string, number>;
    expect(ratios['700']).toBeGreaterThan(0.8);
    expect(ratios['1100']).toBeLessThan(0.05);
    expect(await listener.exited).toBe(0);
    expect(await pager.exited).toBe(0);
  });
});
