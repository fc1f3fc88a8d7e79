import type net from 'node:net';
import type { Clock, Logger, TimerHandle } from '../../base/index.js';
import { StreamFramer } from './stream-framer.js';
import { TransportErrorCode, transportError } from './transport-errors.js';
import type { TransportAddress, TransportProtocol } from './transport.js';
import { normalizeHost } from './via-rules.js';

/**
 * One TCP or TLS connection carrying SIP in both directions (RFC 3261 §18.3).
 * Requests we send and requests the peer sends back (a PBX reaching a phone
 * behind NAT on its registration's connection, RFC 5626 / Kamailio aliases)
 * share it. It frames incoming bytes, answers CRLFCRLF pings with CRLF
 * (RFC 5626 §3.5.1), and closes itself after `idleTimeoutMs` without traffic
 * while nobody holds it.
 */
export type ConnectionDirection = 'outbound' | 'inbound';

export interface StreamConnectionOptions {
  id: string;
  protocol: Exclude<TransportProtocol, 'udp'>;
  socket: net.Socket;
  direction: ConnectionDirection;
  clock: Clock;
  logger: Logger;
  maxMessageBytes: number;
  /** 0 = never close for idleness. */
  idleTimeoutMs: number;
  onMessage(conn: StreamConnection, data: Buffer): void;
  onClose(conn: StreamConnection, reason: string): void;
}

const CRLF = Buffer.from('\r\n');
/** What a framed message must contain early on to be SIP at all. */
const SIP_VERSION = Buffer.from('SIP/2.0');

export class StreamConnection {
  readonly id: string;
  readonly protocol: Exclude<TransportProtocol, 'udp'>;
  readonly direction: ConnectionDirection;
  readonly remote: TransportAddress;
  readonly local: TransportAddress;
  private state: 'open' | 'closed' = 'open';
  private users = 0;
  private lastActivity: number;
  private idleTimer: TimerHandle | undefined;
  private readonly framer: StreamFramer;
  /** Monotonic time of the last CRLF pong from the peer (RFC 5626 §4.4.1). */
  lastPongAt: number | undefined;

  constructor(private readonly opts: StreamConnectionOptions) {
    this.id = opts.id;
    this.protocol = opts.protocol;
    this.direction = opts.direction;
    const s = opts.socket;
    this.remote = { protocol: opts.protocol, host: normalizeHost(s.remoteAddress ?? ''), port: s.remotePort ?? 0 };
    this.local = { protocol: opts.protocol, host: normalizeHost(s.localAddress ?? ''), port: s.localPort ?? 0 };
    this.lastActivity = opts.clock.now();
    this.framer = new StreamFramer(
      {
        onMessage: (data) => this.deliver(data),
        onPing: () => this.sendRaw(CRLF),
        onPong: () => {
          this.lastPongAt = this.opts.clock.now();
        },
      },
      opts.maxMessageBytes,
    );
    s.setNoDelay?.(true);
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('error', (err) => {
      opts.logger.debug('connection error', { id: this.id, error: err.message });
      this.close(`error: ${err.message}`);
    });
    s.on('close', () => this.close('closed by peer'));
    this.armIdleTimer(opts.idleTimeoutMs);
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Keep the connection open while held, whatever the idle timeout (a registration's flow). */
  hold(): { release(): void } {
    this.users++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.users--;
        this.lastActivity = this.opts.clock.now();
      },
    };
  }

  /** Write a message; resolves once the socket has taken it. */
  write(data: Uint8Array): Promise<void> {
    if (this.state !== 'open') {
      return Promise.reject(transportError(TransportErrorCode.Closed, `connection ${this.id} is closed`));
    }
    this.lastActivity = this.opts.clock.now();
    return new Promise((resolve, reject) => {
      this.opts.socket.write(data, (err) => {
        if (err) {
          reject(transportError(TransportErrorCode.Closed, `write on ${this.id} failed: ${err.message}`, err));
        } else {
          resolve();
        }
      });
    });
  }

  /** Send a CRLFCRLF keep-alive ping (RFC 5626 §3.5.1); errors are the close event's business. */
  sendRaw(data: Uint8Array): void {
    if (this.state !== 'open') return;
    this.lastActivity = this.opts.clock.now();
    this.opts.socket.write(data, () => {});
  }

  close(reason = 'closed locally'): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.idleTimer?.cancel();
    this.framer.reset();
    this.opts.socket.destroy();
    this.opts.onClose(this, reason);
  }

  private onData(chunk: Buffer): void {
    if (this.state !== 'open') return;
    this.lastActivity = this.opts.clock.now();
    let problem: string | undefined;
    try {
      problem = this.framer.push(chunk);
    } catch (err) {
      problem = `framing failed: ${(err as Error).message}`;
    }
    if (problem) {
      this.opts.logger.warn('closing connection that cannot be framed', { id: this.id, reason: problem });
      this.close(problem);
    }
  }

  private deliver(data: Buffer): void {
    // A framed "message" that is not SIP at all means the framing has lost step
    // with the peer: everything after it is suspect, so give up on the stream.
    const firstLine = data.indexOf(0x0a);
    const lineEnd = firstLine < 0 ? data.length : firstLine;
    if (data.subarray(0, lineEnd).indexOf(SIP_VERSION) < 0) {
      this.opts.logger.warn('closing connection: data is not SIP', { id: this.id });
      this.close('not SIP');
      return;
    }
    this.opts.onMessage(this, data);
  }

  private armIdleTimer(ms: number): void {
    if (this.opts.idleTimeoutMs <= 0) return;
    this.idleTimer = this.opts.clock.setTimer(ms, () => {
      const idleFor = this.opts.clock.now() - this.lastActivity;
      if (this.users === 0 && idleFor >= this.opts.idleTimeoutMs) {
        this.close('idle');
      } else {
        this.armIdleTimer(this.users > 0 ? this.opts.idleTimeoutMs : this.opts.idleTimeoutMs - idleFor);
      }
    });
  }
}
