/**
 * Run dirs: one mkdtemp directory under os.tmpdir() per lab peer (configs, logs,
 * recordings, traces), removed when the peer stops unless SAYHI_KEEP_LAB=1.
 *
 * Each run dir records the test process that owns it (`owner`) and the PIDs it
 * started (`pids`). A test worker that was killed (Ctrl-C, crash) cannot stop its
 * peers, so the first run dir made by a later test process reaps such stale runs:
 * owner gone -> signal each recorded PID's process group, but only when
 * /proc/<pid>/cmdline still names that run dir (a recycled PID is never hit).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllLabProcessesNow, signalProcessGroup } from './processes.js';

const PREFIX = 'sayhi-lab-';

export interface RunDir {
  path: string;
  /** True when SAYHI_KEEP_LAB=1: remove() leaves the directory for inspection. */
  keep: boolean;
  remove(): void;
}

const open = new Set<RunDir>();
let reaped = false;
let exitHookInstalled = false;

export function keepLabFiles(): boolean {
  return process.env.SAYHI_KEEP_LAB === '1';
}

/** A zombie counts as gone: an orphan waits for PID 1 to reap it, which can take a while. */
function processExists(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Stops the peers of lab runs whose test process is gone; returns the PIDs signalled. */
export function reapStaleLabs(): number[] {
  const signalled: number[] = [];
  const base = tmpdir();
  for (const entry of readdirSync(base)) {
    if (!entry.startsWith(PREFIX)) continue;
    const dir = join(base, entry);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner'), 'utf8').trim());
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || processExists(owner)) continue;
    let pids: number[] = [];
    try {
      pids = readFileSync(join(dir, 'pids'), 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      // no process was ever started in it
    }
    for (const pid of pids) {
      if (Number.isInteger(pid) && pid > 1 && cmdlineOf(pid).includes(dir)) {
        signalProcessGroup(pid, 'SIGKILL');
        signalled.push(pid);
      }
    }
    if (!existsSync(join(dir, 'keep'))) rmSync(dir, { recursive: true, force: true });
  }
  return signalled;
}

export function makeRunDir(label: string): RunDir {
  if (!reaped) {
    reaped = true;
    reapStaleLabs();
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      killAllLabProcessesNow(); // peers first, then their files
      for (const dir of open) dir.remove();
    });
  }
  const path = mkdtempSync(join(tmpdir(), `${PREFIX}${label.replace(/[^A-Za-z0-9_.-]/g, '_')}-`));
  const keep = keepLabFiles();
  writeFileSync(join(path, 'owner'), `${process.pid}\n`);
  if (keep) writeFileSync(join(path, 'keep'), 'SAYHI_KEEP_LAB=1\n');
  const dir: RunDir = {
    path,
    keep,
    remove() {
      open.delete(dir);
      if (!keep) rmSync(path, { recursive: true, force: true });
    },
  };
  open.add(dir);
  return dir;
}

/** Run dirs made by this test process and not removed yet (kept ones count as removed). */
export function openRunDirs(): string[] {
  return [...open].map((d) => d.path);
}

/** Removes every run dir of this test process (kept ones stay on disk). */
export function removeAllRunDirs(): void {
  for (const dir of [...open]) dir.remove();
}
