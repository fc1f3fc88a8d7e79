import { isIP } from 'node:net';
import { nullLogger, type Clock, type Endpoint, type Logger, type SocketFactory, type TimerHandle, type UdpSocket } from '../../base/index.js';
import { buildSntpRequest, checkSntpReply, clockSample } from './sntp-packet.js';

/** The NTP port (RFC 4330 §4: "UDP port number 123"). */
export const NTP_PORT = 123;

export interface SntpClientOptions {
  clock: Clock;
  sockets: SocketFactory;
  /** Local address for the query socket (the phone's bind address); default any IPv4 address. */
  bindAddress?: string;
  logger?: Logger;
  /** Wait for the first answer this long; each retry waits twice as long as the one before. Default 1000 ms. */
  timeoutMs?: number;
  /** Requests per server before moving to the next. Default 3 (1 + 2 + 4 s by default). */
  attempts?: number;
}

/** Where to send: "host", "host:port", "[v6]:port" or a bare IPv6 address. */
export interface SntpServer {
  host: string;
  port: number;
}

export type SntpOutcome =
  | { ok: true; server: string; offsetMs: number; delayMs: number; stratum: number }
  /** denied: servers that sent Kiss-o'-Death DENY or RSTR (RFC 4330 §8: ask them no more). */
  | { ok: false; reason: string; denied: string[] };

/** A `time.sntpServer` value as host and port (the port defaults to 123); undefined when empty or malformed. */
export function parseSntpServer(text: string): SntpServer | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(t);
    return m && isIP(m[1]!) === 6 ? { host: m[1]!, port: portOf(m[2]) } : undefined;
  }
  if (isIP(t) === 6) return { host: t, port: NTP_PORT };
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(t);
  return m ? { host: m[1]!, port: portOf(m[2]) } : undefined;
}

function portOf(text: string | undefined): number {
  const n = text === undefined ? NTP_PORT : Number(text);
  return n >= 1 && n <= 65535 ? n : NTP_PORT;
}

function label(s: SntpServer): string {
  return isIP(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

/** One request in flight on a socket: what the reply must match, and who waits for it. */
interface Exchange {
  request: Buffer;
  sentWall: number;
  sentMono: number;
  server: SntpServer;
  timer: TimerHandle;
  done: (r: ExchangeResult) => void;
}

type ExchangeResult =
  | { kind: 'sample'; offsetMs: number; delayMs: number; stratum: number }
  | { kind: 'timeout' }
  | { kind: 'refused'; reason: string; kiss?: string }
  | { kind: 'error'; reason: string };

/**
 * An SNTPv4 unicast client (RFC 4330 §5): asks each server in turn, a few
 * times with a growing timeout, and returns the first good sample's clock
 * offset (server time minus ours) and round-trip delay. Values, never throws:
 * the caller logs the reason and keeps its time source. It never adjusts the
 * host clock; the phone adds the offset to the time it shows.
 */
export class SntpClient {
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private socket: UdpSocket | undefined;
  private exchange: Exchange | undefined;
  private closed = false;

  constructor(private readonly opts: SntpClientOptions) {
    this.logger = (opts.logger ?? nullLogger).child({ layer: 'sntp' });
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.attempts = Math.max(1, opts.attempts ?? 3);
  }

  /** Ask `servers` ("host[:port]" each) in order until one answers. One query at a time per client. */
  async query(servers: readonly string[]): Promise<SntpOutcome> {
    const reasons: string[] = [];
    const denied: string[] = [];
    for (const text of servers) {
      if (this.closed) break;
      const server = parseSntpServer(text);
      if (!server) {
        reasons.push(`"${text}" is not a server address`);
        continue;
      }
      const r = await this.askServer(server);
      if (r.kind === 'sample') return { ok: true, server: label(server), offsetMs: r.offsetMs, delayMs: r.delayMs, stratum: r.stratum };
      const why = r.kind === 'timeout' ? `no answer after ${this.attempts} tries` : r.reason;
      reasons.push(`${label(server)}: ${why}`);
      if (r.kind === 'refused' && (r.kiss === 'DENY' || r.kiss === 'RSTR')) denied.push(text);
      this.logger.info('SNTP server failed', { server: label(server), reason: why });
    }
    if (this.closed) return { ok: false, reason: 'stopped', denied };
    return { ok: false, reason: reasons.length > 0 ? reasons.join('; ') : 'no SNTP server set', denied };
  }

  /** Abandon a query in flight (it resolves with 'stopped') and release the socket. */
  close(): void {
    this.closed = true;
    this.finish({ kind: 'error', reason: 'stopped' });
  }

  /** Up to `attempts` requests to one server, the timeout doubling each time (a lost datagram is retried, §10 in spirit). */
  private async askServer(server: SntpServer): Promise<ExchangeResult> {
    let sock: UdpSocket;
    try {
      sock = await this.opts.sockets.bindUdp({ address: this.localAddressFor(server.host), port: 0 });
    } catch (err) {
      return { kind: 'error', reason: `cannot open a UDP socket: ${(err as Error).message}` };
    }
    if (this.closed) {
      sock.close();
      return { kind: 'error', reason: 'stopped' };
    }
    this.socket = sock;
    sock.onMessage((data, from) => this.onReply(data, from));
    sock.onError((err) => this.finish({ kind: 'error', reason: err.message }));
    try {
      let timeout = this.timeoutMs;
      for (let i = 0; i < this.attempts && !this.closed; i++, timeout *= 2) {
        const r = await this.send(sock, server, timeout);
        if (r.kind !== 'timeout') return r;
      }
      return { kind: 'timeout' };
    } finally {
      this.socket = undefined;
      sock.close();
    }
  }

  private send(sock: UdpSocket, server: SntpServer, timeoutMs: number): Promise<ExchangeResult> {
    return new Promise((resolve) => {
      const sentWall = this.opts.clock.wallTime();
      const request = buildSntpRequest(sentWall);
      const timer = this.opts.clock.setTimer(timeoutMs, () => this.finish({ kind: 'timeout' }));
      this.exchange = { request, sentWall, sentMono: this.opts.clock.now(), server, timer, done: resolve };
      sock.send(request, server.port, server.host);
    });
  }

  private onReply(data: Buffer, from: Endpoint): void {
    const x = this.exchange;
    if (!x) return;
    // A literal server address must be the sender (a name may resolve to any of several).
    if (isIP(x.server.host) && (unmapped(from.address) !== unmapped(x.server.host) || from.port !== x.server.port)) return;
    const receivedMono = this.opts.clock.now();
    const check = checkSntpReply(data, x.request);
    if (!check.ok) {
      // an old or foreign datagram: keep waiting for ours (§5 originate check)
      if (check.reason.startsWith('reply does not answer')) return;
      this.finish({ kind: 'refused', reason: check.reason, ...(check.kiss ? { kiss: check.kiss } : {}) });
      return;
    }
    // T4 from the monotonic clock: a host clock step during the exchange must not count as offset
    const t4 = x.sentWall + (receivedMono - x.sentMono);
    const sample = clockSample(x.sentWall, check.reply.receiveMs, check.reply.transmitMs, t4);
    this.finish({ kind: 'sample', offsetMs: sample.offsetMs, delayMs: sample.delayMs, stratum: check.reply.stratum });
  }

  private finish(r: ExchangeResult): void {
    const x = this.exchange;
    if (!x) return;
    this.exchange = undefined;
    x.timer.cancel();
    x.done(r);
  }

  private localAddressFor(host: string): string {
    const bind = this.opts.bindAddress ?? '0.0.0.0';
    if (isIP(host) === 6) return isIP(bind) === 6 ? bind : '::';
    return isIP(bind) === 4 ? bind : '0.0.0.0';
  }
}

/** "::ffff:127.0.0.1" and "127.0.0.1" are the same sender. */
function unmapped(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address.toLowerCase();
}
