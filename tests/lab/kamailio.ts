/**
 * Kamailio for integration tests: registrar with digest auth, proxy, presence
 * server (dialog BLF, message-summary MWI) and TLS, on the planned loopback ports.
 * Config template: tests/fixtures/lab/kamailio.cfg. Runs in the foreground
 * (-DD -E) as a detached child; ready when it answers OPTIONS over UDP.
 *
 *   const kam = await startKamailio();
 *   ... sip:1001@127.0.0.1 via kam.udp / kam.tcp / kam.tls, password pw1001 ...
 *   await kam.stop();
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeLabCertificate } from './certs.js';
import { assertPortsFree, portIsFree } from './port-probe.js';
import { KAMAILIO_SIP_PORT, KAMAILIO_TLS_PORT, LAB_HOST, type Endpoint, type LabTransport } from './ports.js';
import { spawnLabProcess, type LabProcess } from './processes.js';
import { makeRunDir, type RunDir } from './run-dir.js';
import { runTool } from './run-tool.js';
import { sendOptions } from './sip-options.js';

export const LAB_DOMAIN = '127.0.0.1';

const TEMPLATE = resolve(import.meta.dirname, '../fixtures/lab/kamailio.cfg');
/** Table definitions shipped with the kamailio package (db_text flavour). */
const DBTEXT_SCHEMA = '/usr/share/kamailio/dbtext/kamailio';
/** db_text refuses to load rows with NULL in a non-null column, and pua writes such rows at shutdown. */
const PRESENCE_TABLES = ['presentity', 'active_watchers', 'watchers', 'pua', 'xcap'];

export interface LabUser {
  user: string;
  password: string;
}

export interface KamailioOptions {
  /** Users in the subscriber table (default 1001..1010); password is always pw<user>. */
  users?: readonly string[];
  /** Kamailio log level: 1 notice, 2 info (default), 3 debug. */
  debug?: number;
  /** Shared memory in MB (-m, default 256; 64 MB crashed under call load). */
  sharedMemoryMb?: number;
  startTimeoutMs?: number;
  /** How long to wait for the planned ports to come free (another test process using them); default 180 s. */
  portWaitMs?: number;
}

export interface Kamailio {
  readonly udp: Endpoint;
  readonly tcp: Endpoint;
  readonly tls: Endpoint;
  readonly domain: typeof LAB_DOMAIN;
  readonly users: readonly LabUser[];
  /** Self-signed CA:TRUE certificate for 127.0.0.1, ::1 and localhost (PEM); trust it as a CA. */
  readonly certPath: string;
  readonly keyPath: string;
  readonly runDir: string;
  readonly logPath: string;
  readonly pid: number;
  /** Milliseconds of the last (re)start: port check, spawn, first 200 for OPTIONS. */
  readonly startMs: number;
  /** Milliseconds startKamailio() took in all (certificate, configs, start). */
  readonly setupMs: number;
  endpoint(transport: LabTransport): Endpoint;
  /** Outbound-proxy URI for a transport, e.g. sip:127.0.0.1:25060;transport=tcp. */
  proxyUri(transport: LabTransport): string;
  passwordOf(user: string): string;
  kamcmd(...args: string[]): Promise<string>;
  /** `kamcmd ul.dump`: the location table (memory only). */
  ulDump(): Promise<string>;
  /** AoRs (user names) currently in the location table. */
  registeredAors(): Promise<string[]>;
  logTail(lines?: number): string;
  /** Stop and start again on the same ports and run dir: registrations and presence state are lost. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function defaultUsers(): string[] {
  return Array.from({ length: 10 }, (_, i) => String(1001 + i));
}

function writeConfig(run: string, debug: number): void {
  const cfg = readFileSync(TEMPLATE, 'utf8')
    .replaceAll('@RUN@', run)
    .replaceAll('@SIP_PORT@', String(KAMAILIO_SIP_PORT))
    .replaceAll('@TLS_PORT@', String(KAMAILIO_TLS_PORT))
    .replace(/^debug=\d+$/m, `debug=${debug}`);
  writeFileSync(join(run, 'kamailio.cfg'), cfg);
}

function writeTlsConfig(run: string, certPath: string, keyPath: string): void {
  writeFileSync(
    join(run, 'tls.cfg'),
    [
      '[server:default]',
      'method = TLSv1.2+',
      'verify_certificate = no',
      'require_certificate = no',
      `private_key = ${keyPath}`,
      `certificate = ${certPath}`,
      '',
      '[client:default]',
      'method = TLSv1.2+',
      'verify_certificate = no',
      'require_certificate = no',
      '',
    ].join('\n'),
  );
}

/** Fresh db_text tables: the subscriber list and empty, NULL-tolerant presence tables. */
function writeTables(run: string, users: readonly LabUser[]): void {
  const db = join(run, 'db');
  mkdirSync(db, { recursive: true });
  copyFileSync(join(DBTEXT_SCHEMA, 'version'), join(db, 'version'));
  for (const table of PRESENCE_TABLES) {
    const lines = readFileSync(join(DBTEXT_SCHEMA, table), 'utf8').split('\n');
    lines[0] = lines[0]!.replaceAll('(string)', '(string,null)').replaceAll('(int)', '(int,null)');
    writeFileSync(join(db, table), lines.join('\n'));
  }
  const rows = users.map((u, i) => `${i + 1}:${u.user}:${LAB_DOMAIN}:${u.password}::`);
  writeFileSync(
    join(db, 'subscriber'),
    ['id(int,auto) username(string) domain(string) password(string) ha1(string,null) ha1b(string,null)', ...rows, ''].join('\n'),
  );
}

async function waitAnswering(proc: LabProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.alive()) {
      throw new Error(`kamailio exited during start (${JSON.stringify(proc.exitInfo)}); log:\n${proc.logTail(40)}`);
    }
    try {
      const answer = await sendOptions({ transport: 'udp', port: KAMAILIO_SIP_PORT, timeoutMs: 150 });
      if (answer.status === 200) return;
      throw new Error(`kamailio answered OPTIONS with ${answer.status} ${answer.reason}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('kamailio answered')) throw err;
      if (Date.now() > deadline) {
        throw new Error(`kamailio did not answer OPTIONS on udp:${KAMAILIO_SIP_PORT} within ${timeoutMs} ms; log:\n${proc.logTail(40)}`);
      }
    }
  }
}

class LabKamailio implements Kamailio {
  readonly udp: Endpoint = { host: LAB_HOST, port: KAMAILIO_SIP_PORT, transport: 'udp' };
  readonly tcp: Endpoint = { host: LAB_HOST, port: KAMAILIO_SIP_PORT, transport: 'tcp' };
  readonly tls: Endpoint = { host: LAB_HOST, port: KAMAILIO_TLS_PORT, transport: 'tls' };
  readonly domain = LAB_DOMAIN;
  readonly logPath: string;
  setupMs = 0;
  private proc: LabProcess | undefined;
  private lastStartMs = 0;

  constructor(
    private readonly dir: RunDir,
    readonly users: readonly LabUser[],
    readonly certPath: string,
    readonly keyPath: string,
    private readonly opts: KamailioOptions,
  ) {
    this.logPath = join(dir.path, 'kamailio.log');
  }

  get runDir(): string {
    return this.dir.path;
  }

  get pid(): number {
    return this.proc?.pid ?? 0;
  }

  get startMs(): number {
    return this.lastStartMs;
  }

  endpoint(transport: LabTransport): Endpoint {
    return transport === 'udp' ? this.udp : transport === 'tcp' ? this.tcp : this.tls;
  }

  proxyUri(transport: LabTransport): string {
    const ep = this.endpoint(transport);
    return `sip:${ep.host}:${ep.port};transport=${transport}`;
  }

  passwordOf(user: string): string {
    const found = this.users.find((u) => u.user === user);
    if (!found) throw new Error(`user ${user} is not in the lab's subscriber table`);
    return found.password;
  }

  async start(): Promise<void> {
    const t0 = Date.now();
    const needs = [
      { port: KAMAILIO_SIP_PORT, proto: 'udp' as const },
      { port: KAMAILIO_SIP_PORT, proto: 'tcp' as const },
      { port: KAMAILIO_TLS_PORT, proto: 'tcp' as const },
    ];
    // Another test process on this machine (a developer running two suites) may hold the
    // fixed Kamailio ports for a while: wait for it (bounded) instead of failing at once.
    // CI runs test files one at a time, so there this loop ends on its first check.
    const waitUntil = Date.now() + (this.opts.portWaitMs ?? Number(process.env.SAYHI_LAB_PORT_WAIT_MS ?? 180_000));
    while (!(await allFree(needs)) && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 500));
    await assertPortsFree('kamailio', [
      { port: KAMAILIO_SIP_PORT, proto: 'udp' },
      { port: KAMAILIO_SIP_PORT, proto: 'tcp' },
      { port: KAMAILIO_TLS_PORT, proto: 'tcp' },
    ]);
    writeTables(this.dir.path, this.users);
    const run = this.dir.path;
    const shm = String(this.opts.sharedMemoryMb ?? 256);
    this.proc = await spawnLabProcess({
      name: 'kamailio',
      command: 'kamailio',
      args: ['-f', join(run, 'kamailio.cfg'), '-Y', run, '-DD', '-E', '-m', shm, '-M', '16'],
      runDir: run,
    });
    try {
      await waitAnswering(this.proc, this.opts.startTimeoutMs ?? 10_000);
    } catch (err) {
      await this.proc.stop();
      throw err;
    }
    this.lastStartMs = Date.now() - t0;
  }

  async kamcmd(...args: string[]): Promise<string> {
    const result = await runTool('kamcmd', ['-s', `unix:${join(this.dir.path, 'kamailio_ctl')}`, ...args]);
    if (result.code !== 0) throw new Error(`kamcmd ${args.join(' ')} failed: ${result.stderr.trim() || result.stdout.trim()}`);
    return result.stdout;
  }

  ulDump(): Promise<string> {
    return this.kamcmd('ul.dump');
  }

  async registeredAors(): Promise<string[]> {
    const dump = await this.kamcmd('ul.dump', 'brief');
    return [...dump.matchAll(/AoR: (\S+)/g)].map((m) => m[1]!);
  }

  logTail(lines = 30): string {
    return this.proc?.logTail(lines) ?? '';
  }

  async restart(): Promise<void> {
    await this.proc?.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    try {
      await this.proc?.stop();
    } finally {
      this.proc = undefined;
      this.dir.remove();
    }
  }
}

export async function startKamailio(opts: KamailioOptions = {}): Promise<Kamailio> {
  const t0 = Date.now();
  const users = (opts.users ?? defaultUsers()).map((user) => ({ user, password: `pw${user}` }));
  const dir = makeRunDir('kamailio');
  try {
    const { certPath, keyPath } = await makeLabCertificate(dir.path);
    writeConfig(dir.path, opts.debug ?? 2);
    writeTlsConfig(dir.path, certPath, keyPath);
    const kam = new LabKamailio(dir, users, certPath, keyPath, opts);
    await kam.start();
    kam.setupMs = Date.now() - t0;
    return kam;
  } catch (err) {
    dir.remove();
    throw err;
  }
}

async function allFree(needs: ReadonlyArray<{ port: number; proto: 'udp' | 'tcp' }>): Promise<boolean> {
  for (const n of needs) if (!(await portIsFree(n))) return false;
  return true;
}
