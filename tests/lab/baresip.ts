/**
 * baresip 1.0 as a scriptable far-end phone: one user agent per process, driven
 * over ctrl_tcp, playing a WAV into calls and recording what it hears.
 *
 *   const b = await startBaresip({ user: '1002', registrar: kam });      // registers over UDP
 *   const p = await startBaresip({ user: '1004' });                      // no registrar: peer to peer
 *   await p.ctrl.dial(b.contactUri); await b.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
 *
 * Notes (baresip 1.0 as packaged by Debian):
 *  - it binds 0.0.0.0:5060 unless sip_listen is set, and would put the machine's
 *    eth0 address into SDP without net_interface; both are pinned to 127.0.0.1.
 *  - aufile needs 8000 Hz mono s16 for G.711 and ends the call when the file ends.
 *  - sndfile writes dump-<call start, 1 s resolution>-dec.wav (heard) / -enc.wav
 *    (sent); the WAV header is only complete once the call is closed.
 *  - auto-answer emits no CALL_INCOMING; a manual answer does.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { labToneWav } from './audio.js';
import { BaresipCtrl } from './baresip-ctrl.js';
import { assertPortsFree, SlotPool, type PortNeed } from './port-probe.js';
import {
  assertInPlan,
  BARESIP_SLOT_COUNT,
  baresipPorts,
  formatRange,
  LAB_HOST,
  type BaresipPorts,
  type Endpoint,
  type LabTransport,
  type PortRange,
} from './ports.js';
import { spawnLabProcess, type LabProcess } from './processes.js';
import { makeRunDir, type RunDir } from './run-dir.js';

const TEMPLATE = resolve(import.meta.dirname, '../fixtures/lab/baresip/config');

export type AnswerMode = 'auto' | 'manual' | 'early';

/** A Kamailio handle (or anything else that can name its endpoint per transport). */
export interface RegistrarLike {
  endpoint(transport: LabTransport): Endpoint;
}

export interface BaresipOptions {
  user: string;
  /** Digest password (default pw<user>, as in the lab's subscriber table). */
  password?: string;
  /** Registrar / outbound proxy; without one the agent only makes direct calls. */
  registrar?: RegistrarLike | Endpoint;
  /** REGISTER with the registrar (default: true when a registrar is given). */
  register?: boolean;
  /** Transport towards the registrar (default udp, or the Endpoint's own). */
  transport?: LabTransport;
  /** SIP domain of the account (default 127.0.0.1). */
  domain?: string;
  /** A slot of the port plan; by default the first free one. */
  slot?: number;
  sipPort?: number;
  ctrlPort?: number;
  rtpRange?: PortRange;
  /** WAV played into calls (8000 Hz mono s16); default a 600 s 1000 Hz tone (labToneWav). */
  audioSource?: string;
  answerMode?: AnswerMode;
  /** Re-REGISTER interval in seconds (default 60). */
  regintSeconds?: number;
  /** Extra account parameters, e.g. ';sipnat=outbound'. */
  accountParams?: string;
  startTimeoutMs?: number;
}

export interface Baresip {
  readonly user: string;
  /** sip:<user>@<domain> */
  readonly aor: string;
  /** Direct URI of this agent (no proxy), e.g. sip:1004@127.0.0.1:25120 (;transport=tcp|tls). */
  contactUri(transport?: LabTransport): string;
  readonly sipPort: number;
  readonly tlsPort: number;
  readonly ctrlPort: number;
  readonly rtpRange: PortRange;
  readonly transport: LabTransport;
  readonly ctrl: BaresipCtrl;
  readonly recordingsDir: string;
  readonly runDir: string;
  readonly logPath: string;
  readonly pid: number;
  /** Milliseconds from the port check to ctrl_tcp connected (and registered, if asked). */
  readonly startMs: number;
  /** Newest recording of a kind ('dec' = what it heard, 'enc' = what it sent), or undefined. */
  latestRecording(kind: 'dec' | 'enc'): string | undefined;
  /**
   * Waits until the newest recording of `kind` (other than `notPath`) is complete
   * (its WAV header is written when the call closes) and returns its path.
   */
  waitRecording(kind: 'dec' | 'enc', opts?: { notPath?: string; timeoutMs?: number }): Promise<string>;
  /** Polls reginfo until the account shows OK. */
  waitRegistered(timeoutMs?: number): Promise<void>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

function needsOf(ports: { sipPort: number; ctrlPort: number }): PortNeed[] {
  return [
    { port: ports.sipPort, proto: 'udp' },
    { port: ports.sipPort, proto: 'tcp' },
    { port: ports.sipPort + 1, proto: 'tcp' },
    { port: ports.ctrlPort, proto: 'tcp' },
  ];
}

const slots = new SlotPool('baresip', BARESIP_SLOT_COUNT, (slot) => needsOf(baresipPorts(slot)));

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function resolveRegistrar(opts: BaresipOptions): Endpoint | undefined {
  const r = opts.registrar;
  if (!r) return undefined;
  if ('endpoint' in r) return r.endpoint(opts.transport ?? 'udp');
  return r;
}

/** One line of baresip's "accounts" file. */
function accountLine(opts: BaresipOptions, transport: LabTransport, proxy: Endpoint | undefined, register: boolean): string {
  const domain = opts.domain ?? LAB_HOST;
  const params = [
    `auth_pass=${opts.password ?? `pw${opts.user}`}`,
    ...(proxy ? [`outbound="sip:${proxy.host}:${proxy.port};transport=${transport}"`] : []),
    `answermode=${opts.answerMode ?? 'auto'}`,
    'audio_codecs=PCMU,PCMA',
    // regint=0: never REGISTER (calls still go through the outbound proxy, if any)
    `regint=${register ? (opts.regintSeconds ?? 60) : 0}`,
    'mwi=no',
  ];
  const uriParams = transport === 'udp' ? '' : `;transport=${transport}`;
  return `<sip:${opts.user}@${domain}${uriParams}>;${params.join(';')}${opts.accountParams ?? ''}\n`;
}

/** True once libsndfile has written the final sizes into the RIFF header (on close). */
function wavComplete(path: string): boolean {
  let fd: number | undefined;
  try {
    const size = statSync(path).size;
    if (size <= 44) return false;
    fd = openSync(path, 'r');
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    return head.toString('latin1', 0, 4) === 'RIFF' && head.readUInt32LE(4) === size - 8;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

class LabBaresip implements Baresip {
  readonly aor: string;
  readonly tlsPort: number;
  readonly recordingsDir: string;
  startMs = 0;

  constructor(
    readonly user: string,
    readonly transport: LabTransport,
    readonly sipPort: number,
    readonly ctrlPort: number,
    readonly rtpRange: PortRange,
    readonly ctrl: BaresipCtrl,
    private readonly proc: LabProcess,
    private readonly dir: RunDir,
    private readonly releaseSlot: () => void,
    domain: string,
  ) {
    this.aor = `sip:${user}@${domain}`;
    this.tlsPort = sipPort + 1;
    this.recordingsDir = join(dir.path, 'recordings');
  }

  get runDir(): string {
    return this.dir.path;
  }

  get logPath(): string {
    return this.proc.logPath;
  }

  get pid(): number {
    return this.proc.pid;
  }

  contactUri(transport: LabTransport = 'udp'): string {
    if (transport === 'udp') return `sip:${this.user}@${LAB_HOST}:${this.sipPort}`;
    if (transport === 'tcp') return `sip:${this.user}@${LAB_HOST}:${this.sipPort};transport=tcp`;
    return `sip:${this.user}@${LAB_HOST}:${this.tlsPort};transport=tls`;
  }

  latestRecording(kind: 'dec' | 'enc'): string | undefined {
    return this.recordings(kind)[0];
  }

  /** Newest first (by modification time, then name). */
  private recordings(kind: 'dec' | 'enc'): string[] {
    let names: string[];
    try {
      names = readdirSync(this.recordingsDir).filter((n) => n.startsWith('dump-') && n.endsWith(`-${kind}.wav`));
    } catch {
      return [];
    }
    return names
      .map((n) => join(this.recordingsDir, n))
      .map((p) => ({ p, t: statSync(p).mtimeMs }))
      .sort((a, b) => b.t - a.t || b.p.localeCompare(a.p))
      .map((x) => x.p);
  }

  async waitRecording(kind: 'dec' | 'enc', opts: { notPath?: string; timeoutMs?: number } = {}): Promise<string> {
    const deadline = Date.now() + (opts.timeoutMs ?? 3000);
    for (;;) {
      const latest = this.recordings(kind).find((p) => p !== opts.notPath);
      if (latest && wavComplete(latest)) return latest;
      if (Date.now() > deadline) {
        throw new Error(`baresip ${this.user}: no complete ${kind} recording in ${this.recordingsDir} (latest: ${latest ?? 'none'})`);
      }
      await sleep(50);
    }
  }

  async waitRegistered(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let info = '';
    while (Date.now() <= deadline) {
      if (!this.proc.alive()) break;
      info = await this.ctrl.reginfo();
      if (/\bOK\b/.test(info)) return;
      await sleep(50);
    }
    throw new Error(`baresip ${this.user} did not register within ${timeoutMs} ms; reginfo: ${info.trim()}\nlog:\n${this.proc.logTail(20)}`);
  }

  logTail(lines = 30): string {
    return this.proc.logTail(lines);
  }

  async stop(): Promise<void> {
    this.ctrl.close();
    try {
      // baresip un-REGISTERs on SIGTERM and waits for the answer; do not wait long
      await this.proc.stop(1500);
    } finally {
      this.releaseSlot();
      this.dir.remove();
    }
  }
}

async function connectCtrl(proc: LabProcess, port: number, deadline: number): Promise<BaresipCtrl> {
  for (;;) {
    try {
      return await BaresipCtrl.connect(port);
    } catch (err) {
      if (!proc.alive()) throw new Error(`baresip exited during start (${JSON.stringify(proc.exitInfo)}); log:\n${proc.logTail(30)}`);
      if (Date.now() > deadline) throw new Error(`baresip ctrl_tcp 127.0.0.1:${port} not reachable: ${(err as Error).message}; log:\n${proc.logTail(30)}`);
      await sleep(20);
    }
  }
}

export async function startBaresip(opts: BaresipOptions): Promise<Baresip> {
  const t0 = Date.now();
  let slot: number | undefined;
  let ports: BaresipPorts;
  if (opts.sipPort !== undefined || opts.ctrlPort !== undefined || opts.rtpRange !== undefined) {
    if (opts.sipPort === undefined || opts.ctrlPort === undefined || opts.rtpRange === undefined) {
      throw new Error('startBaresip: give sipPort, ctrlPort and rtpRange together (or a slot, or none)');
    }
    ports = { sipPort: opts.sipPort, ctrlPort: opts.ctrlPort, rtpRange: opts.rtpRange };
  } else if (opts.slot !== undefined) {
    slot = opts.slot;
    ports = baresipPorts(slot);
    slots.hold(slot);
  } else {
    slot = await slots.claim();
    ports = baresipPorts(slot);
  }
  const releaseSlot = (): void => {
    if (slot !== undefined) slots.release(slot);
  };
  const dir = makeRunDir(`baresip-${opts.user}`);
  try {
    assertInPlan('baresip', [ports.sipPort, ports.sipPort + 1, ports.ctrlPort, ports.rtpRange.min, ports.rtpRange.max]);
    await assertPortsFree(`baresip ${opts.user}`, needsOf(ports));
    const proxy = resolveRegistrar(opts);
    const transport = opts.transport ?? proxy?.transport ?? 'udp';
    const register = opts.register ?? proxy !== undefined;
    if (register && !proxy) throw new Error(`baresip ${opts.user}: register=true needs a registrar`);
    const recordings = join(dir.path, 'recordings');
    mkdirSync(recordings);
    const audio = opts.audioSource ?? (await labToneWav(1000));
    const config = readFileSync(TEMPLATE, 'utf8')
      .replaceAll('@SIP_PORT@', String(ports.sipPort))
      .replaceAll('@CTRL_PORT@', String(ports.ctrlPort))
      .replaceAll('@RTP_PORTS@', formatRange(ports.rtpRange))
      .replaceAll('@AUDIO_SRC@', audio)
      .replaceAll('@REC_DIR@', recordings);
    writeFileSync(join(dir.path, 'config'), config);
    writeFileSync(join(dir.path, 'accounts'), accountLine(opts, transport, proxy, register));
    writeFileSync(join(dir.path, 'contacts'), '');
    const proc = await spawnLabProcess({ name: 'baresip', command: 'baresip', args: ['-f', dir.path], runDir: dir.path });
    // the slot is free again however the process ends (stop(), stopAllLab(), crash)
    void proc.exited.then(releaseSlot);
    const deadline = Date.now() + (opts.startTimeoutMs ?? 5000);
    let ctrl: BaresipCtrl;
    try {
      ctrl = await connectCtrl(proc, ports.ctrlPort, deadline);
    } catch (err) {
      await proc.stop(500);
      throw err;
    }
    const handle = new LabBaresip(opts.user, transport, ports.sipPort, ports.ctrlPort, ports.rtpRange, ctrl, proc, dir, releaseSlot, opts.domain ?? LAB_HOST);
    if (register) {
      try {
        await handle.waitRegistered(Math.max(500, deadline - Date.now()));
      } catch (err) {
        await handle.stop();
        throw err;
      }
    }
    handle.startMs = Date.now() - t0;
    return handle;
  } catch (err) {
    releaseSlot();
    dir.remove();
    throw err;
  }
}
