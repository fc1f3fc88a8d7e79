/**
 * A phone context for unit tests of the call features (features-*.test.ts):
 * real settings (in memory), a real database (in memory), a virtual clock,
 * the event stream, and stand-ins for lines and calls with just what the
 * features use. Incoming sessions are IncomingCall objects whose ring /
 * answer / reject / redirect are recorded instead of sent.
 */
import { TypedEvents, VirtualClock, nullLogger } from '../../../src/base/index.js';
import {
  MemorySettingsBackend,
  Settings,
  createDefaultRegistry,
  openMemoryPhoneDatabase,
  type PhoneDatabase,
} from '../../../src/config/index.js';
import type { AudioDevice } from '../../../src/media/index.js';
import {
  EarpieceMixer,
  type CallFeatureEvent,
  type CallInfo,
  type CallState,
  type IncomingInvite,
  type PhoneContext,
  type PhoneEvents,
  type PhoneFeature,
} from '../../../src/phone/index.js';
import { parseMessage, type SipRequest, type TransportAddress } from '../../../src/sip/index.js';
import { IncomingCall } from '../../../src/sip-ua/index.js';

/** What the fake session was told to do. */
export interface SessionLog {
  answered: number;
  redirectedTo?: string;
  rejected?: number;
}

export class FakeCall {
  readonly events = new TypedEvents<{ change: [CallInfo]; dtmf: [unknown] }>();
  readonly log: SessionLog = { answered: 0 };
  readonly session: IncomingCall;
  private info: CallInfo;

  constructor(
    readonly id: string,
    readonly line: number,
    direction: 'incoming' | 'outgoing',
    state: CallState,
    remote = 'sip:1002@pbx.example',
    startedAt = 1_000_000,
  ) {
    this.info = { id, line, direction, remote, state, startedAt };
    const log = this.log;
    // an IncomingCall as far as `instanceof` goes; its actions only recorded
    const session = Object.create(IncomingCall.prototype) as IncomingCall;
    Object.assign(session, {
      answer: () => (log.answered++, this.setState('connected'), true),
      redirect: (target: string) => ((log.redirectedTo = target), this.end(`forwarded to ${target}`)),
      reject: (status: number) => ((log.rejected = status), this.end(`rejected ${status}`)),
    });
    this.session = session;
  }

  get direction(): 'incoming' | 'outgoing' {
    return this.info.direction;
  }

  get state(): CallState {
    return this.info.state;
  }

  snapshot(): CallInfo {
    return { ...this.info };
  }

  setState(state: CallState, at?: number): void {
    this.info.state = state;
    if (state === 'connected' && this.info.answeredAt === undefined) this.info.answeredAt = at ?? this.info.startedAt;
    this.events.emit('change', this.snapshot());
  }

  end(reason: string, at?: number): void {
    this.info.endReason = reason;
    this.info.endedAt = at ?? this.info.startedAt;
    this.setState('ended');
  }
}

export interface FakeLine {
  number: number;
  domain: string | undefined;
  transport: 'udp' | 'tcp' | 'tls';
  hasServer: boolean;
  state: string;
  locate(): Promise<{ current: { target: TransportAddress } | undefined; failover(): TransportAddress | undefined }>;
  status(): { state: string };
}

/** A line with a server at `domain` (null: a peer-to-peer line). */
export function fakeLine(number: number, domain: string | null = 'pbx.example', servers: TransportAddress[] = []): FakeLine {
  return {
    number,
    domain: domain ?? undefined,
    transport: 'udp',
    hasServer: domain !== null,
    state: domain ? 'registered' : 'peer-to-peer',
    locate: async () => {
      let i = 0;
      return {
        get current() {
          const t = servers[i];
          return t ? { target: t } : undefined;
        },
        failover: () => servers[++i],
      };
    },
    status() {
      return { state: this.state };
    },
  };
}

/** A device that keeps the last frame it was given. */
export class LastFrameDevice implements AudioDevice {
  readonly name = 'last-frame';
  last = new Int16Array(0);
  readFrame(frame: Int16Array): boolean {
    frame.fill(0);
    return false;
  }
  writeFrame(frame: Int16Array): void {
    this.last = Int16Array.from(frame);
  }
  close(): void {}
}

export interface FeatureTestBed {
  ctx: PhoneContext;
  clock: VirtualClock;
  settings: Settings;
  db: PhoneDatabase;
  events: TypedEvents<PhoneEvents>;
  lines: FakeLine[];
  calls: FakeCall[];
  earpiece: EarpieceMixer;
  device: LastFrameDevice;
  featureEvents: CallFeatureEvent[];
  set(values: Record<string, unknown>): void;
  /**
   * Screen a new INVITE with `features` in order (first decision wins, as
   * Phone.onInvite); the call is then dropped from calls(), so one screening
   * does not make the phone look busy for the next.
   */
  screen(features: PhoneFeature[], opts?: InviteOptions): ReturnType<NonNullable<PhoneFeature['screenIncoming']>>;
  /** An incoming INVITE as the screening features see it (the call is added to calls()). */
  invite(opts?: InviteOptions): FakeInvite;
}

/** An IncomingInvite whose call is a FakeCall (pass it to hooks `as never`). */
export type FakeInvite = Omit<IncomingInvite, 'call'> & { call: FakeCall };

export interface InviteOptions {
  line?: number;
  from?: string;
  headers?: string[];
  source?: TransportAddress;
  anonymous?: boolean;
}

let callSeq = 0;

export function featureTestBed(lines: FakeLine[] = [fakeLine(1), fakeLine(2)]): FeatureTestBed {
  const clock = new VirtualClock({ epoch: 1_700_000_000_000 });
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const db = openMemoryPhoneDatabase();
  const events = new TypedEvents<PhoneEvents>();
  const calls: FakeCall[] = [];
  const device = new LastFrameDevice();
  const earpiece = new EarpieceMixer(device);
  const featureEvents: CallFeatureEvent[] = [];
  events.on('callFeature', (e) => featureEvents.push(e));
  const ctx = {
    clock,
    logger: nullLogger,
    events,
    setting: (key: string) => settings.get(key),
    settings,
    db,
    lines: () => lines,
    calls: () => calls,
    call: (id: string) => calls.find((c) => c.id === id),
    device: earpiece,
    earpiece,
  } as unknown as PhoneContext;
  return {
    ctx,
    clock,
    settings,
    db,
    events,
    lines,
    calls,
    earpiece,
    device,
    featureEvents,
    set(values) {
      const r = settings.setMany(values);
      if (!r.ok) throw new Error(JSON.stringify(r));
    },
    screen(features, opts) {
      const invite = this.invite(opts);
      const decision = screen(features, invite);
      calls.splice(calls.indexOf(invite.call), 1);
      return decision;
    },
    invite(opts = {}) {
      const line = lines[(opts.line ?? 1) - 1]!;
      const from = opts.from ?? '<sip:1002@pbx.example>';
      const call = new FakeCall(`c${++callSeq}`, line.number, 'incoming', 'ringing', /<([^>]+)>/.exec(from)?.[1] ?? from);
      calls.push(call);
      const text =
        `INVITE sip:${line.number === 1 ? '1001' : '1004'}@pbx.example SIP/2.0\r\n` +
        'Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-1\r\n' +
        `From: ${from};tag=a\r\nTo: <sip:1001@pbx.example>\r\nCall-ID: ${call.id}@test\r\nCSeq: 1 INVITE\r\n` +
        'Contact: <sip:caller@192.0.2.7>\r\nMax-Forwards: 70\r\n' +
        (opts.headers ?? []).map((h) => `${h}\r\n`).join('') +
        'Content-Length: 0\r\n\r\n';
      const parsed = parseMessage(Buffer.from(text));
      if (!parsed.ok || !('method' in parsed.message)) throw new Error('test INVITE does not parse');
      return {
        call,
        session: call.session,
        line: line as never,
        request: parsed.message as SipRequest,
        source: opts.source ?? { protocol: 'udp', host: '192.0.2.7', port: 5060 },
        anonymous: opts.anonymous ?? false,
      } as unknown as FakeInvite;
    },
  };
}

/** Run the screening hook of each feature in order; the first decision wins (as Phone.onInvite). */
export function screen(features: PhoneFeature[], invite: FakeInvite): ReturnType<NonNullable<PhoneFeature['screenIncoming']>> {
  for (const f of features) {
    const d = f.screenIncoming?.(invite as unknown as IncomingInvite);
    if (d) return d;
  }
  return undefined;
}
