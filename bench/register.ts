/**
 * Registration benchmarks against the lab's Kamailio (REGISTER → 401 →
 * REGISTER with digest → 200, UDP on 127.0.0.1), for the DESIGN.md §5 budgets
 * "start to registered <= 150 ms" and "farm registrations >= 10,000/s on
 * one core", with SIPp and baresip measured in the same run.
 *
 * 1. Start to registered (median over N runs):
 *    - sayhi process: a fresh `node` running the compiled phone (tsc into a
 *      temp dir first), from spawn to the 'registered' event: Node's own
 *      start-up included, as for baresip; with the child's own CPU time, and
 *      the same program bundled into one file by esbuild (module loading is
 *      most of the start: this row shows what bundling the build would give);
 *    - sayhi CLI: the compiled `sayhi start` (src/cli/run.js: settings from
 *      SQLite, phone, face, web server) with one --account, spawn to its
 *      "-> registered" log line on stderr, and its CPU time (/proc) then;
 *      the data directory is made by one uncounted start first, so each
 *      counted run is a restart of an existing phone;
 *    - sayhi in-process: `new Phone()` + start() to 'registered' in this
 *      (warm) process; the first run is reported apart (cold JIT);
 *    - baresip: the lab's startMs (spawn to reginfo OK over ctrl_tcp, which
 *      polls: an upper bound);
 *    - sipp: spawn to exit of one REGISTER+digest (register-binding.xml).
 * 2. Farm rate: a closed loop keeps K registrations in flight over U users
 *    (one UaCore + UDP transport per user, as farm mode runs one phone per
 *    user), each a new Registration (new Call-ID, so each one is challenged),
 *    for R registrations; vs SIPp's register-binding scenario with the same
 *    K in flight (-l K) for the same count (one user: SIPp cannot take
 *    per-call digest credentials from an injection file). CPU: Sayhi by
 *    process.cpuUsage(), SIPp and every Kamailio process by /proc.
 *
 * Run: npx tsx bench/register.ts [runs=20] [farmUsers=500] [registrations=10000] [inFlight=200] [--only=start|farm]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeSocketFactory, SystemClock, nullLogger } from '../src/base/index.js';
import { NullAudioDevice } from '../src/media/index.js';
import { Phone, defaultAccount, defaultPhoneConfig } from '../src/phone/index.js';
import { TargetIterator, TransportManager } from '../src/sip/index.js';
import { Registration, UaCore, registrarUri } from '../src/sip-ua/index.js';
import { processGroupMembers, startBaresip, startKamailio, stopAllLab, type Kamailio } from '../tests/lab/index.js';
import { BENCH_PORTS, cpuMsOf, printTable, selfCpuMs, spawnSipp } from './bench-process.js';

const HOST = '127.0.0.1';
const ROOT = resolve(import.meta.dirname, '..');
const SIPP_SCENARIO = join(ROOT, 'tests/fixtures/lab/sipp/register-binding.xml');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Sum of utime+stime over Kamailio's main process and its workers, ms. */
function kamailioCpuMs(kam: Kamailio): number {
  return processGroupMembers(kam.pid).reduce((sum, pid) => {
    try {
      return sum + cpuMsOf(pid);
    } catch {
      return sum;
    }
  }, 0);
}

function phoneConfig(sipPort: number, user: string) {
  const config = defaultPhoneConfig('ES330');
  config.bindAddress = HOST;
  config.sipPort = sipPort;
  config.rtpPortMin = BENCH_PORTS.phoneRtp;
  config.rtpPortMax = BENCH_PORTS.phoneRtp + 19;
  config.accounts[0] = { ...defaultAccount(), enabled: true, user, password: `pw${user}`, server: `${HOST}:${25060}` };
  return config;
}

// ---- 1. start to registered ------------------------------------------------------------

async function inProcessStart(user: string): Promise<number> {
  const t0 = performance.now();
  const phone = new Phone({
    config: phoneConfig(BENCH_PORTS.sayhiUas, user),
    clock: new SystemClock(),
    sockets: new NodeSocketFactory(),
    device: new NullAudioDevice(),
    logger: nullLogger,
    version: 'bench',
  });
  const registered = new Promise<number>((resolveMs, reject) => {
    const timer = setTimeout(() => reject(new Error('not registered within 5 s')), 5000);
    phone.events.on('registration', (s) => {
      if (s.state === 'registered') {
        clearTimeout(timer);
        resolveMs(performance.now() - t0);
      }
    });
  });
  await phone.start();
  const ms = await registered;
  await phone.stop(1000);
  return ms;
}

/** Compile src/ once into a temp dir, for a child that starts like a real phone process. */
async function buildForChild(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sayhi-bench-build-'));
  await new Promise<void>((ok, fail) => {
    const tsc = spawn(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--sourceMap', 'false'], { stdio: 'ignore' });
    tsc.on('exit', () => ok()); // type errors in work-in-progress files still emit
    tsc.on('error', fail);
  });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const config = JSON.stringify(phoneConfig(BENCH_PORTS.sayhiUac, '1002'));
  writeFileSync(
    join(dir, 'start-phone.js'),
    [
      "import { NodeSocketFactory, SystemClock, nullLogger } from './base/index.js';",
      "import { NullAudioDevice } from './media/index.js';",
      "import { Phone } from './phone/index.js';",
      `const phone = new Phone({ config: ${config}, clock: new SystemClock(), sockets: new NodeSocketFactory(), device: new NullAudioDevice(), logger: nullLogger, version: 'bench' });`,
      "phone.events.on('registration', async (s) => {",
      "  if (s.state !== 'registered') return;",
      "  const cpu = process.cpuUsage();",
      "  process.stdout.write(`registered ${performance.now().toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)}\\n`);",
      '  await phone.stop(1000);',
      '  process.exit(0);',
      '});',
      'await phone.start();',
      'setTimeout(() => process.exit(3), 5000);',
      '',
    ].join('\n'),
  );
  // The same program as one file (esbuild, which tsx brings along; packages stay
  // external): what loading ~300 modules one by one costs, measured next to it.
  await new Promise<void>((ok) => {
    const esbuild = spawn(
      join(ROOT, 'node_modules/esbuild/bin/esbuild'),
      ['start-phone.js', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--outfile=start-phone.bundle.js', '--log-level=error'],
      { cwd: dir, stdio: 'ignore' },
    );
    esbuild.on('exit', () => ok());
    esbuild.on('error', () => ok());
  });
  return dir;
}

/** Spawn to 'registered' of a fresh phone process, and the child's own performance.now() and CPU time then. */
function childStart(dir: string, script = 'start-phone.js'): Promise<{ wallMs: number; sinceBootMs: number; cpuMs: number }> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(dir, script)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /registered ([\d.]+) ([\d.]+)/.exec(out);
      if (m) ok({ wallMs: performance.now() - t0, sinceBootMs: Number(m[1]), cpuMs: Number(m[2]) });
    });
    child.on('exit', (code) => {
      if (!/registered/.test(out)) fail(new Error(`phone process exited ${code} before registering`));
    });
  });
}

/** `sayhi start` (compiled) to its "-> registered" log line; stopped with SIGTERM (it un-registers) before resolving. */
function cliStart(dir: string, dataDir: string, kam: Kamailio): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const args = [
      join(dir, 'cli/run.js'), 'start', '--data', dataDir, '--bind', HOST, '--sip-port', String(BENCH_PORTS.sayhiCli),
      '--http-port', '0', '--rtp-ports', `${BENCH_PORTS.phoneRtp + 20}-${BENCH_PORTS.phoneRtp + 39}`,
      '--account', `1004:pw1004@${HOST}:${kam.udp.port}`, '--log-level', 'info',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let result: { wallMs: number; cpuMs: number } | undefined;
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (result || !/-> registered/.test(err)) return;
      result = { wallMs: performance.now() - t0, cpuMs: cpuMsOf(child.pid!) };
      child.kill('SIGTERM');
    });
    child.on('exit', (code) => (result ? ok(result) : fail(new Error(`sayhi start exited ${code} before registering: ${err.slice(-300)}`))));
  });
}

async function sippOnce(kam: Kamailio): Promise<number> {
  const t0 = performance.now();
  const run = await spawnSipp('reg1', sippRegisterArgs(kam, 1, 1));
  const code = await run.done;
  const ms = performance.now() - t0;
  await run.stop();
  if (code !== 0) throw new Error(`sipp register exited ${code}`);
  return ms;
}

function sippRegisterArgs(kam: Kamailio, count: number, inFlight: number): string[] {
  return [
    '-sf', SIPP_SCENARIO, `${HOST}:${kam.udp.port}`,
    '-i', HOST, '-p', String(BENCH_PORTS.sippUac.sipPort), '-mp', String(BENCH_PORTS.sippUac.mediaPort),
    '-key', 'user', '1001', '-key', 'contact_port', String(BENCH_PORTS.sippUac.sipPort), '-key', 'expires', '3600',
    '-au', '1001', '-ap', 'pw1001',
    '-m', String(count), '-l', String(inFlight), '-r', '100000',
    '-timeout', '120s', '-timeout_error',
  ];
}

// ---- 2. farm rate ----------------------------------------------------------------------

async function sayhiFarm(kam: Kamailio, users: string[], total: number, inFlight: number) {
  const clock = new SystemClock();
  const cores: UaCore[] = [];
  const transports: TransportManager[] = [];
  for (const _ of users) {
    const transport = await TransportManager.start({ factory: new NodeSocketFactory(), clock, logger: nullLogger, udp: { host: HOST, port: 0 } });
    transports.push(transport);
    cores.push(new UaCore({ transport, clock, logger: nullLogger, userAgent: 'Sayhi farm bench' }));
  }
  const registrar = registrarUri(`${HOST}:${kam.udp.port}`, 'udp')!;
  let started = 0;
  let registered = 0;
  let failed = 0;
  const cpu0 = selfCpuMs();
  const kam0 = kamailioCpuMs(kam);
  const t0 = performance.now();
  await new Promise<void>((done) => {
    const startOne = (): void => {
      const i = started++ % users.length;
      const reg = new Registration({
        core: cores[i]!,
        user: users[i]!,
        domain: HOST,
        registrar,
        password: `pw${users[i]}`,
        transport: 'udp',
        expires: 3600,
        pollingInterval: 3600,
        locate: async () => new TargetIterator([{ protocol: 'udp', host: HOST, port: kam.udp.port }]),
      });
      let settled = false;
      reg.events.on('state', (state) => {
        if (settled || (state !== 'registered' && state !== 'failed' && state !== 'auth-failed')) return;
        settled = true;
        if (state === 'registered') registered++;
        else failed++;
        if (registered + failed === total) done();
        else if (started < total) startOne();
      });
      reg.start();
    };
    for (let k = 0; k < Math.min(inFlight, total); k++) startOne();
  });
  const ms = performance.now() - t0;
  const cpuMs = selfCpuMs() - cpu0;
  const kamMs = kamailioCpuMs(kam) - kam0;
  for (const c of cores) c.close();
  await Promise.all(transports.map((t) => t.close()));
  return { rate: (registered / ms) * 1000, cpuUsPer: (cpuMs * 1000) / registered, kamUsPer: (kamMs * 1000) / registered, registered, failed };
}

async function sippFarm(kam: Kamailio, total: number, inFlight: number) {
  const kam0 = kamailioCpuMs(kam);
  const t0 = performance.now();
  const run = await spawnSipp('regfarm', sippRegisterArgs(kam, total, inFlight));
  let cpu = 0;
  // the process is gone once it exits: keep its last reading
  const poll = setInterval(() => {
    try {
      cpu = cpuMsOf(run.proc.pid);
    } catch {
      // exited
    }
  }, 20);
  const code = await run.done;
  const ms = performance.now() - t0;
  clearInterval(poll);
  const kamMs = kamailioCpuMs(kam) - kam0;
  await run.stop();
  return { rate: (total / ms) * 1000, cpuUsPer: (cpu * 1000) / total, kamUsPer: (kamMs * 1000) / total, code };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  // --only=start or --only=farm runs one half
  const only = /^--only=(start|farm)$/.exec(process.argv.find((a) => a.startsWith('--only=')) ?? '')?.[1];
  const runs = Number(args[0] ?? 20);
  const farmUsers = Number(args[1] ?? 500);
  const total = Number(args[2] ?? 10_000);
  const inFlight = Number(args[3] ?? 200);
  const users = Array.from({ length: farmUsers }, (_, i) => String(20_000 + i));
  console.log(`register: lab Kamailio on ${HOST}:25060 with ${farmUsers + 10} users; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  const kam = await startKamailio({ users: [...Array.from({ length: 10 }, (_, i) => String(1001 + i)), ...users], debug: 1 });

  if (only !== 'farm') await startToRegistered(kam, runs);
  if (only !== 'start') await farmRate(kam, users, farmUsers, total, inFlight);
  await kam.stop();
}

async function startToRegistered(kam: Kamailio, runs: number): Promise<void> {
  const build = await buildForChild();
  const child: number[] = [];
  const childBoot: number[] = [];
  const childCpu: number[] = [];
  const bundled: number[] = [];
  const bundledCpu: number[] = [];
  const hasBundle = existsSync(join(build, 'start-phone.bundle.js'));
  const inProc: number[] = [];
  const baresip: number[] = [];
  const sipp: number[] = [];
  const cli: number[] = [];
  const cliCpu: number[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'sayhi-bench-data-'));
  try {
    await cliStart(build, dataDir, kam); // makes the data directory and phone.db
    for (let i = 0; i < runs; i++) {
      const s = await cliStart(build, dataDir, kam);
      cli.push(s.wallMs);
      cliCpu.push(s.cpuMs);
      const c = await childStart(build);
      child.push(c.wallMs);
      childBoot.push(c.sinceBootMs);
      childCpu.push(c.cpuMs);
      if (hasBundle) {
        const b = await childStart(build, 'start-phone.bundle.js');
        bundled.push(b.wallMs);
        bundledCpu.push(b.cpuMs);
      }
      inProc.push(await inProcessStart('1001'));
    }
    for (let i = 0; i < Math.min(runs, 5); i++) {
      const b = await startBaresip({ user: '1003', registrar: kam });
      baresip.push(b.startMs);
      await b.stop();
      sipp.push(await sippOnce(kam));
    }
  } finally {
    rmSync(build, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\nstart to registered (ms)');
  printTable(
    ['what', 'median', 'min', 'max', 'runs', 'vs baresip'],
    [
      ['sayhi process: spawn → registered', median(child).toFixed(0), Math.min(...child).toFixed(0), Math.max(...child).toFixed(0), child.length, `${(median(child) / median(baresip)).toFixed(2)}x`],
      ['  of which Node boot → registered', median(childBoot).toFixed(0), Math.min(...childBoot).toFixed(0), Math.max(...childBoot).toFixed(0), childBoot.length, ''],
      ['  its CPU time until registered', median(childCpu).toFixed(0), Math.min(...childCpu).toFixed(0), Math.max(...childCpu).toFixed(0), childCpu.length, ''],
      ...(hasBundle
        ? [
            ['same, one esbuild bundle: spawn → registered', median(bundled).toFixed(0), Math.min(...bundled).toFixed(0), Math.max(...bundled).toFixed(0), bundled.length, `${(median(bundled) / median(baresip)).toFixed(2)}x`],
            ['  its CPU time until registered', median(bundledCpu).toFixed(0), Math.min(...bundledCpu).toFixed(0), Math.max(...bundledCpu).toFixed(0), bundledCpu.length, ''],
          ]
        : []),
      ['sayhi start (CLI, SQLite, web): spawn → registered', median(cli).toFixed(0), Math.min(...cli).toFixed(0), Math.max(...cli).toFixed(0), cli.length, `${(median(cli) / median(baresip)).toFixed(2)}x`],
      ['  its CPU time until registered', median(cliCpu).toFixed(0), Math.min(...cliCpu).toFixed(0), Math.max(...cliCpu).toFixed(0), cliCpu.length, ''],
      ['sayhi in-process, first (cold JIT)', inProc[0]!.toFixed(1), '', '', 1, ''],
      ['sayhi in-process, warm', median(inProc.slice(1)).toFixed(1), Math.min(...inProc.slice(1)).toFixed(1), Math.max(...inProc.slice(1)).toFixed(1), inProc.length - 1, ''],
      ['baresip (lab startMs, polls ctrl_tcp)', median(baresip).toFixed(0), Math.min(...baresip).toFixed(0), Math.max(...baresip).toFixed(0), baresip.length, '1.00x'],
      ['sipp: one REGISTER+digest, spawn → exit', median(sipp).toFixed(0), Math.min(...sipp).toFixed(0), Math.max(...sipp).toFixed(0), sipp.length, `${(median(sipp) / median(baresip)).toFixed(2)}x`],
    ],
  );
  console.log('budget (DESIGN.md §5): start to "registered" <= 150 ms on loopback');
}

async function farmRate(kam: Kamailio, users: string[], farmUsers: number, total: number, inFlight: number): Promise<void> {
  const s = await sayhiFarm(kam, users, total, inFlight);
  const p = await sippFarm(kam, total, inFlight);
  console.log(`\nregistration rate: ${total} REGISTER+401+REGISTER+200, ${inFlight} in flight`);
  printTable(
    ['who', 'reg/s', 'vs SIPp', 'client µs CPU/reg', 'vs SIPp', 'Kamailio µs CPU/reg', 'result'],
    [
      ['sayhi farm', s.rate.toFixed(0), `${(s.rate / p.rate).toFixed(2)}x`, s.cpuUsPer.toFixed(0), `${(s.cpuUsPer / p.cpuUsPer).toFixed(2)}x`, s.kamUsPer.toFixed(0), `${s.registered} ok, ${s.failed} failed, ${farmUsers} users`],
      ['sipp register-binding', p.rate.toFixed(0), '1.00x', p.cpuUsPer.toFixed(0), '1.00x', p.kamUsPer.toFixed(0), p.code === 0 ? 'all ok, 1 user' : `sipp exit ${p.code}`],
    ],
  );
  console.log('budget (DESIGN.md §5): >= 10,000 registrations/s on one core (client side: <= 100 µs CPU per registration)');
}

const keepAlive = setInterval(() => {}, 1000);
try {
  await main();
} finally {
  await stopAllLab();
  clearInterval(keepAlive);
}
