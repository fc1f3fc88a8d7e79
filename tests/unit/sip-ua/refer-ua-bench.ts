/**
 * Shared set-up for the transfer and session-timer tests: user agents in one
 * process on a LoopNetwork driven by a VirtualClock (baresip/SIP.js style),
 * each a real UaCore with INVITE sessions, plus a scripted peer that speaks
 * raw SIP for the cases our own UA would never produce. The test code plays
 * the phone: it answers, places the transferee's call, reports progress.
 */
import { VirtualClock } from '../../../src/base/index.js';
import {
  LoopNetwork,
  LoopTransport,
  TargetIterator,
  createResponse,
  makeUri,
  parseMessage,
  type InviteServerTransaction,
  type ReceivedMessage,
  type SipDnsResolver,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type WirePacket,
} from '../../../src/sip/index.js';
import {
  IncomingCall,
  OutgoingCall,
  UaCore,
  type OutgoingCallOptions,
  type SessionTimerSettings,
} from '../../../src/sip-ua/index.js';

export const HOST = '127.0.0.1';

export const noDns: SipDnsResolver = {
  resolveNaptr: () => Promise.reject(new Error('no DNS in this test')),
  resolveSrv: () => Promise.reject(new Error('no DNS in this test')),
  resolve4: () => Promise.reject(new Error('no DNS in this test')),
  resolve6: () => Promise.reject(new Error('no DNS in this test')),
};

export const ALLOW_ALL = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY';

export interface Net {
  clock: VirtualClock;
  network: LoopNetwork;
  wire: WirePacket[];
  /** Parsed packets whose first line starts with `start` ("REFER", "SIP/2.0 202", "NOTIFY"...). */
  sent(start: string, from?: number): Array<{ time: number; msg: SipMessage }>;
  run(ms: number, step?: number): Promise<void>;
}

export function net(): Net {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock });
  const wire: WirePacket[] = [];
  network.onPacket((p) => wire.push(p));
  return {
    clock,
    network,
    wire,
    sent: (start, from) =>
      wire
        .filter((p) => p.firstLine.startsWith(start) && (from === undefined || p.from.port === from))
        .map((p) => {
          const parsed = parseMessage(p.data);
          if (!parsed.ok) throw new Error(`unparseable packet: ${p.firstLine}`);
          return { time: p.time, msg: parsed.message };
        }),
    // advance in steps so that promise chains between timers settle
    run: async (ms, step = 50) => {
      for (let t = 0; t < ms; t += step) await clock.advanceAsync(Math.min(step, ms - t));
    },
  };
}

export interface UaOptions {
  sessionTimer?: Partial<SessionTimerSettings>;
  allow?: string;
  /** What to do with a new INVITE (default: ring, answer after 500 ms). */
  onIncoming?: (call: IncomingCall) => void;
  refer?: { subscriptionSeconds?: number; decisionMs?: number };
}

/** One user agent: a UaCore on the loop network, answering calls like a phone would. */
export class TestUa {
  readonly core: UaCore;
  readonly incoming: IncomingCall[] = [];
  readonly port: number;
  readonly user: string;
  private rtpPort: number;
  private readonly n: Net;
  private readonly opts: UaOptions;

  constructor(n: Net, user: string, port: number, opts: UaOptions = {}) {
    this.n = n;
    this.user = user;
    this.port = port;
    this.opts = opts;
    this.rtpPort = 4000 + (port % 100) * 10;
    this.core = new UaCore({ transport: new LoopTransport({ network: n.network, host: HOST, port }), clock: n.clock, userAgent: `Sayhi ${user}` });
    this.core.delegate = {
      onInvite: (tx, rx) => {
        const call = this.accept(tx, rx);
        if (this.opts.onIncoming) this.opts.onIncoming(call);
        else {
          call.ring();
          n.clock.setTimer(500, () => call.answer());
        }
      },
      onCancel: (tx) => this.incoming.find((c) => c.tx === tx)?.cancelled(),
    };
  }

  get uri(): string {
    return `sip:${this.user}@${HOST}:${this.port}`;
  }

  /** An IncomingCall for a new INVITE, with this UA's settings. */
  accept(tx: InviteServerTransaction, rx: ReceivedMessage<SipRequest>): IncomingCall {
    const call = new IncomingCall({ tx, request: rx, ...this.sessionOptions() });
    this.incoming.push(call);
    return call;
  }

  /** Call `target` ("sip:..." with host and port); extra options for Replaces / Referred-By. */
  call(target: string, extra: Partial<OutgoingCallOptions> = {}): OutgoingCall {
    const m = /^sips?:([^@]+)@([^:;?]+):(\d+)/.exec(target);
    if (!m) throw new Error(`test target must be sip:user@host:port, got ${target}`);
    const uri = makeUri({ user: m[1]!, host: m[2]!, port: Number(m[3]) });
    const call = new OutgoingCall({
      target: uri,
      from: { uri: makeUri({ user: this.user, host: HOST }), params: new Map() },
      to: { uri, params: new Map() },
      targets: new TargetIterator([{ protocol: 'udp', host: m[2]!, port: Number(m[3]) }]),
      ...this.sessionOptions(),
      ...extra,
    });
    call.start();
    return call;
  }

  private sessionOptions() {
    this.rtpPort += 2;
    return {
      core: this.core,
      local: { address: HOST, port: this.rtpPort, codecs: [{ name: 'PCMU', clockRate: 8000, pt: 0 }] },
      transport: 'udp' as const,
      resolver: noDns,
      contact: { uri: makeUri({ user: this.user, host: HOST, port: this.port }), params: new Map() },
      extraHeaders: [['Allow', this.opts.allow ?? ALLOW_ALL]] as Array<[string, string]>,
      ...(this.opts.sessionTimer ? { sessionTimer: this.opts.sessionTimer } : {}),
      ...(this.opts.refer ? { refer: this.opts.refer } : {}),
    };
  }
}

const PEER_SDP = ['v=0', 'o=peer 7 7 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4900 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');

/**
 * A peer that speaks raw SIP through its own LoopTransport: the test reads
 * what arrives and writes the answers (a UA without session timers, a
 * refresher that stops refreshing...).
 */
export class ScriptedPeer {
  readonly transport: LoopTransport;
  readonly inbox: Array<ReceivedMessage<SipMessage>> = [];
  readonly port: number;
  private cseq = 1;

  constructor(n: Net, port: number) {
    this.port = port;
    this.transport = new LoopTransport({ network: n.network, host: HOST, port });
    this.transport.onMessage((m) => this.inbox.push(m));
  }

  requests(method: string): Array<ReceivedMessage<SipRequest>> {
    return this.inbox.filter((m): m is ReceivedMessage<SipRequest> => 'method' in m.message && m.message.method === method);
  }

  responses(status: number): SipResponse[] {
    return this.inbox.flatMap((m) => ('status' in m.message && m.message.status === status ? [m.message] : []));
  }

  /** 200 with SDP and Contact to `rx`, plus `headers`. */
  ok(rx: ReceivedMessage<SipRequest>, headers: Array<[string, string]> = [], toTag = 'peer'): Promise<void> {
    const res = createResponse(rx.message, 200, { toTag });
    res.headers.append('Contact', `<sip:peer@${HOST}:${this.port}>`);
    for (const [k, v] of headers) res.headers.append(k, v);
    if (rx.message.method === 'INVITE') {
      res.headers.set('Content-Type', 'application/sdp');
      res.body = Buffer.from(PEER_SDP);
    }
    return this.transport.sendResponse(res, rx);
  }

  /** Send an INVITE to `port` from this peer (with our SDP), returning its Call-ID and From tag. */
  invite(port: number, headers: Array<[string, string]>): { callId: string; fromTag: string } {
    const callId = `peer-call-${this.cseq}`;
    const fromTag = `pt${this.cseq}`;
    const text = [
      `INVITE sip:them@${HOST}:${port} SIP/2.0`,
      `Via: SIP/2.0/UDP ${HOST}:${this.port};branch=z9hG4bK-peer-${this.cseq}`,
      'Max-Forwards: 70',
      `From: <sip:peer@${HOST}>;tag=${fromTag}`,
      `To: <sip:them@${HOST}:${port}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${this.cseq++} INVITE`,
      `Contact: <sip:peer@${HOST}:${this.port}>`,
      ...headers.map(([k, v]) => `${k}: ${v}`),
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(PEER_SDP)}`,
      '',
      PEER_SDP,
    ].join('\r\n');
    const parsed = parseMessage(Buffer.from(text));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad scripted INVITE');
    void this.transport.sendRequest(parsed.message, { protocol: 'udp', host: HOST, port });
    return { callId, fromTag };
  }

  /** A re-INVITE (session refresh) inside the dialog a 2xx to our INVITE made. */
  reinvite(res: SipResponse, port: number, headers: Array<[string, string]>): void {
    const text = [
      `INVITE sip:them@${HOST}:${port} SIP/2.0`,
      `Via: SIP/2.0/UDP ${HOST}:${this.port};branch=z9hG4bK-peer-re-${this.cseq}`,
      'Max-Forwards: 70',
      `From: ${res.headers.get('From')!}`,
      `To: ${res.headers.get('To')!}`,
      `Call-ID: ${res.callId}`,
      `CSeq: ${this.cseq++} INVITE`,
      `Contact: <sip:peer@${HOST}:${this.port}>`,
      ...headers.map(([k, v]) => `${k}: ${v}`),
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(PEER_SDP)}`,
      '',
      PEER_SDP,
    ].join('\r\n');
    const parsed = parseMessage(Buffer.from(text));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad scripted re-INVITE');
    void this.transport.sendRequest(parsed.message, { protocol: 'udp', host: HOST, port });
  }

  /** ACK for a 2xx to our INVITE, inside the dialog the 2xx made. */
  ack(res: SipResponse, port: number): void {
    const lines = [
      `ACK sip:them@${HOST}:${port} SIP/2.0`,
      `Via: SIP/2.0/UDP ${HOST}:${this.port};branch=z9hG4bK-peer-ack-${this.cseq++}`,
      'Max-Forwards: 70',
      `From: ${res.headers.get('From')!}`,
      `To: ${res.headers.get('To')!}`,
      `Call-ID: ${res.callId}`,
      `CSeq: ${res.cseq!.seq} ACK`,
      'Content-Length: 0',
      '',
      '',
    ];
    const parsed = parseMessage(Buffer.from(lines.join('\r\n')));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad scripted ACK');
    void this.transport.sendRequest(parsed.message, { protocol: 'udp', host: HOST, port });
  }
}
