/**
 * Runs the real `sayhi` command in a child process for the CLI tests.
 *
 * `node bin/sayhi.js` when dist/ is at least as new as every source file (CI builds
 * before vitest: scripts/test.sh); otherwise the same entry from the sources via
 * tsx (`node --import tsx src/cli/run.ts`), so a stale local build never tests old
 * code. SAYHI_CLI_FROM=dist|src forces one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const ADMIN_AUTH = `Basic ${Buffer.from('root:root').toString('base64')}`;

function sourcesNewerThanDist(): string | undefined {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  for (const src of walk(join(ROOT, 'src'))) {
    const built = join(ROOT, 'dist', relative(join(ROOT, 'src'), src).replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(src).mtimeMs) return relative(ROOT, src);
  }
  return undefined;
}

/** node arguments that run `sayhi`, and which copy they run. */
export function sayhiEntry(): { args: string[]; from: 'dist' | 'src' } {
  const forced = process.env.SAYHI_CLI_FROM;
  const useDist = forced ? forced === 'dist' : sourcesNewerThanDist() === undefined;
  return useDist ? { args: ['bin/sayhi.js'], from: 'dist' } : { args: ['--import', 'tsx', 'src/cli/run.ts'], from: 'src' };
}

export interface SayhiRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface SayhiProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<SayhiRun>;
  /** Resolves once stdout has the "ready" line (rejects if the process exits first). */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGKILL if still running (afterAll). */
  kill(): void;
}

/** Start `sayhi <args>` (cwd: the repository) with its output captured. */
export function spawnSayhi(args: string[], env: NodeJS.ProcessEnv = {}): SayhiProcess {
  const t0 = Date.now();
  const child = spawn(process.execPath, [...sayhiEntry().args, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<SayhiRun>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr, ms: Date.now() - t0 })),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    ready: (timeoutMs = 15_000) =>
      new Promise<void>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`sayhi not ready after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
        const check = () => {
          if (/ ready: /.test(stdout)) {
            clearTimeout(timer);
            res();
          }
        };
        child.stdout!.on('data', check);
        check();
        void exited.then((r) => {
          clearTimeout(timer);
          rej(new Error(`sayhi exited (${r.code ?? r.signal}) before ready\nstdout: ${r.stdout}\nstderr: ${r.stderr}`));
        });
      }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    },
  };
}

/** Run `sayhi <args>` to completion (bounded). */
export async function runSayhi(args: string[], timeoutMs = 15_000): Promise<SayhiRun> {
  const p = spawnSayhi(args);
  const timer = setTimeout(() => p.kill(), timeoutMs);
  const r = await p.exited;
  clearTimeout(timer);
  return r;
}

/** Wait for a process to exit, at most `ms`; undefined when it did not. */
export async function exitWithin(p: SayhiProcess, ms: number): Promise<SayhiRun | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([p.exited, new Promise<undefined>((res) => (timer = setTimeout(() => res(undefined), ms)))]);
  clearTimeout(timer);
  return r;
}

/** A JSON call to the phone's REST API with the admin login. */
export async function api<T = unknown>(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: ADMIN_AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** Poll `fn` until it returns something truthy (bounded). */
export async function poll<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
