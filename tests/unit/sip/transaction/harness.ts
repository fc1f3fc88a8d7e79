/**
 * Shared set-up for the transaction tests: a VirtualClock, a LoopNetwork with
 * a wire tap, and either two TransactionLayers (alice calls bob) or one layer
 * against a scripted peer that speaks raw SIP through its own LoopTransport.
 */
import { VirtualClock, type LogRecord, SinkLogger } from '../../../../src/base/index.js';
import {
  LoopNetwork,
  LoopTransport,
  TransactionLayer,
  createRequest,
  createResponse,
  makeUri,
  type ClientTransaction,
  type ClientTransactionUser,
  type LoopConditions,
  type ReceivedMessage,
  type SendTarget,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type TransactionTimers,
  type TransportProtocol,
  type WirePacket,
} from '../../../../src/sip/index.js';

export const ALICE = { host: '127.0.0.1', port: 5061 };
export const BOB = { host: '127.0.0.1', port: 5062 };

export interface Bench {
  clock: VirtualClock;
  network: LoopNetwork;
  /** Every packet put on the wire, in order. */
  wire: WirePacket[];
  aliceTransport: LoopTransport;
  bobTransport: LoopTransport;
  alice: TransactionLayer;
  /** Bob as a TransactionLayer (absent when bob is a scripted peer). */
  bob: TransactionLayer | undefined;
  /** Where alice sends to reach bob. */
  toBob: SendTarget;
  /** Messages bob's transport received (scripted peer mode), in order. */
  bobInbox: ReceivedMessage[];
  /** Debug log lines of both layers (transitions are logged as "id old -> new (cause)"). */
  logs: LogRecord[];
}

export interface BenchOptions {
  protocol?: TransportProtocol;
  /** true: bob is a raw transport the test scripts; false (default): bob is a TransactionLayer. */
  scriptedBob?: boolean;
  conditions?: Partial<LoopConditions>;
  seed?: number;
  timers?: Partial<TransactionTimers>;
  /** What alice writes in Via (a NAT'd phone that does not know its public address). */
  aliceAdvertised?: { host: string; port: number };
}

export function bench(opts: BenchOptions = {}): Bench {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock, seed: opts.seed ?? 1, conditions: opts.conditions ?? {} });
  const wire: WirePacket[] = [];
  network.onPacket((p) => wire.push(p));
  const logs: LogRecord[] = [];
  const logger = new SinkLogger((r) => logs.push(r), 'debug', {}, () => clock.wallTime());
  const aliceTransport = new LoopTransport({ network, ...ALICE, ...(opts.aliceAdvertised ? { advertised: opts.aliceAdvertised } : {}) });
  const bobTransport = new LoopTransport({ network, ...BOB });
  const alice = new TransactionLayer({ transport: aliceTransport, clock, logger, timers: opts.timers ?? {} });
  const bob = opts.scriptedBob ? undefined : new TransactionLayer({ transport: bobTransport, clock, logger, timers: opts.timers ?? {} });
  const bobInbox: ReceivedMessage[] = [];
  if (opts.scriptedBob) bobTransport.onMessage((m) => bobInbox.push(m));
  const toBob: SendTarget = { protocol: opts.protocol ?? 'udp', ...BOB };
  return { clock, network, wire, aliceTransport, bobTransport, alice, bob, toBob, bobInbox, logs };
}

let callCounter = 0;

/** A new out-of-dialog request from alice to bob (no Via: the layer adds it). */
export function newRequest(method: string, opts: { cseq?: number; callId?: string; route?: string[] } = {}): SipRequest {
  callCounter++;
  return createRequest({
    method,
    uri: `sip:bob@${BOB.host}:${BOB.port}`,
    from: { uri: makeUri({ user: 'alice', host: ALICE.host }), params: new Map([['tag', `a${callCounter}`]]) },
    to: { uri: makeUri({ user: 'bob', host: BOB.host }), params: new Map() },
    callId: opts.callId ?? `call-${callCounter}@test`,
    cseq: opts.cseq ?? 1,
    ...(opts.route ? { route: opts.route } : {}),
    contact: { uri: makeUri({ user: 'alice', host: ALICE.host, port: ALICE.port }), params: new Map() },
  });
}

/**
 * A request as a scripted peer (alice's side played by hand) puts it on the
 * wire: with its own Via and branch, sent through `transport`.
 */
export function rawRequest(
  method: string,
  branch: string,
  opts: { protocol?: TransportProtocol; cseq?: number; callId?: string; from?: { host: string; port: number } } = {},
): SipRequest {
  const req = newRequest(method, { cseq: opts.cseq ?? 1, callId: opts.callId ?? `raw-${branch}` });
  const from = opts.from ?? ALICE;
  req.headers.prepend('Via', `SIP/2.0/${(opts.protocol ?? 'udp').toUpperCase()} ${from.host}:${from.port};branch=${branch};rport`);
  req.headers.set('From', `<sip:alice@${ALICE.host}>;tag=raw-${opts.callId ?? branch}`);
  return req;
}

/** Packets whose first line starts with `prefix` ("INVITE ", "SIP/2.0 200", "ACK "), optionally only from one address. */
export function onWire(wire: WirePacket[], prefix: string, from?: { port: number }): WirePacket[] {
  return wire.filter((p) => p.firstLine.startsWith(prefix) && (!from || p.from.port === from.port));
}

/** Times (ms) at which matching packets were put on the wire. */
export function timesOnWire(wire: WirePacket[], prefix: string, from?: { port: number }): number[] {
  return onWire(wire, prefix, from).map((p) => p.time);
}

export interface RecordingUser extends ClientTransactionUser {
  /** "1xx:180", "final:486", "timeout", "transport-error", "terminated", in order. */
  events: string[];
  responses: Array<ReceivedMessage<SipResponse>>;
  at: number[];
}

/** A ClientTransactionUser that writes down what it was told and when. */
export function recordingUser(clock: VirtualClock, extra: Partial<ClientTransactionUser> = {}): RecordingUser {
  const user: RecordingUser = {
    events: [],
    responses: [],
    at: [],
    onResponse(res: ReceivedMessage<SipResponse>, tx: ClientTransaction) {
      user.responses.push(res);
      user.events.push(`${res.message.status < 200 ? '1xx' : 'final'}:${res.message.status}`);
      user.at.push(clock.now());
      extra.onResponse?.(res, tx);
    },
    onTimeout(tx) {
      user.events.push('timeout');
      user.at.push(clock.now());
      extra.onTimeout?.(tx);
    },
    onTransportError(tx, err) {
      user.events.push('transport-error');
      user.at.push(clock.now());
      extra.onTransportError?.(tx, err);
    },
    onTerminated(tx) {
      user.events.push('terminated');
      user.at.push(clock.now());
      extra.onTerminated?.(tx);
    },
  };
  return user;
}

/** The scripted peer answers `rx` (a request bob's transport received) with `status`. */
export function peerRespond(b: Bench, rx: ReceivedMessage, status: number, toTag = 'bob-tag'): SipResponse {
  const req = rx.message as SipRequest;
  const res = createResponse(req, status, status === 100 ? {} : { toTag });
  void b.bobTransport.sendResponse(res, rx as ReceivedMessage<SipRequest>);
  return res;
}

/** Let promise callbacks (transport rejections) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export interface ServerBench extends Bench {
  bob: TransactionLayer;
  /** New requests bob's TU was given, in order. */
  requests: Array<{ tx: ServerTransaction; rx: ReceivedMessage<SipRequest> }>;
  /** ACKs bob's layer handed to onAck (2xx ACKs). */
  acks: Array<ReceivedMessage<SipRequest>>;
  /** Responses alice's transport got (no client transaction: the test plays alice by hand). */
  responses: Array<ReceivedMessage<SipResponse>>;
  /** Put a hand-made request on the wire from alice's address. */
  send(request: SipRequest): void;
}

/** Bob is a TransactionLayer; alice is played by hand through her transport. */
export function serverBench(opts: Omit<BenchOptions, 'scriptedBob'> = {}): ServerBench {
  const b = bench(opts);
  const bob = b.bob!;
  const sb: ServerBench = {
    ...b,
    bob,
    requests: [],
    acks: [],
    responses: [],
    send: (request) => void b.aliceTransport.sendRequest(request.clone(), b.toBob),
  };
  bob.onRequest((tx, rx) => sb.requests.push({ tx, rx }));
  bob.onAck((rx) => sb.acks.push(rx));
  b.alice.onStrayResponse((r) => sb.responses.push(r));
  return sb;
}

/** Status codes of the responses alice received, in order. */
export function statuses(sb: ServerBench): number[] {
  return sb.responses.map((r) => r.message.status);
}
