/**
 * Crash safety of the phone database (issue #3, "Crash safety, proven") — proves:
 *  - a writer process SIGKILLed at a random moment, 1000 times (two databases in
 *    parallel, 500 kills each, each database reused so it grows), never leaves a
 *    file that fails to open (open runs quick_check and the migration check) or
 *    fails `PRAGMA integrity_check`;
 *  - every write acknowledged before the kill is there with its last acknowledged
 *    value (settings setMany/deleteMany, contact add/edit/delete), and nothing else
 *    changed except the one write in flight at the kill, which is there whole or
 *    not at all (setMany of up to 100 keys included: atomic);
 *  - writes the store refused (phonebook full (300), duplicate speed dial) left no trace.
 * 5 % of the kills land during start-up (database open, WAL recovery of the
 * previous kill) instead of during the writes.
 * Seeded: CRASH_SEED=<n> replays the same write sequences (kill instants depend on
 * timing). CRASH_ITERATIONS and CRASH_LANES change the size of the run.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openPhoneDatabase } from '../../../src/config/index.js';
import { compileForNode } from './compile-for-node.js';
import { type CrashModel, type CrashOp, applyOp, diffModels } from './crash-ops.js';
import { SeededRandom } from './seeded-random.js';

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 1000);
const LANES = Number(process.env.CRASH_LANES ?? 2);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Kill within this many ms after the writer said it is writing. */
const WINDOW_MS = 30;

const ROOT = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'sayhi-crash-'));
const spares: WriterProcess[] = [];
afterAll(async () => {
  for (const spare of spares) spare.proc.kill('SIGKILL');
  await Promise.all(spares.map((s) => s.closed));
  rmSync(work, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** One crash-writer child: its stdout lines, and promises for 'L' (loaded), 'R' (writing) and exit. */
class WriterProcess {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  readonly loaded: Promise<void>;
  readonly ready: Promise<void>;
  readonly closed: Promise<Exit>;
  private partial = '';

  constructor(js: string, dir: string, seed: number) {
    this.proc = spawn(process.execPath, [js, dir, String(seed)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let onLoaded!: () => void;
    let onReady!: () => void;
    this.loaded = new Promise((r) => (onLoaded = r));
    this.ready = new Promise((r) => (onReady = r));
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop()!;
      for (const line of parts) {
        if (line === 'L') onLoaded();
        else if (line === 'R') onReady();
        else this.lines.push(line);
      }
    });
    this.proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.closed = new Promise((r) => this.proc.on('close', (code, signal) => r({ code, signal, stderr })));
    // A child that dies early must not leave loaded/ready waiting forever.
    void this.closed.then(() => {
      onLoaded();
      onReady();
    });
  }

  go(): void {
    this.proc.stdin.write('go\n');
  }
}

interface Totals {
  kills: number;
  acked: number;
  refused: number;
  inFlightAtKill: number;
  inFlightCommitted: number;
  walRecoveries: number;
  killedDuringStart: number;
}

/** CPU time of the writers, from /proc (Linux: cutime + cstime of reaped children). */
function childCpuSeconds(): string {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return `${(ticks / 100).toFixed(1)} s`;
  } catch {
    return 'unknown';
  }
}

function readDatabase(dir: string): { model: CrashModel; integrity: string[] } {
  const db = openPhoneDatabase(dir);
  try {
    return {
      integrity: db.integrityCheck(),
      model: { settings: new Map(db.settings.entries()), contacts: new Map(db.contacts.list().map((c) => [c.id, c])) },
    };
  } finally {
    db.close();
  }
}

/** Replay the child's lines onto the model: acknowledged writes applied, the in-flight one returned. */
function replay(model: CrashModel, lines: string[], totals: Totals): { model: CrashModel; pending?: CrashOp } {
  let pending: { seq: number; op: CrashOp } | undefined;
  for (const line of lines) {
    const [kind, seqText] = line.split(' ', 2);
    const seq = Number(seqText);
    const rest = line.slice(kind!.length + seqText!.length + 2);
    if (kind === 'I') {
      pending = { seq, op: JSON.parse(rest) as CrashOp };
      continue;
    }
    if (!pending || pending.seq !== seq) throw new Error(`acknowledgement ${line} without its intent`);
    if (kind === 'A') {
      const result = JSON.parse(rest) as { id?: number } | null;
      model = applyOp(model, pending.op, result?.id);
      totals.acked++;
    } else if (kind === 'F') totals.refused++;
    else throw new Error(`unexpected line from the writer: ${line}`);
    pending = undefined;
  }
  return { model, pending: pending?.op };
}

async function runLane(lane: number, js: string, iterations: number, totals: Totals, stop: { failed: boolean }): Promise<void> {
  const dir = join(work, `lane-${lane}`);
  mkdirSync(dir);
  const rng = new SeededRandom(SEED + lane * 7919);
  let model: CrashModel = { settings: new Map(), contacts: new Map() };
  let next = new WriterProcess(js, dir, rng.int(0, 2 ** 31));
  spares.push(next);
  for (let i = 0; i < iterations && !stop.failed; i++) {
    const child = next;
    next = new WriterProcess(js, dir, rng.int(0, 2 ** 31)); // loads its modules while this one runs
    spares.push(next);
    await child.loaded;
    const duringStart = rng.chance(0.05);
    const delay = duringStart ? rng.int(0, 60) : rng.int(0, WINDOW_MS);
    child.go();
    if (!duringStart) await Promise.race([child.ready, child.closed]);
    await sleep(delay);
    child.proc.kill('SIGKILL');
    const exit = await child.closed;
    spares.splice(spares.indexOf(child), 1);
    const where = `lane ${lane}, kill ${i + 1} (CRASH_SEED=${SEED})`;
    if (exit.signal !== 'SIGKILL') throw new Error(`${where}: the writer exited by itself (code ${exit.code}): ${exit.stderr}`);
    totals.kills++;
    if (duringStart) totals.killedDuringStart++;
    const wal = join(dir, 'phone.db-wal');
    if (existsSync(wal) && statSync(wal).size > 0) totals.walRecoveries++;

    const replayed = replay(model, child.lines, totals);
    let actual: ReturnType<typeof readDatabase>;
    try {
      actual = readDatabase(dir);
    } catch (err) {
      throw new Error(`${where}: the database does not open: ${(err as Error).message}`, { cause: err });
    }
    if (actual.integrity.join(';') !== 'ok') throw new Error(`${where}: integrity_check: ${actual.integrity.join('; ')}`);
    const missing = diffModels(replayed.model, actual.model);
    if (missing === '') {
      model = replayed.model;
    } else {
      if (!replayed.pending) throw new Error(`${where}: ${missing}`);
      // The write in flight may have committed before the kill: then it must be there whole.
      const added = [...actual.model.contacts.keys()].filter((id) => !replayed.model.contacts.has(id));
      const withPending = applyOp(replayed.model, replayed.pending, added.length === 1 ? added[0] : -1);
      const stillMissing = diffModels(withPending, actual.model);
      if (stillMissing !== '') {
        throw new Error(`${where}: ${missing} (and with the in-flight write ${JSON.stringify(replayed.pending)}: ${stillMissing})`);
      }
      model = withPending;
      totals.inFlightCommitted++;
    }
    if (replayed.pending) totals.inFlightAtKill++;
  }
}

describe('phone database crash safety (SIGKILL)', () => {
  it(`keeps every acknowledged write through ${ITERATIONS} kills`, { timeout: 600_000 }, async () => {
    const started = process.hrtime.bigint();
    const js = compileForNode(join(ROOT, 'tests/integration/config/crash-writer.ts'), ROOT, join(work, 'build'));
    const totals: Totals = { kills: 0, acked: 0, refused: 0, inFlightAtKill: 0, inFlightCommitted: 0, walRecoveries: 0, killedDuringStart: 0 };
    const stop = { failed: false };
    const perLane = Math.ceil(ITERATIONS / LANES);
    const lanes = Array.from({ length: LANES }, (_, lane) =>
      runLane(lane, js, Math.min(perLane, ITERATIONS - lane * perLane), totals, stop).catch((err: unknown) => {
        stop.failed = true;
        throw err;
      }),
    );
    await Promise.all(lanes);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage();
    const children = childCpuSeconds();
    const size = statSync(join(work, 'lane-0', 'phone.db')).size;
    console.log(
      `crash-safety: seed ${SEED}, ${totals.kills} kills in ${seconds.toFixed(1)} s on ${LANES} lanes; ` +
        `${totals.acked} writes acknowledged, ${totals.refused} refused; ${totals.inFlightAtKill} kills inside a write ` +
        `(${totals.inFlightCommitted} of those committed before the kill), ${totals.killedDuringStart} during start-up, ` +
        `${totals.walRecoveries} reopened with a non-empty WAL; lane-0 phone.db ${size} bytes; ` +
        `CPU: test process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, writers ${children}`,
    );
    expect(totals.kills).toBe(ITERATIONS);
    // The run must have exercised what it claims: many writes, kills in the middle of writes, recoveries.
    expect(totals.acked).toBeGreaterThan(ITERATIONS * 2);
    expect(totals.inFlightAtKill).toBeGreaterThan(ITERATIONS / 4);
    expect(totals.walRecoveries).toBeGreaterThan(ITERATIONS / 2);
  });

  it('the checker itself notices a lost or extra write', () => {
    const base: CrashModel = { settings: new Map([['crash.key001', 1]]), contacts: new Map() };
    const after = applyOp(base, { op: 'set', entries: [['crash.key001', 2], ['crash.key002', 'x']] });
    expect(diffModels(after, base)).toContain('crash.key001');
    const added = applyOp(base, { op: 'add', contact: { firstName: 'Ann', mobile: '100' } }, 5);
    expect(diffModels(base, added)).toContain('contact 5');
    expect(diffModels(added, added)).toBe('');
  });
});
