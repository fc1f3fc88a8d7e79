/**
 * Whole Sayhi phones in memory for the keys-and-services unit tests
 * (features-keys*.test.ts): real Phone objects with their default features,
 * settings and database in memory, on one VirtualClock, talking SIP and RTP
 * over the in-memory multicast-capable UDP network of the media tests
 * (fake-multicast-network.ts, which delivers unicast to the exact bound
 * address, so each phone gets its own 127.0.0.x). Every datagram is tapped
 * so tests can read the SIP requests that were sent.
 */
import type { Endpoint, SocketFactory, StreamServer, UdpSocket, VirtualClock } from '../../../src/base/index.js';
import {
  MemorySettingsBackend,
  Settings,
  createDefaultRegistry,
  importKeys,
  openMemoryPhoneDatabase,
  type PhoneDatabase,
} from '../../../src/config/index.js';
import { FRAME_SAMPLES, type AudioDevice } from '../../../src/media/index.js';
import { Phone, phoneConfigFromSettings, type CallInfo } from '../../../src/phone/index.js';
import { FakeMulticastNetwork } from '../media/fake-multicast-network.js';

export interface Datagram {
  from: Endpoint;
  to: Endpoint;
  text: string;
}

/** The fake network as a SocketFactory with a tap; no TCP/TLS (the phones listen, nobody connects). */
export class TappedNet implements SocketFactory {
  readonly net: FakeMulticastNetwork;
  readonly sent: Datagram[] = [];

  constructor(readonly clock: VirtualClock) {
    this.net = new FakeMulticastNetwork(clock);
  }

  async bindUdp(opts: { address: string; port: number; reuseAddr?: boolean }): Promise<UdpSocket> {
    const socket = await this.net.bindUdp(opts);
    const send = socket.send.bind(socket);
    socket.send = (data: Uint8Array, port: number, address: string) => {
      // RTP is binary; keep SIP (text starting with a method or SIP/2.0) only
      const text = Buffer.from(data).toString('latin1');
      if (/^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 )/.test(text)) this.sent.push({ from: { ...socket.local }, to: { address, port }, text });
      send(data, port, address);
    };
    return socket;
  }

  connectStream(): never {
    throw new Error('no TCP/TLS on the in-memory network');
  }

  async listenStream(opts: { host: string; port: number }): Promise<StreamServer> {
    return { local: { address: opts.host, port: opts.port, family: 'IPv4' }, close: async () => {} } as StreamServer;
  }

  /** SIP requests of `method` sent to `address`. */
  requests(method: string, address?: string): string[] {
    return this.sent.filter((d) => d.text.startsWith(`${method} `) && (address === undefined || d.to.address === address)).map((d) => d.text);
  }
}

/** Microphone: a tone; earpiece/speaker: every frame written, with when. */
export class TestHandset implements AudioDevice {
  readonly name = 'test-handset';
  readonly played: Array<{ at: number; pcm: Int16Array }> = [];
  private phase = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly hz: number,
  ) {}

  readFrame(frame: Int16Array): boolean {
    for (let i = 0; i < frame.length; i++) frame[i] = Math.round(8000 * Math.sin((2 * Math.PI * this.hz * (this.phase + i)) / 16000));
    this.phase += frame.length;
    return true;
  }

  writeFrame(frame: Int16Array): void {
    this.played.push({ at: this.clock.now(), pcm: frame.slice() });
  }

  close(): void {}

  /** What was played in [from, to) ms. */
  between(from: number, to: number): Int16Array {
    const take = this.played.filter((f) => f.at >= from && f.at < to);
    const out = new Int16Array(take.length * FRAME_SAMPLES);
    take.forEach((f, i) => out.set(f.pcm, i * FRAME_SAMPLES));
    return out;
  }
}

export interface MemoryPhone {
  phone: Phone;
  settings: Settings;
  db: PhoneDatabase;
  handset: TestHandset;
  address: string;
}

/** A peer-to-peer phone (line 1 without a server) at `address`:5060, started. */
export async function startMemoryPhone(
  net: TappedNet,
  address: string,
  opts: { settings?: Record<string, unknown>; keysXml?: string; toneHz?: number; store?: { settings: Settings; db: PhoneDatabase } } = {},
): Promise<MemoryPhone> {
  const settings = opts.store?.settings ?? new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const set = settings.setMany({ 'account.1.enabled': true, 'account.1.user': address.replace(/\./g, '-'), ...(opts.settings ?? {}) });
  if (!set.ok) throw new Error(`settings: ${JSON.stringify(set.errors)}`);
  const config = phoneConfigFromSettings(settings, 'ES330', { mac: '02005e000001', bindAddress: address });
  config.sipPort = 5060;
  config.rtpPortMin = 20000;
  config.rtpPortMax = 20099;
  const db = opts.store?.db ?? openMemoryPhoneDatabase();
  if (opts.keysXml) {
    const r = importKeys(db, opts.keysXml, { accountCount: 3 });
    if (!r.ok) throw new Error(`keys: ${JSON.stringify(r.errors)}`);
  }
  const handset = new TestHandset(net.clock, opts.toneHz ?? 700);
  const phone = new Phone({ config, clock: net.clock, sockets: net, device: handset, settings, db, version: 'test' });
  await phone.start();
  return { phone, settings, db, handset, address };
}

/** An Extern keys file with these memory keys (Type codes of key-types.ts; SipAccounts 0 = line 1). */
export function keysXml(keys: Array<{ id: number; type: number; number: string; name?: string; account?: number }>): string {
  const rows = keys
    .map((k) => `<hotline id="${k.id}" ID="${k.id}" SipAccounts="${k.account ?? 0}" Type="${k.type}" HotlineNum="${k.number}" Name="${k.name ?? `K${k.id + 1}`}"/>`)
    .join('\n');
  return `<all><hotlines>\n${rows}\n</hotlines></all>`;
}

/** Advance the virtual clock in steps, letting promise chains run between timers. */
export async function run(clock: VirtualClock, ms: number, step = 20): Promise<void> {
  for (let t = 0; t < ms; t += step) await clock.advanceAsync(Math.min(step, ms - t));
}

/** The first call of `phone` matching `pred`, waiting up to `ms` of virtual time. */
export async function callWhere(clock: VirtualClock, phone: Phone, pred: (c: CallInfo) => boolean, ms = 3000): Promise<CallInfo> {
  for (let t = 0; t <= ms; t += 20) {
    const c = phone.calls().find(pred);
    if (c) return c;
    await clock.advanceAsync(20);
  }
  throw new Error(`no matching call within ${ms} ms; calls: ${JSON.stringify(phone.calls())}`);
}

/** Stop phones on a virtual clock: their BYEs and un-SUBSCRIBEs need the clock to move. */
export async function stopAll(clock: VirtualClock, phones: MemoryPhone[]): Promise<void> {
  const stopping = Promise.all(phones.map((p) => p.phone.stop(500).catch(() => undefined)));
  let done = false;
  void stopping.then(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) await clock.advanceAsync(20);
  await stopping;
}

/** Await `work` while the virtual clock runs (up to `ms`): for commands that wait for a SIP answer. */
export async function drive<T>(clock: VirtualClock, work: Promise<T>, ms = 5000): Promise<T> {
  let settled = false;
  const watched = work.finally(() => (settled = true));
  watched.catch(() => undefined);
  for (let t = 0; t < ms && !settled; t += 20) await clock.advanceAsync(20);
  return watched;
}

interface PbxSubscription {
  event: string;
  user: string;
  callId: string;
  phoneTag: string;
  pbxTag: string;
  fromHeader: string;
  toHeader: string;
  contact: Endpoint & { uri: string };
  expires: number;
  cseq: number;
  version: number;
}

/**
 * A minimal PBX on the in-memory network for lines with a server: 200 to
 * REGISTER (no auth), 200 to SUBSCRIBE with a first NOTIFY (and 200 to an
 * un-SUBSCRIBE), 486 to INVITE (the tests only read what was dialled),
 * and NOTIFYs on demand: dialog-info for BLF, message-summary for MWI, in
 * the subscription's dialog or unsolicited.
 */
export class FakePbx {
  readonly received: string[] = [];
  readonly subscriptions: PbxSubscription[] = [];
  private socket!: UdpSocket;
  private seq = 0;

  private constructor(
    private readonly net: TappedNet,
    readonly address: string,
  ) {}

  static async start(net: TappedNet, address = '127.0.0.9'): Promise<FakePbx> {
    const pbx = new FakePbx(net, address);
    pbx.socket = await net.bindUdp({ address, port: 5060 });
    pbx.socket.onMessage((data, from) => pbx.onMessage(data.toString('latin1'), from));
    return pbx;
  }

  requests(method: string): string[] {
    return this.received.filter((m) => m.startsWith(`${method} `));
  }

  subscription(event: string, user: string): PbxSubscription | undefined {
    return this.subscriptions.filter((s) => s.event === event && s.user === user).at(-1);
  }

  /** A dialog-info NOTIFY (full state) for the BLF subscription to `user`. */
  notifyDialog(user: string, dialogs: Array<{ id: string; state: string; callId?: string; localTag?: string; remoteTag?: string; remote?: string }>): void {
    const sub = this.subscription('dialog', user);
    if (!sub) throw new Error(`no dialog subscription for ${user}`);
    const body =
      `<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${sub.version++}" state="full" entity="sip:${user}@${this.address}">\n` +
      dialogs
        .map(
          (d) =>
            `<dialog id="${d.id}"${d.callId ? ` call-id="${d.callId}"` : ''}${d.localTag ? ` local-tag="${d.localTag}"` : ''}${d.remoteTag ? ` remote-tag="${d.remoteTag}"` : ''} direction="recipient">` +
            `<state>${d.state}</state>${d.remote ? `<remote><identity>${d.remote}</identity></remote>` : ''}</dialog>\n`,
        )
        .join('') +
      '</dialog-info>\n';
    this.sendNotify(sub, 'application/dialog-info+xml', body);
  }

  /** A message-summary NOTIFY in the MWI subscription of `user`. */
  notifyMwi(user: string, waiting: boolean, news: number, olds: number): void {
    const sub = this.subscription('message-summary', user);
    if (!sub) throw new Error(`no message-summary subscription for ${user}`);
    this.sendNotify(sub, 'application/simple-message-summary', summaryBody(user, this.address, waiting, news, olds));
  }

  /** An unsolicited message-summary NOTIFY (no subscription) to the phone at `to`. */
  unsolicitedMwi(to: Endpoint, user: string, waiting: boolean, news: number, olds: number): void {
    const body = summaryBody(user, this.address, waiting, news, olds);
    this.send(
      to,
      [
        `NOTIFY sip:${user}@${to.address}:${to.port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${this.address}:5060;branch=z9hG4bKpbx${++this.seq}`,
        `From: <sip:voicemail@${this.address}>;tag=vm${this.seq}`,
        `To: <sip:${user}@${this.address}>`,
        `Call-ID: mwi-${this.seq}@${this.address}`,
        'CSeq: 1 NOTIFY',
        'Max-Forwards: 70',
        'Event: message-summary',
        'Subscription-State: active',
        'Content-Type: application/simple-message-summary',
      ],
      body,
    );
  }

  private sendNotify(sub: PbxSubscription, contentType: string, body: string): void {
    this.send(
      sub.contact,
      [
        `NOTIFY ${sub.contact.uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${this.address}:5060;branch=z9hG4bKpbx${++this.seq}`,
        `From: ${sub.toHeader};tag=${sub.pbxTag}`,
        `To: ${sub.fromHeader}`,
        `Call-ID: ${sub.callId}`,
        `CSeq: ${++sub.cseq} NOTIFY`,
        `Contact: <sip:pbx@${this.address}:5060>`,
        'Max-Forwards: 70',
        `Event: ${sub.event}`,
        `Subscription-State: active;expires=${sub.expires}`,
        `Content-Type: ${contentType}`,
      ],
      body,
    );
  }

  private onMessage(text: string, from: Endpoint): void {
    this.received.push(text);
    const method = /^([A-Z]+) /.exec(text)?.[1];
    if (!method) return; // a response (to our NOTIFYs)
    const h = (name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)`, 'i').exec(text)?.[1] ?? '';
    const reply = (status: string, extra: string[] = [], toTag = 'pbx' + this.seq) => {
      const to = h('To');
      const vias = [...text.matchAll(/\r\nVia: *([^\r]*)/gi)].map((m) => `Via: ${m[1]}`);
      this.send(from, [`SIP/2.0 ${status}`, ...vias, `From: ${h('From')}`, `To: ${/;tag=/.test(to) ? to : `${to};tag=${toTag}`}`, `Call-ID: ${h('Call-ID')}`, `CSeq: ${h('CSeq')}`, ...extra]);
    };
    switch (method) {
      case 'REGISTER':
        return reply('200 OK', [`Contact: ${h('Contact')};expires=3600`, 'Expires: 3600']);
      case 'SUBSCRIBE': {
        const expires = Number(h('Expires') || '3600');
        const event = h('Event').split(';')[0]!.trim();
        const user = /^SUBSCRIBE sips?:([^@]+)@/.exec(text)?.[1] ?? '';
        const existing = this.subscriptions.find((s) => s.callId === h('Call-ID'));
        if (existing) {
          existing.expires = expires;
          reply('200 OK', [`Expires: ${expires}`, `Contact: <sip:pbx@${this.address}:5060>`], existing.pbxTag);
          return;
        }
        const contactUri = /<([^>]+)>/.exec(h('Contact'))?.[1] ?? '';
        const hp = /@([^:;>]+):(\d+)/.exec(contactUri);
        const sub: PbxSubscription = {
          event,
          user,
          callId: h('Call-ID'),
          phoneTag: /;tag=([^;]+)/.exec(h('From'))?.[1] ?? '',
          pbxTag: `sub${++this.seq}`,
          fromHeader: h('From'),
          toHeader: h('To'),
          contact: { address: hp?.[1] ?? from.address, port: Number(hp?.[2] ?? from.port), uri: contactUri },
          expires,
          cseq: 0,
          version: 0,
        };
        this.subscriptions.push(sub);
        reply('200 OK', [`Expires: ${expires}`, `Contact: <sip:pbx@${this.address}:5060>`], sub.pbxTag);
        if (event === 'dialog') this.notifyDialog(user, []);
        else if (event === 'message-summary') this.sendNotify(sub, 'application/simple-message-summary', summaryBody(user, this.address, false, 0, 0));
        return;
      }
      case 'INVITE':
        return reply('486 Busy Here');
      case 'ACK':
        return;
      default:
        return reply('200 OK');
    }
  }

  private send(to: Endpoint, lines: string[], body = ''): void {
    const msg = `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    this.socket.send(Buffer.from(msg, 'latin1'), to.port, to.address);
  }
}

function summaryBody(user: string, host: string, waiting: boolean, news: number, olds: number): string {
  return `Messages-Waiting: ${waiting ? 'yes' : 'no'}\r\nMessage-Account: sip:${user}@${host}\r\nVoice-Message: ${news}/${olds} (0/0)\r\n`;
}
