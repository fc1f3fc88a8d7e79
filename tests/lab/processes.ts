/**
 * Long-running lab peers (kamailio, baresip, sipp) as child processes.
 *
 * Each one is spawned detached, so it leads its own process group (pgid = pid) and
 * a stop can reach the workers it forks (kamailio) by that numeric group id. Output
 * goes to a log file in the peer's run dir. Every process is kept in one set per
 * test process: `stopAllLabProcesses()` (afterAll) and a process 'exit' hook stop
 * whatever a test left running. Processes are only ever signalled by PID or by
 * their own process-group id, never by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnLabOptions {
  /** Label used in errors and for the log file name. */
  name: string;
  command: string;
  args: readonly string[];
  /** The peer's run dir: logs go there, and the PID is recorded in <runDir>/pids. */
  runDir: string;
  /** Write stdout to <name>.out and stderr to <name>.err instead of one <name>.log. */
  separateStderr?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const live = new Set<LabProcess>();
const everStarted: LabProcess[] = [];

/** Numeric ids of the non-zombie processes whose process group is `pgid` (from /proc). */
export function processGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

function signalQuietly(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH: already gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class LabProcess {
  readonly pid: number;
  readonly logPath: string;
  readonly errPath: string | undefined;
  readonly exited: Promise<ExitInfo>;
  private exit: ExitInfo | undefined;

  constructor(
    readonly name: string,
    readonly runDir: string,
    private readonly child: ChildProcess,
    logPath: string,
    errPath: string | undefined,
  ) {
    this.pid = child.pid!;
    this.logPath = logPath;
    this.errPath = errPath;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get exitInfo(): ExitInfo | undefined {
    return this.exit;
  }

  /** The leader has not exited (its workers may outlive it briefly: see groupAlive). */
  alive(): boolean {
    return this.exit === undefined;
  }

  /** Live members of the process group (the leader and anything it forked). */
  groupMembers(): number[] {
    return processGroupMembers(this.pid);
  }

  logTail(lines = 30): string {
    const read = (p: string | undefined): string => {
      if (!p) return '';
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return '';
      }
    };
    const text = read(this.logPath) + read(this.errPath);
    return text.split('\n').slice(-lines).join('\n');
  }

  /**
   * SIGTERM the leader, SIGKILL it after `graceMs`, then signal what is left of its
   * process group by its numeric id, and wait until the group is empty.
   */
  async stop(graceMs = 3000): Promise<ExitInfo> {
    if (this.exit === undefined) {
      signalQuietly(this.pid, 'SIGTERM');
      const timedOut = await Promise.race([this.exited.then(() => false), sleep(graceMs).then(() => true)]);
      if (timedOut) signalQuietly(this.pid, 'SIGKILL');
    }
    const info = await this.exited;
    for (let round = 0; round < 40 && this.groupMembers().length > 0; round++) {
      signalQuietly(-this.pid, round < 10 ? 'SIGTERM' : 'SIGKILL');
      await sleep(50);
    }
    const left = this.groupMembers();
    if (left.length > 0) throw new Error(`${this.name}: processes ${left.join(', ')} of group ${this.pid} survived SIGKILL`);
    live.delete(this);
    return info;
  }

  /** Synchronous last resort for the process 'exit' hook. */
  killNow(): void {
    signalQuietly(-this.pid, 'SIGKILL');
    signalQuietly(this.pid, 'SIGKILL');
  }
}

let exitHookInstalled = false;

/** Synchronous: SIGKILL every live peer and its group (process 'exit' hooks). */
export function killAllLabProcessesNow(): void {
  for (const p of live) p.killNow();
  live.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killAllLabProcessesNow);
}

/** Starts a process; resolves once it is running (rejects if it cannot be executed). */
export async function spawnLabProcess(opts: SpawnLabOptions): Promise<LabProcess> {
  installExitHook();
  const logPath = join(opts.runDir, `${opts.name}.${opts.separateStderr ? 'out' : 'log'}`);
  const errPath = opts.separateStderr ? join(opts.runDir, `${opts.name}.err`) : undefined;
  const outFd = openSync(logPath, 'a');
  const errFd = errPath ? openSync(errPath, 'a') : outFd;
  let child: ChildProcess;
  try {
    child = spawn(opts.command, [...opts.args], {
      cwd: opts.cwd ?? opts.runDir,
      env: opts.env ?? process.env,
      detached: true,
      stdio: ['ignore', outFd, errFd],
    });
  } finally {
    closeSync(outFd);
    if (errFd !== outFd) closeSync(errFd);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (err) => reject(new Error(`${opts.name}: cannot run ${opts.command}: ${err.message}`)));
  });
  // The test process must not wait for the peer on its own exit.
  child.unref();
  const proc = new LabProcess(opts.name, opts.runDir, child, logPath, errPath);
  appendFileSync(join(opts.runDir, 'pids'), `${proc.pid}\n`);
  live.add(proc);
  everStarted.push(proc);
  return proc;
}

/** Stops everything this test process started and has not stopped yet. */
export async function stopAllLabProcesses(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/** PIDs still alive (leader or group member) among everything this test process ever started. */
export function leftoverLabPids(): number[] {
  return everStarted.flatMap((p) => p.groupMembers());
}

/** Sends `signal` to a process group by its numeric id (used by the stale-run reaper). */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals): void {
  signalQuietly(-pgid, signal);
}
