/**
 * What the benchmarks need to measure other processes fairly: CPU time of
 * any PID from /proc/<pid>/stat (utime + stime, the same for SIPp, baresip
 * and a Sayhi child), SIPp spawned without message tracing (tracing would
 * be most of its CPU), a Sayhi role forked as a child with IPC, and a
 * plain-text table.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { makeRunDir, spawnLabProcess, type LabProcess, type RunDir } from '../tests/lab/index.js';

/**
 * Loopback ports of the benchmarks: 35000-35499, outside the test lab's plan
 * (25060-28999, tests/lab/ports.ts) and the shared lab's (5060-5099,
 * 10000-10299, 16000-16299).
 */
export const BENCH_PORTS = {
  sayhiUas: 35000,
  sayhiUac: 35010,
  sippUas: { sipPort: 35020, mediaPort: 35100 },
  sippUac: { sipPort: 35030, mediaPort: 35110 },
  /** `sayhi start` in register.ts. */
  sayhiCli: 35040,
  /** RTP range of a benchmark Phone (20 ports). */
  phoneRtp: 35300,
} as const;

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User + system CPU of a live process, ms (resolution 1000/CLK_TCK ms, 10 ms here). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // "pid (comm) state ..." - comm may hold spaces; utime and stime are fields 14 and 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** This process's user + system CPU, ms (process.cpuUsage, µs resolution). */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Resident set size of a live process, MiB. */
export function rssMibOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export interface SippRun {
  proc: LabProcess;
  dir: RunDir;
  /** Exit code once it ends by itself. */
  done: Promise<number | null>;
  stop(): Promise<void>;
}

/** SIPp with the given arguments, stdout/stderr to files in a lab run dir, no -trace_* options. */
export async function spawnSipp(name: string, args: string[]): Promise<SippRun> {
  const dir = makeRunDir(`bench-${name}`);
  const proc = await spawnLabProcess({ name: 'sipp', command: 'sipp', args: [...args, '-nostdin'], runDir: dir.path, separateStderr: true });
  return {
    proc,
    dir,
    done: proc.exited.then((e) => e.code),
    stop: async () => {
      await proc.stop(1000);
      dir.remove();
    },
  };
}

/** Fork `script` (a bench file) as a child with IPC, passing `args`; tsx's loader is inherited. */
export function forkRole(script: string, args: string[]): ChildProcess {
  return fork(script, args, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Next IPC message from a child that satisfies `pred` (or reject after timeoutMs). */
export function nextMessage<T>(child: ChildProcess, pred: (m: T) => boolean, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`no message from child ${child.pid} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (m: unknown): void => {
      if (!pred(m as T)) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
  });
}

/** A fixed-width text table. */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
