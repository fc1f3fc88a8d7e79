/**
 * CPU per call set-up + tear-down, per side, for the DESIGN.md §5 budget
 * "one call set-up + tear-down <= 0.1 ms CPU per side", against SIPp on the
 * same machine in the same run.
 *
 * The call flow is SIPp's built-in uac/uas one: INVITE (PCMU offer) → 180 →
 * 200 (answer) → ACK → BYE → 200, over UDP on 127.0.0.1, no media (see
 * bench-ua.ts: measured at the sip-ua level, UaCore + OutgoingCall /
 * IncomingCall, because the Phone always opens RTP sockets and media).
 * Calls are started at a fixed rate; CPU is sampled over a steady window
 * (from 1 s after the first call to 0.5 s before the last one is due), so
 * process start-up is not counted, and divided by the calls due in it.
 *
 *   sayhi+sayhi, 1 process   both UAs in this process, process.cpuUsage(); per side = half
 *   sayhi -> sayhi           UAC and UAS each in its own child process; /proc/<pid>/stat
 *   sipp -> sipp             sipp -sn uac -> sipp -sn uas; /proc/<pid>/stat
 *   sipp -> sayhi            the same SIPp UAC against a Sayhi UAS child
 *   sayhi -> sipp            a Sayhi UAC child against the SIPp UAS
 *
 * Run: npx tsx bench/call-setup.ts [callsPerSecond=100] [seconds=8] [--cases=1,2,3,4,5]
 */
import { availableParallelism, loadavg } from 'node:os';
import { assertPortsFree, stopAllLab } from '../tests/lab/index.js';
import { BenchUa } from './bench-ua.js';
import { BENCH_PORTS, cpuMsOf, forkRole, nextMessage, printTable, selfCpuMs, sleepMs, spawnSipp } from './bench-process.js';

const HOST = '127.0.0.1';
// Benchmark ports sit outside the test lab's plan (tests/lab/ports.ts), so a
// benchmark can run while another session runs the integration suite.
const SAYHI_UAS_PORT = BENCH_PORTS.sayhiUas;
const SAYHI_UAC_PORT = BENCH_PORTS.sayhiUac;
const SIPP_UAS = BENCH_PORTS.sippUas;
const SIPP_UAC = BENCH_PORTS.sippUac;
const WINDOW_START_MS = 1000;
const WINDOW_END_BEFORE_MS = 500;

type RoleMessage =
  | { type: 'ready'; port: number }
  | { type: 'done'; completed: number; failed: number; failures: Record<string, number>; ms: number; sent: number }
  | { type: 'counts'; answered: number; completed: number; failed: number; sent: number };

/** Start `count` calls at `rate` per second (catching up if a tick is late); resolve when all ended. */
async function runPaced(ua: BenchUa, target: { host: string; port: number }, rate: number, count: number) {
  const t0 = performance.now();
  const ended: Array<Promise<boolean>> = [];
  while (ended.length < count) {
    const due = Math.min(count, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    while (ended.length < due) ended.push(ua.call(target));
    await sleepMs(2);
  }
  await Promise.all(ended);
  const failures = Object.fromEntries(ua.failures);
  if (unhandled > 0) failures['unhandled rejections'] = unhandled;
  return { completed: ua.completed, failed: ua.failed, failures, ms: performance.now() - t0, sent: ua.transport.counters().sent };
}

// ---- child roles -----------------------------------------------------------------------

async function uasRole(port: number): Promise<void> {
  const ua = await BenchUa.start({ port, user: 'uas' });
  ua.serveCalls();
  process.on('message', (m: { type: string }) => {
    if (m.type === 'counts') {
      process.send!({ type: 'counts', answered: ua.answered, completed: ua.completed, failed: ua.failed + unhandled, sent: ua.transport.counters().sent });
    }
  });
  process.on('disconnect', () => void ua.close().then(() => process.exit(0)));
  process.send!({ type: 'ready', port: ua.port });
}

async function uacRole(port: number): Promise<void> {
  const ua = await BenchUa.start({ port, user: 'uac' });
  process.on('message', (m: { type: string; host: string; port: number; rate: number; count: number }) => {
    if (m.type !== 'go') return;
    void runPaced(ua, { host: m.host, port: m.port }, m.rate, m.count).then((r) => process.send!({ type: 'done', ...r }));
  });
  process.on('disconnect', () => void ua.close().then(() => process.exit(0)));
  process.send!({ type: 'ready', port: ua.port });
}

// ---- measurement -----------------------------------------------------------------------

interface Sample {
  name: string;
  /** ms CPU per call. */
  uac: number;
  uas: number;
  calls: number;
  /** SIP messages a Sayhi side sent per call (3 without retransmissions); undefined for SIPp. */
  uacSent?: number;
  uasSent?: number;
  ok: string;
}

/** CPU of two processes over the steady window of a run that started at t0. */
async function windowCpu(t0: number, seconds: number, uac: () => number, uas: () => number) {
  await sleepMs(t0 + WINDOW_START_MS - Date.now());
  const a0 = uac();
  const b0 = uas();
  const w0 = Date.now();
  await sleepMs(t0 + seconds * 1000 - WINDOW_END_BEFORE_MS - Date.now());
  const a1 = uac();
  const b1 = uas();
  return { uacMs: a1 - a0, uasMs: b1 - b0, windowMs: Date.now() - w0 };
}

async function sayhiInProcess(rate: number, seconds: number): Promise<Sample> {
  const uas = await BenchUa.start({ port: SAYHI_UAS_PORT, user: 'uas' });
  uas.serveCalls();
  const uac = await BenchUa.start({ port: SAYHI_UAC_PORT, user: 'uac' });
  const t0 = Date.now();
  const run = runPaced(uac, { host: HOST, port: uas.port }, rate, rate * seconds);
  const w = await windowCpu(t0, seconds, selfCpuMs, () => 0);
  const r = await run;
  const uasSent = uas.transport.counters().sent;
  await uac.close();
  await uas.close();
  const calls = (rate * w.windowMs) / 1000;
  const total = rate * seconds;
  return {
    name: 'sayhi+sayhi, 1 process',
    uac: w.uacMs / 2 / calls,
    uas: w.uacMs / 2 / calls,
    calls: r.completed,
    uacSent: r.sent / total,
    uasSent: uasSent / total,
    ok: okText(r.failed, r.failures),
  };
}

async function startSayhiChild(role: 'uac' | 'uas', port: number) {
  const child = forkRole(import.meta.filename, [`--role=${role}`, `--port=${port}`]);
  const ready = await nextMessage<RoleMessage>(child, (m) => m.type === 'ready');
  return { child, port: (ready as { port: number }).port };
}

async function sayhiToSayhi(rate: number, seconds: number): Promise<Sample> {
  const uas = await startSayhiChild('uas', SAYHI_UAS_PORT);
  const uac = await startSayhiChild('uac', SAYHI_UAC_PORT);
  const done = nextMessage<RoleMessage>(uac.child, (m) => m.type === 'done', (seconds + 60) * 1000);
  const t0 = Date.now();
  uac.child.send({ type: 'go', host: HOST, port: uas.port, rate, count: rate * seconds });
  const w = await windowCpu(t0, seconds, () => cpuMsOf(uac.child.pid!), () => cpuMsOf(uas.child.pid!));
  const r = (await done) as Extract<RoleMessage, { type: 'done' }>;
  uas.child.send({ type: 'counts' });
  const counts = (await nextMessage<RoleMessage>(uas.child, (m) => m.type === 'counts')) as Extract<RoleMessage, { type: 'counts' }>;
  uac.child.disconnect();
  uas.child.disconnect();
  const calls = (rate * w.windowMs) / 1000;
  const total = rate * seconds;
  return {
    name: 'sayhi -> sayhi',
    uac: w.uacMs / calls,
    uas: w.uasMs / calls,
    calls: r.completed,
    uacSent: r.sent / total,
    uasSent: counts.sent / total,
    ok: okText(r.failed + counts.failed, r.failures),
  };
}

function sippUasArgs(): string[] {
  return ['-sn', 'uas', '-i', HOST, '-p', String(SIPP_UAS.sipPort), '-mp', String(SIPP_UAS.mediaPort)];
}

function sippUacArgs(targetPort: number, rate: number, count: number, seconds: number): string[] {
  return [
    '-sn', 'uac', `${HOST}:${targetPort}`,
    '-i', HOST, '-p', String(SIPP_UAC.sipPort), '-mp', String(SIPP_UAC.mediaPort),
    '-r', String(rate), '-m', String(count), '-d', '0',
    '-timeout', `${seconds + 30}s`, '-timeout_error',
  ];
}

async function sippToSipp(rate: number, seconds: number): Promise<Sample> {
  const uas = await spawnSipp('uas', sippUasArgs());
  await sleepMs(300);
  const t0 = Date.now();
  const uac = await spawnSipp('uac', sippUacArgs(SIPP_UAS.sipPort, rate, rate * seconds, seconds));
  const w = await windowCpu(t0, seconds, () => cpuMsOf(uac.proc.pid), () => cpuMsOf(uas.proc.pid));
  const code = await uac.done;
  await uac.stop();
  await uas.stop();
  const calls = (rate * w.windowMs) / 1000;
  return { name: 'sipp -> sipp', uac: w.uacMs / calls, uas: w.uasMs / calls, calls: rate * seconds, ok: code === 0 ? 'all ok' : `sipp exit ${code}` };
}

async function sippToSayhi(rate: number, seconds: number): Promise<Sample> {
  const uas = await startSayhiChild('uas', SAYHI_UAS_PORT);
  const t0 = Date.now();
  const uac = await spawnSipp('uac', sippUacArgs(uas.port, rate, rate * seconds, seconds));
  const w = await windowCpu(t0, seconds, () => cpuMsOf(uac.proc.pid), () => cpuMsOf(uas.child.pid!));
  const code = await uac.done;
  await uac.stop();
  uas.child.send({ type: 'counts' });
  const counts = (await nextMessage<RoleMessage>(uas.child, (m) => m.type === 'counts')) as Extract<RoleMessage, { type: 'counts' }>;
  uas.child.disconnect();
  const calls = (rate * w.windowMs) / 1000;
  const ok = code === 0 && counts.failed === 0 ? 'all ok' : `sipp exit ${code}, sayhi failed ${counts.failed}`;
  return { name: 'sipp -> sayhi', uac: w.uacMs / calls, uas: w.uasMs / calls, calls: counts.completed, uasSent: counts.sent / (rate * seconds), ok };
}

async function sayhiToSipp(rate: number, seconds: number): Promise<Sample> {
  const uas = await spawnSipp('uas', sippUasArgs());
  await sleepMs(300);
  const uac = await startSayhiChild('uac', SAYHI_UAC_PORT);
  const done = nextMessage<RoleMessage>(uac.child, (m) => m.type === 'done', (seconds + 60) * 1000);
  const t0 = Date.now();
  uac.child.send({ type: 'go', host: HOST, port: SIPP_UAS.sipPort, rate, count: rate * seconds });
  const w = await windowCpu(t0, seconds, () => cpuMsOf(uac.child.pid!), () => cpuMsOf(uas.proc.pid));
  const r = (await done) as Extract<RoleMessage, { type: 'done' }>;
  uac.child.disconnect();
  await uas.stop();
  const calls = (rate * w.windowMs) / 1000;
  return { name: 'sayhi -> sipp', uac: w.uacMs / calls, uas: w.uasMs / calls, calls: r.completed, uacSent: r.sent / (rate * seconds), ok: okText(r.failed, r.failures) };
}

function okText(failed: number, failures: Record<string, number>): string {
  return failed === 0 && Object.keys(failures).length === 0 ? 'all ok' : `${failed} failed: ${JSON.stringify(failures)}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const rate = Number(args[0] ?? 100);
  const seconds = Number(args[1] ?? 8);
  await assertPortsFree('bench call-setup', [
    { port: SAYHI_UAS_PORT, proto: 'udp' },
    { port: SAYHI_UAC_PORT, proto: 'udp' },
    { port: SIPP_UAS.sipPort, proto: 'udp' },
    { port: SIPP_UAC.sipPort, proto: 'udp' },
  ]);
  console.log(`call-setup: INVITE/180/200/ACK/BYE/200 over UDP on ${HOST}, ${rate} calls/s for ${seconds} s per case, no media`);
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  const samples: Sample[] = [];
  // --cases=1,3 runs a subset (1 = sayhi+sayhi in one process ... 5 = sayhi -> sipp); sipp -> sipp always runs
  const pick = /^--cases=([\d,]+)$/.exec(process.argv.find((a) => a.startsWith('--cases=')) ?? '')?.[1]?.split(',').map(Number);
  const all = [sayhiInProcess, sayhiToSayhi, sippToSipp, sippToSayhi, sayhiToSipp];
  for (const run of all.filter((f, i) => !pick || pick.includes(i + 1) || f === sippToSipp)) {
    samples.push(await run(rate, seconds));
    await sleepMs(500);
  }
  const sipp = samples.find((s) => s.name === 'sipp -> sipp')!;
  printTable(
    ['case', 'UAC µs/call', 'UAS µs/call', 'UAC vs SIPp', 'UAS vs SIPp', 'msgs/call UAC', 'UAS', 'calls', 'result'],
    samples.map((s) => [
      s.name,
      (s.uac * 1000).toFixed(0),
      (s.uas * 1000).toFixed(0),
      `${(s.uac / sipp.uac).toFixed(2)}x`,
      `${(s.uas / sipp.uas).toFixed(2)}x`,
      s.uacSent?.toFixed(2) ?? '-',
      s.uasSent?.toFixed(2) ?? '-',
      s.calls,
      s.ok,
    ]),
  );
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; msgs/call: SIP messages a Sayhi side sent per call, 3.00 = no retransmission`);
  console.log(`budget (DESIGN.md §5): <= 100 µs CPU per side per call; CPU sampled over a ${seconds - 1.5} s window (/proc resolution 10 ms)`);
}

// A rejected promise nobody awaits inside the stack (as OutgoingCall.on2xx threw for a 2xx
// retransmitted while its BYE was pending, before commit 059cd4c) must not end the run:
// count it and show it in the result column.
let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  if (unhandled++ === 0) console.error(`unhandled rejection (counted): ${String(reason)}`);
});

const role = /^--role=(\w+)$/.exec(process.argv.find((a) => a.startsWith('--role=')) ?? '')?.[1];
const port = Number(/^--port=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--port=')) ?? '')?.[1] ?? 0);
if (role === 'uas') await uasRole(port);
else if (role === 'uac') await uacRole(port);
else {
  // lab processes are unref'd children: keep the loop alive while we wait for them
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await main();
  } finally {
    await stopAllLab();
    clearInterval(keepAlive);
  }
}
