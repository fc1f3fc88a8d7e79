/**
 * Helpers for the registration tests: a real Phone on a lab port slot whose
 * sockets are tapped, so a test can count exactly what the phone put on the
 * wire (REGISTERs per polling interval, Expires values) without parsing
 * Kamailio's log, and whose log records are kept for failure messages.
 */
import type net from 'node:net';
import {
  NodeSocketFactory,
  SinkLogger,
  SystemClock,
  sleep,
  type LogRecord,
  type SocketFactory,
  type StreamConnectOptions,
  type StreamListenOptions,
  type StreamServer,
  type UdpSocket,
} from '../../../src/base/index.js';
import { openHeadlessHandset, fileWavIo } from '../../../src/media/index.js';
import {
  Phone,
  defaultAccount,
  defaultPhoneConfig,
  type AccountConfig,
  type LineStatus,
  type PhoneConfig,
} from '../../../src/phone/index.js';
import { PHONE_SLOT_COUNT, phonePorts, portIsFree, type Kamailio, type LabTransport } from '../../lab/index.js';

/** One SIP message the phone sent or received, as seen on its sockets. */
export interface WireRecord {
  /** Date.now() when it passed the socket. */
  time: number;
  dir: 'out' | 'in';
  protocol: 'udp' | 'stream';
  /** Request or status line. */
  firstLine: string;
  text: string;
  /** UDP sends: the destination port. */
  toPort?: number;
}

/** A SocketFactory around Node's that records every SIP message in and out. */
export class TappedSocketFactory implements SocketFactory {
  readonly wire: WireRecord[] = [];
  /** CRLFCRLF keep-alive pings the phone sent (RFC 5626 §3.5.1; the manual's UDP keep-alive). */
  readonly pings: Array<{ time: number; protocol: 'udp' | 'stream'; toPort: number }> = [];
  /** Connections the phone opened, in order (a test may cut one to simulate a dropped flow). */
  readonly outbound: net.Socket[] = [];
  private readonly real = new NodeSocketFactory();

  async bindUdp(opts: { address: string; port: number; reuseAddr?: boolean }): Promise<UdpSocket> {
    const sock = await this.real.bindUdp(opts);
    const send = sock.send.bind(sock);
    sock.send = (data, port, address) => {
      if (isPing(data)) this.pings.push({ time: Date.now(), protocol: 'udp', toPort: port });
      this.record('out', 'udp', Buffer.from(data), port);
      send(data, port, address);
    };
    const onMessage = sock.onMessage.bind(sock);
    sock.onMessage = (fn) =>
      onMessage((data, from) => {
        this.record('in', 'udp', data);
        fn(data, from);
      });
    return sock;
  }

  async connectStream(opts: StreamConnectOptions): Promise<net.Socket> {
    const socket = this.tapStream(await this.real.connectStream(opts));
    this.outbound.push(socket);
    return socket;
  }

  listenStream(opts: StreamListenOptions, onConnection: (socket: net.Socket) => void): Promise<StreamServer> {
    return this.real.listenStream(opts, (s) => onConnection(this.tapStream(s)));
  }

  /** Requests the phone sent with this method. */
  sent(method: string): WireRecord[] {
    return this.wire.filter((w) => w.dir === 'out' && w.firstLine.startsWith(`${method} `));
  }

  private tapStream(socket: net.Socket): net.Socket {
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    (socket as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) {
        const data = Buffer.from(chunk as Uint8Array);
        if (isPing(data)) this.pings.push({ time: Date.now(), protocol: 'stream', toPort: socket.remotePort ?? 0 });
        this.record('out', 'stream', data);
      }
      return write(chunk, ...rest);
    };
    socket.on('data', (chunk: Buffer) => this.record('in', 'stream', chunk));
    return socket;
  }

  private record(dir: 'out' | 'in', protocol: 'udp' | 'stream', data: Buffer, toPort?: number): void {
    const text = data.toString('latin1');
    // keep-alive CRLFs are not messages; a stream chunk may hold more than one message, take the first
    const firstLine = text.slice(0, Math.max(0, text.indexOf('\r\n')));
    if (!firstLine) return;
    this.wire.push({ time: Date.now(), dir, protocol, firstLine, text, ...(toPort !== undefined ? { toPort } : {}) });
  }
}

function isPing(data: Uint8Array): boolean {
  return Buffer.from(data).toString('latin1') === '\r\n\r\n';
}

export interface RegPhone {
  phone: Phone;
  taps: TappedSocketFactory;
  logs: LogRecord[];
  /** Date.now() just before phone.start(). */
  startedAt: number;
  /** The phone's SIP port (UDP and TCP). */
  sipPort: number;
  /** Log lines, for failure messages. */
  logText(last?: number): string;
  stop(): Promise<void>;
}

const slotsInUse = new Set<number>();

/**
 * A free phone slot of the lab plan, preferring `preferred`: other test files
 * (another developer's run) may hold some at the same time.
 */
async function claimSlot(preferred: number): Promise<number> {
  for (let i = 0; i < PHONE_SLOT_COUNT; i++) {
    const slot = (preferred + i) % PHONE_SLOT_COUNT;
    if (slotsInUse.has(slot)) continue;
    const p = phonePorts(slot);
    const free = await Promise.all([
      portIsFree({ port: p.sipPort, proto: 'udp' }),
      portIsFree({ port: p.sipPort, proto: 'tcp' }),
      portIsFree({ port: p.tlsPort, proto: 'tcp' }),
    ]);
    if (free.every(Boolean)) {
      slotsInUse.add(slot);
      return slot;
    }
  }
  throw new Error('no free phone slot in the lab port plan (tests/lab/ports.ts)');
}

/** A Sayhi phone on 127.0.0.1, on a free lab phone slot (`slot` preferred), with the given accounts on lines 1.. */
export async function startRegPhone(opts: {
  slot: number;
  accounts: AccountConfig[];
  tweak?: (c: PhoneConfig) => void;
}): Promise<RegPhone> {
  const slot = await claimSlot(opts.slot);
  const ports = phonePorts(slot);
  const config = defaultPhoneConfig('ES330');
  config.bindAddress = '127.0.0.1';
  config.sipPort = ports.sipPort;
  config.rtpPortMin = ports.rtpRange.min;
  config.rtpPortMax = ports.rtpRange.min + 19;
  opts.accounts.forEach((a, i) => (config.accounts[i] = a));
  opts.tweak?.(config);
  const logs: LogRecord[] = [];
  const echo = !!process.env.SAYHI_TEST_LOG;
  const logger = new SinkLogger((r) => {
    logs.push(r);
    if (echo) process.stderr.write(`${formatRecord(r)}\n`);
  }, 'debug');
  const taps = new TappedSocketFactory();
  const device = await openHeadlessHandset({}, fileWavIo);
  const phone = new Phone({ config, clock: new SystemClock(), sockets: taps, device, logger, version: 'test' });
  const startedAt = Date.now();
  try {
    await phone.start();
  } catch (err) {
    slotsInUse.delete(slot);
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    phone,
    taps,
    logs,
    startedAt,
    sipPort: ports.sipPort,
    logText: (last = 40) => logs.slice(-last).map(formatRecord).join('\n'),
    stop: () =>
      (stopped ??= phone.stop().finally(() => {
        slotsInUse.delete(slot);
      })),
  };
}

function formatRecord(r: LogRecord): string {
  const t = new Date(r.time).toISOString().slice(11, 23);
  const f = Object.entries(r.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${t} ${r.level} ${r.msg} ${f}`;
}

/** A lab account: user 10xx with its lab password, registering to Kamailio over `transport`. */
export function labAccount(kam: Kamailio, user: string, transport: LabTransport, more: Partial<AccountConfig> = {}): AccountConfig {
  const ep = kam.endpoint(transport);
  return {
    ...defaultAccount(),
    enabled: true,
    user,
    password: kam.passwordOf(user),
    server: `${ep.host}:${ep.port}`,
    transport,
    ...more,
  };
}

/** Wait (bounded) until line `n` of the phone satisfies `pred`; the error names the last status. */
export async function waitLine(
  rp: RegPhone,
  n: number,
  pred: (s: LineStatus) => boolean,
  timeoutMs = 10_000,
): Promise<LineStatus> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = rp.phone.status().lines[n - 1]!;
    if (pred(s)) return s;
    if (Date.now() > end) {
      throw new Error(`line ${n}: condition not met within ${timeoutMs} ms; status ${JSON.stringify(s)}\n${rp.logText()}`);
    }
    await sleep(20);
  }
}

/** Wait (bounded) until Kamailio's location table does / does not hold `aor`. */
export async function waitAor(kam: Kamailio, aor: string, present: boolean, timeoutMs = 10_000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const aors = await kam.registeredAors();
    if (aors.includes(aor) === present) return aors;
    if (Date.now() > end) throw new Error(`AoR ${aor} ${present ? 'never appeared in' : 'never left'} the location table: ${aors.join(',')}`);
    await sleep(100);
  }
}

/** The Contact lines Kamailio holds for `aor` (from `ul.dump`). */
export async function contactsOf(kam: Kamailio, aor: string): Promise<string[]> {
  const dump = await kam.ulDump();
  const at = dump.indexOf(`AoR: ${aor}`);
  if (at < 0) return [];
  const next = dump.indexOf('AoR: ', at + 5);
  const block = dump.slice(at, next < 0 ? undefined : next);
  return [...block.matchAll(/Address: (\S+)/g)].map((m) => m[1]!);
}

/** A header's value in a traced message (first occurrence, compact forms not needed here). */
export function headerValue(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(text);
  return m?.[1]?.trim();
}

/** The REGISTERs the phone sent for `user` (From user part). */
export function registersFor(taps: TappedSocketFactory, user: string): WireRecord[] {
  return taps.sent('REGISTER').filter((w) => headerValue(w.text, 'From')?.includes(`sip:${user}@`));
}
