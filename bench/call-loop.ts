/**
 * A quick, steadier companion to call-setup.ts for profiling: both Sayhi UAs
 * in this process (bench-ua.ts, real UDP on 127.0.0.1, no media), a closed
 * loop keeping `inFlight` calls outstanding, CPU from process.cpuUsage()
 * over all calls after a warm-up. No pacing timer, no SIPp: it measures the
 * stack's cost per call (both sides, printed per side) with few idle
 * wake-ups, so it is lower than call-setup.ts's paced figure but moves with
 * it. Profile with:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/call-loop.ts
 *
 * --memory replaces the UDP sockets by memory-sockets.ts (no system calls,
 * the same batching every run): the steadiest figure for A/B comparisons of
 * the stack's own code on a shared machine.
 *
 * --heap (needs `node --expose-gc --import tsx bench/call-loop.ts ...`) also
 * prints the heap still held per finished call: the heap after a full GC at
 * the end of the run minus the one before it, divided by the calls. A run
 * shorter than 64*T1 = 32 s keeps every call's INVITE transactions (Timer
 * L/M), so this is what each finished call costs while they live.
 *
 * Run: npx tsx bench/call-loop.ts [calls=20000] [inFlight=20] [warmup=3000] [--memory]
 */
import { availableParallelism, loadavg } from 'node:os';
import { BenchUa } from './bench-ua.js';
import { BENCH_PORTS, selfCpuMs } from './bench-process.js';
import { MemorySocketFactory } from './memory-sockets.js';

async function runCalls(uac: BenchUa, target: { host: string; port: number }, count: number, inFlight: number): Promise<number> {
  let started = 0;
  let ok = 0;
  await new Promise<void>((done) => {
    let ended = 0;
    const next = (): void => {
      started++;
      void uac.call(target).then((good) => {
        if (good) ok++;
        if (++ended === count) done();
        else if (started < count) next();
      });
    };
    for (let k = 0; k < Math.min(inFlight, count); k++) next();
  });
  return ok;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const memory = process.argv.includes('--memory');
  const factory = memory ? new MemorySocketFactory() : undefined;
  const calls = Number(args[0] ?? 20_000);
  const inFlight = Number(args[1] ?? 20);
  const warmup = Number(args[2] ?? 3000);
  const uas = await BenchUa.start({ port: BENCH_PORTS.sayhiUas + 1, user: 'uas', ...(factory ? { factory } : {}) });
  uas.serveCalls();
  const uac = await BenchUa.start({ port: BENCH_PORTS.sayhiUac + 1, user: 'uac', ...(factory ? { factory } : {}) });
  const target = { host: '127.0.0.1', port: uas.port };
  await runCalls(uac, target, warmup, inFlight);
  const gc = process.argv.includes('--heap') ? (globalThis as { gc?: () => void }).gc : undefined;
  if (process.argv.includes('--heap') && !gc) throw new Error('--heap needs node --expose-gc');
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const load = loadavg()[0]!.toFixed(2);
  const cpu0 = selfCpuMs();
  const t0 = performance.now();
  const ok = await runCalls(uac, target, calls, inFlight);
  const ms = performance.now() - t0;
  const cpuMs = selfCpuMs() - cpu0;
  const sent = uac.transport.counters().sent + uas.transport.counters().sent;
  gc?.();
  const heapPerCall = gc ? `, ${((process.memoryUsage().heapUsed - heap0) / calls / 1024).toFixed(1)} KB heap held per finished call` : '';
  await uac.close();
  await uas.close();
  console.log(
    `call-loop${memory ? ' (memory sockets)' : ''}: ${calls} calls (${ok} ok), ${inFlight} in flight, ${((calls / ms) * 1000).toFixed(0)} calls/s, ` +
      `${((cpuMs * 1000) / calls / 2).toFixed(1)} µs CPU per call per side, ` +
      `${(sent / (calls + warmup) / 2).toFixed(2)} msgs/call/side${heapPerCall}; load ${load} on ${availableParallelism()} cores`,
  );
}

await main();
