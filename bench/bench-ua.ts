/**
 * A Sayhi user agent for the benchmarks at the sip-ua level: TransportManager
 * (real UDP on 127.0.0.1) + UaCore + OutgoingCall / IncomingCall, with no
 * media at all. The SDP offer and answer are built and negotiated as in a
 * real call, but they name an RTP port nobody opens: the Phone always
 * allocates RTP sockets and runs a media stream per call, so call set-up cost
 * is measured here, one level below it.
 */
import { NodeSocketFactory, SystemClock, nullLogger, type SocketFactory } from '../src/base/index.js';
import { NodeDnsResolver, TargetIterator, TransportManager, makeUri, type NameAddr } from '../src/sip/index.js';
import { IncomingCall, OutgoingCall, UaCore, telephoneEventCodec, type LocalMedia } from '../src/sip-ua/index.js';

const HOST = '127.0.0.1';
/** Written into SDP only; no socket is bound to it. */
const FAKE_RTP_PORT = 40_000;

export interface BenchUaOptions {
  port: number;
  user: string;
}

export class BenchUa {
  readonly core: UaCore;
  /** Calls answered (UAS) / completed with ACK + BYE 200 (UAC). */
  answered = 0;
  completed = 0;
  failed = 0;
  readonly failures = new Map<string, number>();
  private readonly resolver = new NodeDnsResolver();
  private readonly local: LocalMedia = {
    address: HOST,
    port: FAKE_RTP_PORT,
    codecs: [{ name: 'PCMU', clockRate: 8000, pt: 0 }, { name: 'PCMA', clockRate: 8000, pt: 8 }, telephoneEventCodec(101)],
  };
  private readonly contact: NameAddr;

  private constructor(
    readonly transport: TransportManager,
    readonly opts: BenchUaOptions,
    t1: number,
  ) {
    const clock = new SystemClock();
    this.core = new UaCore({ transport, clock, logger: nullLogger, timers: { t1 }, userAgent: 'Sayhi bench' });
    this.contact = { uri: makeUri({ user: opts.user, host: HOST, port: transport.listening('udp')!.port }), params: new Map() };
  }

  /** `factory`: real sockets by default; call-loop.ts --memory passes a MemorySocketFactory. */
  static async start(opts: BenchUaOptions & { t1?: number; factory?: SocketFactory }): Promise<BenchUa> {
    const transport = await TransportManager.start({
      factory: opts.factory ?? new NodeSocketFactory(),
      clock: new SystemClock(),
      logger: nullLogger,
      udp: { host: HOST, port: opts.port },
    });
    return new BenchUa(transport, opts, opts.t1 ?? 500);
  }

  get port(): number {
    return this.transport.listening('udp')!.port;
  }

  /** UAS: every INVITE gets 180 then 200 with an SDP answer, as SIPp's built-in uas does. */
  serveCalls(): void {
    this.core.delegate = {
      onInvite: (tx, rx) => {
        const call = new IncomingCall({
          core: this.core,
          tx,
          request: rx,
          local: this.local,
          transport: 'udp',
          resolver: this.resolver,
          contact: this.contact,
        });
        call.events.on('end', (end) => {
          if (end.by !== 'remote') this.fail(end.reason);
          else this.completed++;
        });
        call.ring(180);
        if (call.answer()) this.answered++;
      },
    };
  }

  /** UAC: INVITE, ACK the 200, BYE at once, resolve on the BYE's answer. */
  call(to: { host: string; port: number }, user = 'service'): Promise<boolean> {
    const target = makeUri({ user, host: to.host, port: to.port });
    const session = new OutgoingCall({
      core: this.core,
      target,
      from: { uri: makeUri({ user: this.opts.user, host: HOST }), params: new Map() },
      to: { uri: target, params: new Map() },
      targets: new TargetIterator([{ protocol: 'udp', host: to.host, port: to.port }]),
      local: this.local,
      transport: 'udp',
      resolver: this.resolver,
      contact: this.contact,
    });
    return new Promise((resolve) => {
      session.events.on('state', (state) => {
        if (state === 'confirmed') void session.hangup();
      });
      session.events.on('end', (end) => {
        const ok = end.by === 'local' && end.reason === 'local hangup';
        if (ok) this.completed++;
        else this.fail(end.reason);
        resolve(ok);
      });
      session.start();
    });
  }

  async close(): Promise<void> {
    this.core.close();
    await this.transport.close();
  }

  private fail(reason: string): void {
    this.failed++;
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }
}
