/**
 * Client for baresip's ctrl_tcp module: JSON objects framed as netstrings
 * ("<length>:<json>,") over TCP.
 *   command  -> {"command":"dial","params":"sip:1002@127.0.0.1","token":"7"}
 *   response <- {"response":true,"ok":true,"data":"...","token":"7"}
 *   event    <- {"event":true,"type":"CALL_ESTABLISHED","param":...,"peeruri":...,"id":...}
 * baresip serves ONE connection at a time: a second client silently takes over and
 * the first gets no more events, so each baresip handle owns exactly one client.
 *
 * Events are queued: waitEvent() first looks at events that arrived earlier and
 * were not yet taken by another waitEvent(), so an event that comes before the
 * reply to the command that caused it is not lost.
 */
import net from 'node:net';
import { LAB_HOST } from './ports.js';

export interface BaresipEvent {
  type: string;
  class?: string;
  /** e.g. the DTMF digit for CALL_DTMF_START, the reason for CALL_CLOSED */
  param?: string;
  peeruri?: string;
  accountaor?: string;
  direction?: 'incoming' | 'outgoing';
  /** the call id */
  id?: string;
  [key: string]: unknown;
}

export interface CtrlReply {
  ok: boolean;
  data: string;
}

interface Waiter {
  type: string;
  predicate: ((ev: BaresipEvent) => boolean) | undefined;
  resolve: (ev: BaresipEvent) => void;
}

/** baresip decorates some replies with ANSI colour codes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export class BaresipCtrl {
  /** Every event received on this connection, in order. */
  readonly history: BaresipEvent[] = [];
  private readonly backlog: BaresipEvent[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly pending = new Map<string, (reply: CtrlReply) => void>();
  private buffer: Buffer = Buffer.alloc(0);
  private nextToken = 1;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {
      this.closed = true;
    });
  }

  /** Connects once; rejects if nothing listens (callers retry while baresip starts). */
  static connect(port: number, host = LAB_HOST, timeoutMs = 1000): Promise<BaresipCtrl> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`ctrl_tcp ${host}:${port}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new BaresipCtrl(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a); // ':'
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('latin1'));
      if (!Number.isInteger(length)) {
        // not a netstring stream: give up on this connection (commands then fail as closed)
        this.close();
        return;
      }
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) return; // wait for the payload and the ','
      const msg = JSON.parse(this.buffer.subarray(colon + 1, end).toString('utf8')) as Record<string, unknown>;
      this.buffer = this.buffer.subarray(end + 1);
      if (msg.response) this.onReply(msg);
      else if (msg.event) this.onEvent(msg as BaresipEvent);
    }
  }

  private onReply(msg: Record<string, unknown>): void {
    const token = String(msg.token ?? '');
    const resolve = this.pending.get(token);
    if (!resolve) return;
    this.pending.delete(token);
    resolve({ ok: msg.ok === true, data: typeof msg.data === 'string' ? msg.data : '' });
  }

  private onEvent(ev: BaresipEvent): void {
    this.history.push(ev);
    for (const w of this.waiters) {
      if (w.type === ev.type && (!w.predicate || w.predicate(ev))) {
        this.waiters.delete(w);
        w.resolve(ev);
        return;
      }
    }
    this.backlog.push(ev);
  }

  /** Sends a long command (as typed after "/" in baresip's menu); `ok: false` is a value, not an error. */
  command(command: string, params?: string, timeoutMs = 5000): Promise<CtrlReply> {
    if (this.closed) return Promise.reject(new Error(`ctrl_tcp connection closed (command ${command})`));
    const token = String(this.nextToken++);
    const body = Buffer.from(JSON.stringify(params === undefined ? { command, token } : { command, params, token }));
    this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`ctrl_tcp: no reply to "${command}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(token, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  private async mustSucceed(command: string, params?: string): Promise<CtrlReply> {
    const reply = await this.command(command, params);
    if (!reply.ok) throw new Error(`baresip refused "${command}${params ? ` ${params}` : ''}": ${stripAnsi(reply.data)}`);
    return reply;
  }

  dial(uri: string): Promise<CtrlReply> {
    return this.mustSucceed('dial', uri);
  }

  accept(): Promise<CtrlReply> {
    return this.mustSucceed('accept');
  }

  hangup(): Promise<CtrlReply> {
    return this.mustSucceed('hangup');
  }

  /** RFC 4733 telephone-events in the current call, e.g. "159#". */
  sndcode(digits: string): Promise<CtrlReply> {
    return this.mustSucceed('sndcode', digits);
  }

  /** Registration state of each account, e.g. "sip:1002@127.0.0.1  OK ...". ANSI codes removed. */
  async reginfo(): Promise<string> {
    return stripAnsi((await this.mustSucceed('reginfo')).data);
  }

  /** Switch the audio source, e.g. ausrc('aufile', '/tmp/x.wav'); also applies to the current call. */
  ausrc(module: string, device: string): Promise<CtrlReply> {
    return this.mustSucceed('ausrc', `${module},${device}`);
  }

  answermode(mode: 'auto' | 'manual' | 'early'): Promise<CtrlReply> {
    return this.mustSucceed('answermode', mode);
  }

  async listcalls(): Promise<string> {
    return stripAnsi((await this.mustSucceed('listcalls')).data);
  }

  /**
   * Resolves with the first not-yet-taken event of `type` (matching `predicate`),
   * waiting up to `timeoutMs` for one to arrive.
   */
  waitEvent(type: string, timeoutMs = 10_000, predicate?: (ev: BaresipEvent) => boolean): Promise<BaresipEvent> {
    const index = this.backlog.findIndex((ev) => ev.type === type && (!predicate || predicate(ev)));
    if (index >= 0) return Promise.resolve(this.backlog.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        type,
        predicate,
        resolve: (ev) => {
          clearTimeout(timer);
          resolve(ev);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.history.slice(-12).map((ev) => (ev.param ? `${ev.type}(${ev.param})` : ev.type));
        reject(new Error(`baresip: no ${type} event within ${timeoutMs} ms; last events: ${seen.join(' ') || 'none'}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Forget queued events (e.g. those of an earlier call) so the next waitEvent sees only new ones. */
  clearEvents(): void {
    this.backlog.length = 0;
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
