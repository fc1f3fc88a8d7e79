/**
 * A phone-side UaCore and a scripted notifier (a presence server or PBX) on a
 * LoopNetwork, all on a VirtualClock. The notifier answers SUBSCRIBEs the way
 * `reply` says (407 challenge, 2xx with Expires, errors, silence), keeps one
 * dialog per subscription (Call-ID), and sends NOTIFYs on demand, before or
 * after its 2xx, recording how the phone answered each one.
 */
import { SinkLogger, VirtualClock, type LogRecord } from '../../../src/base/index.js';
import {
  LoopNetwork,
  LoopTransport,
  TargetIterator,
  TransactionLayer,
  createRequest,
  createResponse,
  makeUri,
  parseExpires,
  parseNameAddr,
  type NameAddr,
  type SipDnsResolver,
  type SipRequest,
  type WirePacket,
} from '../../../src/sip/index.js';
import { Subscription, UaCore, type SubscriptionOptions } from '../../../src/sip-ua/index.js';

export const PHONE = { host: '127.0.0.1', port: 5060 };
export const SERVER = { host: '127.0.0.1', port: 5070 };

export const noDns: SipDnsResolver = {
  resolveNaptr: () => Promise.reject(new Error('no DNS in this test')),
  resolveSrv: () => Promise.reject(new Error('no DNS in this test')),
  resolve4: () => Promise.reject(new Error('no DNS in this test')),
  resolve6: () => Promise.reject(new Error('no DNS in this test')),
};

/**
 * What the notifier does with one SUBSCRIBE: 'accept' (2xx with the granted
 * Expires, then a NOTIFY active unless autoNotify is off), 'drop' (silence),
 * or a status with headers.
 */
export type SubReply = 'accept' | 'drop' | { status: number; headers?: Array<[string, string]> };

interface NotifierDialog {
  callId: string;
  /** The notifier's tag (To tag of its 2xx, From tag of its NOTIFYs). */
  tag: string;
  /** The subscriber's From, with its tag. */
  subscriber: NameAddr;
  /** The SUBSCRIBE's To (our identity). */
  resource: NameAddr;
  target: { host: string; port: number };
  cseq: number;
  event: string;
}

export interface SentNotify {
  request: SipRequest;
  status: number | 'timeout';
}

export class ScriptedNotifier {
  readonly subscribes: Array<{ time: number; request: SipRequest }> = [];
  readonly notifies: SentNotify[] = [];
  reply: (req: SipRequest, n: number) => SubReply = challengeFirst();
  /** Longest subscription granted. */
  maxExpires = 3600;
  /** Send a NOTIFY (active) after accepting a new or refreshed subscription. */
  autoNotify = true;
  /** Send that NOTIFY before the 2xx (RFC 6665 §4.1.2.4), the 2xx then `lateMs` later. */
  notifyFirst = false;
  lateMs = 50;
  /** Record-Route on every NOTIFY (a proxy that stays in the path, RFC 6665 §4.4.1). */
  recordRoute: string | undefined;
  /** Body and type of the automatic NOTIFY. */
  body: { type: string; text: string } | undefined;
  readonly dialogs = new Map<string, NotifierDialog>();
  readonly layer: TransactionLayer;
  private readonly transport: LoopTransport;
  private tagCount = 0;

  constructor(network: LoopNetwork, private readonly clock: VirtualClock) {
    this.transport = new LoopTransport({ network, ...SERVER });
    this.layer = new TransactionLayer({ transport: this.transport, clock });
    this.layer.onRequest((tx, rx) => {
      const req = rx.message;
      if (req.method !== 'SUBSCRIBE') {
        tx.respond(createResponse(req, 405));
        return;
      }
      this.subscribes.push({ time: clock.now(), request: req });
      const r = this.reply(req, this.subscribes.length);
      if (r === 'drop') return;
      const known = this.dialogs.get(req.callId);
      if (req.toTag && (!known || known.tag !== req.toTag)) {
        tx.respond(createResponse(req, 481));
        return;
      }
      if (r !== 'accept') {
        const res = createResponse(req, r.status, { toTag: 'refused' });
        for (const [n, v] of r.headers ?? []) res.headers.append(n, v);
        tx.respond(res);
        return;
      }
      const d = known ?? this.newDialog(req);
      const expires = Math.min(parseExpires(req.headers.get('Expires') ?? '') ?? 3600, this.maxExpires);
      const res = createResponse(req, 200, { toTag: d.tag });
      res.headers.append('Contact', `<sip:notifier@${SERVER.host}:${SERVER.port}>`);
      res.headers.append('Expires', String(expires));
      const send200 = () => tx.respond(res);
      const state = expires === 0 ? 'terminated;reason=timeout' : `active;expires=${expires}`;
      if (expires === 0) this.dialogs.delete(req.callId);
      if (this.notifyFirst && !known) {
        void this.notifyIn(d, { state, ...this.bodyArgs() });
        clock.setTimer(this.lateMs, send200);
        return;
      }
      send200();
      if (this.autoNotify || expires === 0) void this.notifyIn(d, { state, ...this.bodyArgs() });
    });
  }

  get count(): number {
    return this.subscribes.length;
  }

  last(): SipRequest {
    return this.subscribes.at(-1)!.request;
  }

  /** The dialog of the latest subscription. */
  current(): NotifierDialog {
    const callId = this.last().callId;
    const d = this.dialogs.get(callId);
    if (!d) throw new Error(`no notifier dialog for ${callId}`);
    return d;
  }

  /** Send a NOTIFY in the latest subscription's dialog; resolves with the phone's answer. */
  notify(p: { state: string; body?: string; type?: string; event?: string; cseqDelta?: number; fromTag?: string }): Promise<number | 'timeout'> {
    return this.notifyIn(this.current(), p);
  }

  /** An out-of-dialog NOTIFY (unsolicited MWI) to `user` at the phone; resolves with its answer. */
  unsolicited(p: { user: string; body: string; type?: string; event?: string }): Promise<number | 'timeout'> {
    const aor = makeUri({ user: p.user, host: PHONE.host });
    const req = createRequest({
      method: 'NOTIFY',
      uri: `sip:${p.user}@${PHONE.host}:${PHONE.port}`,
      from: { uri: makeUri({ user: 'voicemail', host: SERVER.host }), params: new Map([['tag', `u${++this.tagCount}`]]) },
      to: { uri: aor, params: new Map() },
      callId: `unsolicited-${this.tagCount}`,
      cseq: 1,
      contact: parseNameAddr(`<sip:voicemail@${SERVER.host}:${SERVER.port}>`)!,
      extraHeaders: [
        ['Event', p.event ?? 'message-summary'],
        ['Subscription-State', 'active'],
      ],
      body: Buffer.from(p.body),
      contentType: p.type ?? 'application/simple-message-summary',
    });
    return new Promise((resolve) => {
      this.layer.sendRequest(req, { protocol: 'udp', ...PHONE }, {
        onResponse: (rx) => {
          if (rx.message.status >= 200) resolve(rx.message.status);
        },
        onTimeout: () => resolve('timeout'),
        onTransportError: () => resolve('timeout'),
      });
    });
  }

  close(): void {
    this.layer.close();
    this.transport.close();
  }

  private bodyArgs(): { body?: string; type?: string } {
    return this.body ? { body: this.body.text, type: this.body.type } : {};
  }

  private newDialog(req: SipRequest): NotifierDialog {
    const contact = req.contacts[0]!.uri;
    const d: NotifierDialog = {
      callId: req.callId,
      tag: `ntf${++this.tagCount}`,
      subscriber: req.from!,
      resource: req.to!,
      target: { host: contact.host, port: contact.port ?? 5060 },
      cseq: 100,
      event: req.headers.get('Event') ?? '',
    };
    this.dialogs.set(req.callId, d);
    return d;
  }

  private notifyIn(
    d: NotifierDialog,
    p: { state: string; body?: string; type?: string; event?: string; cseqDelta?: number; fromTag?: string },
  ): Promise<number | 'timeout'> {
    d.cseq += p.cseqDelta ?? 1;
    const body = p.body === undefined ? undefined : Buffer.from(p.body);
    const req = createRequest({
      method: 'NOTIFY',
      uri: `sip:${d.subscriber.uri.user}@${d.target.host}:${d.target.port}`,
      from: { ...d.resource, params: new Map([['tag', p.fromTag ?? d.tag]]) },
      to: d.subscriber,
      callId: d.callId,
      cseq: d.cseq,
      contact: parseNameAddr(`<sip:notifier@${SERVER.host}:${SERVER.port}>`)!,
      extraHeaders: [
        ...(this.recordRoute ? ([['Record-Route', this.recordRoute]] as Array<[string, string]>) : []),
        ...(p.event === '' ? [] : ([['Event', p.event ?? d.event]] as Array<[string, string]>)),
        ...(p.state === '' ? [] : ([['Subscription-State', p.state]] as Array<[string, string]>)),
      ],
      ...(body ? { body, contentType: p.type ?? 'application/dialog-info+xml' } : {}),
    });
    if (p.state.startsWith('terminated')) this.dialogs.delete(d.callId);
    const sent: SentNotify = { request: req, status: 'timeout' };
    this.notifies.push(sent);
    return new Promise((resolve) => {
      this.layer.sendRequest(req, { protocol: 'udp', ...d.target }, {
        onResponse: (rx) => {
          if (rx.message.status < 200) return;
          sent.status = rx.message.status;
          resolve(rx.message.status);
        },
        onTimeout: () => resolve('timeout'),
        onTransportError: () => resolve('timeout'),
      });
    });
  }
}

/** 407 with a digest challenge unless the SUBSCRIBE carries credentials (in-dialog ones pass); then `then`. */
export function challengeFirst(then: SubReply = 'accept'): (req: SipRequest, n: number) => SubReply {
  return (req, n) =>
    req.headers.has('Proxy-Authorization') || req.toTag
      ? then
      : { status: 407, headers: [['Proxy-Authenticate', `Digest realm="loop", nonce="nonce${n}", qop="auth", algorithm=MD5`]] };
}

export interface SubBench {
  clock: VirtualClock;
  network: LoopNetwork;
  wire: WirePacket[];
  core: UaCore;
  notifier: ScriptedNotifier;
  logs: LogRecord[];
  /** The common options for a Subscription on this bench (target 1003). */
  line: Omit<SubscriptionOptions, 'target' | 'event' | 'accept'>;
  /** A Subscription to `event` for sip:1003@127.0.0.1 whose states and NOTIFYs are recorded. */
  subscribe(opts?: Partial<SubscriptionOptions>): {
    sub: Subscription;
    states: Array<{ time: number; state: string; reason?: string; retryInMs?: number }>;
    notifies: Array<{ time: number; body: string; type?: string; state: string }>;
  };
}

export function subBench(opts: { t1?: number } = {}): SubBench {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const wire: WirePacket[] = [];
  network.onPacket((p) => wire.push(p));
  const logs: LogRecord[] = [];
  const logger = new SinkLogger((r) => logs.push(r), 'debug', {}, () => clock.wallTime());
  const core = new UaCore({
    transport: new LoopTransport({ network, ...PHONE }),
    clock,
    logger,
    timers: { t1: opts.t1 ?? 500 },
    userAgent: 'Sayhi test',
  });
  const notifier = new ScriptedNotifier(network, clock);
  const line: SubBench['line'] = {
    core,
    user: '1005',
    domain: '127.0.0.1',
    password: 'pw1005',
    expires: 3600,
    transport: 'udp',
    resolver: noDns,
    locate: async () => new TargetIterator([{ protocol: 'udp', ...SERVER }]),
  };
  const subscribe: SubBench['subscribe'] = (o = {}) => {
    const sub = new Subscription({
      ...line,
      target: makeUri({ user: '1003', host: '127.0.0.1' }),
      event: 'dialog',
      accept: ['application/dialog-info+xml'],
      ...o,
    });
    const states: ReturnType<SubBench['subscribe']>['states'] = [];
    const notifies: ReturnType<SubBench['subscribe']>['notifies'] = [];
    sub.events.on('state', (state, d) => states.push({ time: clock.now(), state, ...d }));
    sub.events.on('notify', (n) =>
      notifies.push({ time: clock.now(), body: n.body.toString(), ...(n.contentType ? { type: n.contentType } : {}), state: n.subscriptionState.state }),
    );
    return { sub, states, notifies };
  };
  return { clock, network, wire, core, notifier, logs, line, subscribe };
}
