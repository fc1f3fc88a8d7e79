/**
 * A phone-side Registration against a scripted registrar on a LoopNetwork,
 * all on a VirtualClock. The registrar keeps a binding table the way RFC 3261
 * §10.3 describes (per-Contact expires, else Expires; 0 removes) and answers
 * with every remaining binding; a test swaps `reply` to script 401s, 423s,
 * silence or errors.
 */
import { SinkLogger, VirtualClock, type LogRecord } from '../../../src/base/index.js';
import {
  LoopNetwork,
  LoopTransport,
  TargetIterator,
  TransactionLayer,
  createResponse,
  formatUri,
  makeUri,
  parseExpires,
  type SendTarget,
  type SipRequest,
  type TransportProtocol,
  type WirePacket,
} from '../../../src/sip/index.js';
import { Registration, UaCore, type RegistrationOptions } from '../../../src/sip-ua/index.js';

export const PHONE = { host: '127.0.0.1', port: 5060 };
export const PRIMARY = { host: '127.0.0.1', port: 5070 };
export const SECONDARY = { host: '127.0.0.1', port: 5080 };

/** What the registrar does with one REGISTER: a status (and headers), 'bind' (200 with the bindings), or 'drop'. */
export type Reply = 'bind' | 'drop' | { status: number; reason?: string; headers?: Array<[string, string]> };

export class ScriptedRegistrar {
  readonly requests: Array<{ time: number; request: SipRequest }> = [];
  /** contact URI -> expiry (virtual ms) */
  readonly bindings = new Map<string, number>();
  /** Longest expiry granted (like Kamailio's max_expires). */
  maxExpires = 3600;
  reply: (req: SipRequest, n: number) => Reply = () => 'bind';
  readonly transport: LoopTransport;
  private readonly layer: TransactionLayer;

  constructor(
    network: LoopNetwork,
    private readonly clock: VirtualClock,
    at: { host: string; port: number },
  ) {
    this.transport = new LoopTransport({ network, ...at });
    this.layer = new TransactionLayer({ transport: this.transport, clock });
    this.layer.onRequest((tx, rx) => {
      const req = rx.message;
      this.requests.push({ time: clock.now(), request: req });
      const r = this.reply(req, this.requests.length);
      if (r === 'drop') return;
      if (r === 'bind') {
        tx.respond(this.bind(req));
        return;
      }
      const res = createResponse(req, r.status, { ...(r.reason ? { reason: r.reason } : {}), toTag: 'reg' });
      for (const [n, v] of r.headers ?? []) res.headers.append(n, v);
      tx.respond(res);
    });
  }

  /** REGISTERs received, in order (retransmissions are absorbed by the server transaction). */
  get count(): number {
    return this.requests.length;
  }

  header(i: number, name: string): string | undefined {
    return this.requests[i]?.request.headers.get(name);
  }

  /** Contact URIs with a binding that has not expired. */
  liveContacts(): string[] {
    const now = this.clock.now();
    return [...this.bindings].filter(([, until]) => until > now).map(([c]) => c);
  }

  close(): void {
    this.layer.close();
    this.transport.close();
  }

  /** §10.3 steps 6-8: apply each Contact's expiry, answer 200 with all bindings. */
  private bind(req: SipRequest) {
    const headerExpires = parseExpires(req.headers.get('Expires') ?? '') ?? 3600;
    for (const c of req.contacts) {
      const p = c.params.get('expires');
      const e = Math.min(p != null ? (parseExpires(p) ?? headerExpires) : headerExpires, this.maxExpires);
      const key = formatUri(c.uri);
      if (e === 0) this.bindings.delete(key);
      else this.bindings.set(key, this.clock.now() + e * 1000);
    }
    const res = createResponse(req, 200, { toTag: 'reg' });
    const now = this.clock.now();
    for (const [c, until] of this.bindings) {
      if (until > now) res.headers.append('Contact', `<${c}>;expires=${Math.round((until - now) / 1000)}`);
    }
    return res;
  }
}

/** 401 with a digest challenge unless the request carries credentials; then `withCredentials`. */
export function challengeFirst(withCredentials: Reply = 'bind'): (req: SipRequest, n: number) => Reply {
  return (req, n) =>
    req.headers.has('Authorization')
      ? withCredentials
      : { status: 401, headers: [['WWW-Authenticate', `Digest realm="loop", nonce="nonce${n}", qop="auth", algorithm=MD5`]] };
}

export interface RegBench {
  clock: VirtualClock;
  network: LoopNetwork;
  wire: WirePacket[];
  phoneTransport: LoopTransport;
  core: UaCore;
  primary: ScriptedRegistrar;
  secondary: ScriptedRegistrar;
  logs: LogRecord[];
  reg: Registration;
  /** States the registration went through, with virtual time. */
  states: Array<{ time: number; state: string; reason?: string; expires?: number; server?: string }>;
}

export function regBench(
  opts: { protocol?: TransportProtocol; withSecondary?: boolean; t1?: number; reg?: Partial<RegistrationOptions> } = {},
): RegBench {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const wire: WirePacket[] = [];
  network.onPacket((p) => wire.push(p));
  const logs: LogRecord[] = [];
  const logger = new SinkLogger((r) => logs.push(r), 'debug', {}, () => clock.wallTime());
  const phoneTransport = new LoopTransport({ network, ...PHONE });
  const core = new UaCore({ transport: phoneTransport, clock, logger, timers: { t1: opts.t1 ?? 500 }, userAgent: 'Sayhi test' });
  const primary = new ScriptedRegistrar(network, clock, PRIMARY);
  const secondary = new ScriptedRegistrar(network, clock, SECONDARY);
  const protocol = opts.protocol ?? 'udp';
  const target = (a: { host: string; port: number }): SendTarget => ({ protocol, ...a });
  const reg = new Registration({
    core,
    user: '1005',
    domain: '127.0.0.1',
    registrar: makeUri({ host: PRIMARY.host, port: PRIMARY.port }),
    password: 'pw1005',
    transport: protocol,
    expires: 3600,
    pollingInterval: 32,
    locate: async () =>
      new TargetIterator([
        { label: 'primary', targets: [target(PRIMARY)] },
        ...(opts.withSecondary ? [{ label: 'secondary', targets: [target(SECONDARY)] }] : []),
      ]),
    ...opts.reg,
  });
  const states: RegBench['states'] = [];
  reg.events.on('state', (state, d) => states.push({ time: clock.now(), state, ...d }));
  return { clock, network, wire, phoneTransport, core, primary, secondary, logs, reg, states };
}
