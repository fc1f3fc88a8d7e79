/**
 * SIPp runs for integration tests. Scenarios live in tests/fixtures/lab/sipp/;
 * each run copies its scenario into a fresh run dir, replacing @TONE_ULAW@ with
 * the absolute path of an 8 kHz mu-law tone (rtp_stream does not expand
 * [keywords]), and traces every message to messages.log there.
 *
 *   const r = await runSipp({ scenario: 'register', target: kam.udp, keys: { user: '1007' },
 *                             auth: { user: '1007', password: 'pw1007' } });
 *   expect(r.code).toBe(0);
 *
 * Debian's sipp is built without TLS: UDP and TCP only. Exit codes: 0 all calls
 * succeeded, 1 some failed, 97/99 stopped without (failed) calls, 255/254 fatal.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { labToneWav } from './audio.js';
import { assertPortsFree, SlotPool, type PortNeed } from './port-probe.js';
import { LAB_HOST, SIPP_SLOT_COUNT, sippPorts, type Endpoint, type SippPorts } from './ports.js';
import { spawnLabProcess, type ExitInfo, type LabProcess } from './processes.js';
import { makeRunDir, type RunDir } from './run-dir.js';

const SCENARIOS = resolve(import.meta.dirname, '../fixtures/lab/sipp');

export interface SippOptions {
  /** Scenario name in tests/fixtures/lab/sipp (without .xml), or an absolute path to one. */
  scenario: string;
  /** Remote side; omit for a pure UAS. */
  target?: Endpoint | string;
  /** 'udp' (default, or the target Endpoint's) or 'tcp'. */
  transport?: 'udp' | 'tcp';
  /** -key name value, for [name] in the scenario. */
  keys?: Record<string, string | number>;
  /** -au / -ap: digest credentials for [authentication]. */
  auth?: { user: string; password: string };
  /** -s: [service], the user part of the Request-URI. */
  service?: string;
  /** -m: calls to make or take before exiting (default 1). */
  calls?: number;
  /** Any further SIPp arguments, e.g. ['-d', '4000'] or ['-rtp_echo']. */
  args?: readonly string[];
  /** A sipp slot of the port plan (local SIP port and -mp); default the first free one. */
  slot?: number;
  /** Kill SIPp after this long (it also gets -timeout, failing the run). Default 20 s. */
  timeoutMs?: number;
  /** Frequency of the tone rtp_stream sends (default 440 Hz). */
  toneHz?: number;
}

export interface SippResult {
  /** SIPp's exit code; null when it was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when our kill timer had to end it. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** -trace_msg: every message sent and received. */
  messages: string;
  /** -trace_err: unexpected messages and errors. */
  errors: string;
  /** -trace_logs: output of <log> actions. */
  logs: string;
  durationMs: number;
}

export interface SippProcess {
  readonly pid: number;
  readonly localPort: number;
  readonly mediaPort: number;
  readonly runDir: string;
  /** Resolves when SIPp exits by itself (or at the time limit); removes the run dir. */
  wait(): Promise<SippResult>;
  /** SIGTERM it now, then the same as wait(). */
  stop(): Promise<SippResult>;
}

function needsOf(ports: SippPorts): PortNeed[] {
  return [
    { port: ports.sipPort, proto: 'udp' },
    { port: ports.sipPort, proto: 'tcp' },
    { port: ports.mediaPort, proto: 'udp' },
    { port: ports.mediaPort + 2, proto: 'udp' },
  ];
}

const slots = new SlotPool('sipp', SIPP_SLOT_COUNT, (slot) => needsOf(sippPorts(slot)));

function readIf(path: string): string {
  return existsSync(path) ? readFileSync(path, 'latin1') : '';
}

function scenarioPath(scenario: string): string {
  const path = isAbsolute(scenario) ? scenario : join(SCENARIOS, `${scenario}.xml`);
  if (!existsSync(path)) throw new Error(`sipp scenario not found: ${path}`);
  return path;
}

function targetOf(target: Endpoint | string | undefined): string[] {
  if (target === undefined) return [];
  return [typeof target === 'string' ? target : `${target.host}:${target.port}`];
}

class LabSipp implements SippProcess {
  private result: Promise<SippResult> | undefined;
  private timedOut = false;
  private readonly killTimer: NodeJS.Timeout;

  constructor(
    private readonly proc: LabProcess,
    private readonly dir: RunDir,
    private readonly ports: SippPorts,
    private readonly releaseSlot: () => void,
    private readonly startedAt: number,
    timeoutMs: number,
  ) {
    this.killTimer = setTimeout(() => {
      this.timedOut = true;
      this.proc.stop(500).catch(() => undefined); // finish() reports what is left
    }, timeoutMs);
  }

  get pid(): number {
    return this.proc.pid;
  }

  get localPort(): number {
    return this.ports.sipPort;
  }

  get mediaPort(): number {
    return this.ports.mediaPort;
  }

  get runDir(): string {
    return this.dir.path;
  }

  wait(): Promise<SippResult> {
    this.result ??= this.proc.exited.then((exit) => this.finish(exit));
    return this.result;
  }

  async stop(): Promise<SippResult> {
    await this.proc.stop(1000);
    return this.wait();
  }

  private async finish(exit: ExitInfo): Promise<SippResult> {
    clearTimeout(this.killTimer);
    // the leader is gone; make sure the group is too before the files are read and removed
    await this.proc.stop(0);
    const run = this.dir.path;
    const result: SippResult = {
      code: exit.code,
      signal: exit.signal,
      timedOut: this.timedOut,
      stdout: readIf(join(run, 'sipp.out')),
      stderr: readIf(join(run, 'sipp.err')),
      messages: readIf(join(run, 'messages.log')),
      errors: readIf(join(run, 'errors.log')),
      logs: readIf(join(run, 'logs.log')),
      durationMs: Date.now() - this.startedAt,
    };
    this.releaseSlot();
    this.dir.remove();
    return result;
  }
}

/** Starts SIPp in the background (e.g. a UAS that a test then calls). */
export async function startSipp(opts: SippOptions): Promise<SippProcess> {
  const startedAt = Date.now();
  const source = scenarioPath(opts.scenario);
  const transport = opts.transport ?? (typeof opts.target === 'object' ? opts.target.transport : 'udp');
  if (transport !== 'udp' && transport !== 'tcp') throw new Error(`sipp: transport ${transport} is not supported (Debian's sipp has no TLS)`);
  const slot = opts.slot ?? (await slots.claim());
  const ports = sippPorts(slot);
  slots.hold(slot);
  const releaseSlot = (): void => slots.release(slot);
  const dir = makeRunDir(`sipp-${basename(source, '.xml')}`);
  try {
    await assertPortsFree(`sipp ${basename(source)}`, needsOf(ports));
    let xml = readFileSync(source, 'latin1');
    if (xml.includes('@TONE_ULAW@')) xml = xml.replaceAll('@TONE_ULAW@', await labToneWav(opts.toneHz ?? 440, 60, 'ulaw'));
    const scenario = join(dir.path, basename(source));
    writeFileSync(scenario, xml, 'latin1');
    const timeoutMs = opts.timeoutMs ?? 20_000;
    const run = dir.path;
    const args = [
      '-sf', scenario,
      '-i', LAB_HOST, '-mi', LAB_HOST,
      '-p', String(ports.sipPort), '-mp', String(ports.mediaPort),
      '-t', transport === 'udp' ? 'u1' : 't1',
      '-m', String(opts.calls ?? 1),
      '-nostdin',
      '-timeout', `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`, '-timeout_error',
      '-trace_msg', '-message_file', join(run, 'messages.log'),
      '-trace_err', '-error_file', join(run, 'errors.log'),
      '-trace_logs', '-log_file', join(run, 'logs.log'),
      ...Object.entries(opts.keys ?? {}).flatMap(([k, v]) => ['-key', k, String(v)]),
      ...(opts.auth ? ['-au', opts.auth.user, '-ap', opts.auth.password] : []),
      ...(opts.service ? ['-s', opts.service] : []),
      ...(opts.args ?? []),
      ...targetOf(opts.target),
    ];
    const proc = await spawnLabProcess({ name: 'sipp', command: 'sipp', args, runDir: run, separateStderr: true });
    void proc.exited.then(releaseSlot);
    // SIPp has its own -timeout; ours is the backstop for a hung process
    return new LabSipp(proc, dir, ports, releaseSlot, startedAt, timeoutMs + 3000);
  } catch (err) {
    releaseSlot();
    dir.remove();
    throw err;
  }
}

/** Runs SIPp to completion and returns its exit code, output and message trace. */
export async function runSipp(opts: SippOptions): Promise<SippResult> {
  return (await startSipp(opts)).wait();
}
