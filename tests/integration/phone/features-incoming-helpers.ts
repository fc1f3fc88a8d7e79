/**
 * Helpers for the incoming-call feature tests (features-incoming-*.test.ts):
 * a Sayhi phone whose settings registry is the truth (accounts, DND,
 * forwarding... are registry keys, changed live as the web page would), with
 * its database in memory, the features of the test's choice, a tone as its
 * microphone and a WAV recorder as its earpiece; and SIPp scenarios written
 * on the fly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeSocketFactory, SystemClock, createLogger, nullLogger } from '../../../src/base/index.js';
import {
  MemorySettingsBackend,
  Settings,
  createDefaultRegistry,
  openMemoryPhoneDatabase,
  type PhoneDatabase,
} from '../../../src/config/index.js';
import { AUDIO_RATE, fileWavIo, openHeadlessHandset, toneRatio, type AudioDevice } from '../../../src/media/index.js';
import {
  Phone,
  anonymousFeature,
  autoAnswerFeature,
  banlistFeature,
  callLogFeature,
  callWaitingFeature,
  dndFeature,
  forwardingFeature,
  ipStrategyFeature,
  lineFeaturesFeature,
  phoneConfigFromSettings,
  type AutoAnswerOptions,
  type CallFeatureEvent,
  type PhoneContext,
  type PhoneFeature,
} from '../../../src/phone/index.js';
import { phonePorts, type Kamailio } from '../../lab/index.js';
import { waitFor } from './helpers.js';

export interface FeaturePhone {
  phone: Phone;
  settings: Settings;
  db: PhoneDatabase;
  /** What the earpiece got, in memory. */
  ear: EarTap;
  dir: string;
  /** callFeature events seen so far. */
  featureEvents: CallFeatureEvent[];
  set(values: Record<string, unknown>): void;
  stop(): Promise<void>;
}

export interface FeaturePhoneOptions {
  slot: number;
  toneHz: number;
  /** Lab users registered on lines 1, 2... (Kamailio); none: a peer-to-peer phone. */
  users?: string[];
  kam?: Kamailio;
  /** Settings written before the phone starts. */
  settings?: Record<string, unknown>;
  /** The feature list; default: the phone's, with a 1 s ring for no-answer forwarding and the given auto-answer options. */
  features?: Array<(ctx: PhoneContext) => PhoneFeature>;
  ringCycleMs?: number;
  autoAnswer?: AutoAnswerOptions;
}

/**
 * This incoming-call features in the phone's order (features/index.ts),
 * with test timings: a 1 s ring for the no-answer forward, a 500 ms auto-answer delay.
 */
export function testFeatures(opts: { ringCycleMs?: number; autoAnswer?: AutoAnswerOptions } = {}): Array<(ctx: PhoneContext) => PhoneFeature> {
  return [
    ipStrategyFeature,
    banlistFeature,
    anonymousFeature,
    dndFeature,
    forwardingFeature({ ringCycleMs: opts.ringCycleMs ?? 1000 }),
    callWaitingFeature,
    autoAnswerFeature({ delayMs: 500, ...opts.autoAnswer }),
    callLogFeature,
    lineFeaturesFeature,
  ];
}

export async function startFeaturePhone(opts: FeaturePhoneOptions): Promise<FeaturePhone> {
  const dir = mkdtempSync(join(tmpdir(), 'sayhi-features-'));
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const ports = phonePorts(opts.slot);
  const values: Record<string, unknown> = {
    'sip.localPort': ports.sipPort,
    'sip.rtpPortMin': ports.rtpRange.min,
    'sip.rtpPortMax': ports.rtpRange.max,
    'sip.t1': 100,
    'audio.codec3': 'none',
  };
  (opts.users ?? []).forEach((user, i) => {
    const n = i + 1;
    const server = opts.kam!.endpoint('udp');
    Object.assign(values, {
      [`account.${n}.enabled`]: true,
      [`account.${n}.user`]: user,
      [`account.${n}.password`]: opts.kam!.passwordOf(user),
      [`account.${n}.server`]: `${server.host}:${server.port}`,
      [`account.${n}.registerExpires`]: 300,
    });
  });
  Object.assign(values, opts.settings ?? {});
  const written = settings.setMany(values);
  if (!written.ok) throw new Error(`test settings refused: ${JSON.stringify(written)}`);
  const config = phoneConfigFromSettings(settings, 'ES330', { mac: '02005e000001', bindAddress: '127.0.0.1' });
  const db = openMemoryPhoneDatabase();
  const ear = new EarTap(await openHeadlessHandset({ play: `tone:${opts.toneHz}` }, fileWavIo));
  const logger = process.env.SAYHI_TEST_LOG ? createLogger(process.env.SAYHI_TEST_LOG as 'debug') : nullLogger;
  const phone = new Phone({
    config,
    clock: new SystemClock(),
    sockets: new NodeSocketFactory(),
    device: ear,
    logger,
    version: 'test',
    settings,
    db,
    features: opts.features ?? testFeatures({ ...(opts.ringCycleMs ? { ringCycleMs: opts.ringCycleMs } : {}), ...(opts.autoAnswer ? { autoAnswer: opts.autoAnswer } : {}) }),
  });
  const featureEvents: CallFeatureEvent[] = [];
  phone.events.on('callFeature', (e) => featureEvents.push(e));
  await phone.start();
  const handle: FeaturePhone = {
    phone,
    settings,
    db,
    ear,
    dir,
    featureEvents,
    set(v) {
      const r = settings.setMany(v);
      if (!r.ok) throw new Error(`settings refused: ${JSON.stringify(r)}`);
    },
    async stop() {
      await phone.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let n = 1; n <= (opts.users ?? []).length; n++) {
      await waitFor(() => phone.status().lines[n - 1]?.state === 'registered', 5000, `line ${n} registered`);
    }
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}

/**
 * The handset with its earpiece kept in memory: each frame the phone plays is
 * appended, so a test can mark a moment (`mark()`) and analyse what was heard
 * between two marks while the phone keeps running.
 */
export class EarTap implements AudioDevice {
  readonly name = 'ear-tap';
  private readonly chunks: Int16Array[] = [];
  private samples = 0;

  constructor(private readonly inner: AudioDevice) {}

  readFrame(frame: Int16Array): boolean {
    return this.inner.readFrame(frame);
  }

  writeFrame(frame: Int16Array): void {
    this.chunks.push(Int16Array.from(frame));
    this.samples += frame.length;
  }

  close(): void | Promise<void> {
    return this.inner.close();
  }

  /** Samples heard so far: a position for heard(). */
  mark(): number {
    return this.samples;
  }

  /** What was heard between two marks (to now when `to` is absent). */
  heard(from: number, to = this.samples): Int16Array {
    const out = new Int16Array(Math.max(0, to - from));
    let at = 0;
    for (const c of this.chunks) {
      const start = Math.max(from - at, 0);
      const end = Math.min(to - at, c.length);
      if (end > start) out.set(c.subarray(start, end), at + start - from);
      at += c.length;
      if (at >= to) break;
    }
    return out;
  }

  /**
   * The largest share of energy at `hz` in any `windowS` slice heard between
   * two marks (Goertzel per slice, half-overlapping): finds a short burst
   * such as the call-waiting tone.
   */
  peakShare(hz: number, from: number, to?: number, windowS = 0.2): number {
    const x = this.heard(from, to);
    const n = Math.floor(windowS * AUDIO_RATE);
    let best = 0;
    for (let start = 0; start + n <= x.length; start += n >> 1) best = Math.max(best, toneRatio(x.subarray(start, start + n), AUDIO_RATE, hz));
    return best;
  }

  /** Share of energy at `hz` over everything heard between two marks. */
  share(hz: number, from: number, to?: number): number {
    const x = this.heard(from, to);
    return x.length < AUDIO_RATE / 10 ? 0 : toneRatio(x, AUDIO_RATE, hz);
  }

  /** Seconds of audio between two marks. */
  static seconds(from: number, to: number): number {
    return (to - from) / AUDIO_RATE;
  }
}

/**
 * A SIPp caller scenario straight to the phone (no PBX) with the INVITE's
 * From and extra headers of the test's choice. It expects `expect` as the
 * final answer: a status ≥ 300 (then ACK, done) or 200 (then ACK, hold the
 * call `holdMs` while streaming @TONE_ULAW@, then BYE). A 302 is logged
 * (Contact) to the SIPp log, so the test can read the forward target.
 */
export function writeCallerScenario(
  dir: string,
  name: string,
  opts: { from: string; headers?: string[]; expect: number; holdMs?: number },
): string {
  const extra = (opts.headers ?? []).join('\n');
  const ack = (cseq: string) => `
  <send>
    <![CDATA[
ACK ${opts.expect === 200 ? '[next_url]' : 'sip:[service]@[remote_ip]:[remote_port]'} SIP/2.0
${opts.expect === 200 ? 'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]' : '[last_Via:]'}
From: ${opts.from};tag=[pid]SIPpTag00[call_number]
[last_To:]
${opts.expect === 200 ? '[routes]\n' : ''}Call-ID: [call_id]
CSeq: ${cseq} ACK
Max-Forwards: 70
Content-Length: 0

    ]]>
  </send>`;
  const answered = `
  <recv response="200" rtd="true" rrs="true"/>
${ack('1')}
  <nop><action><exec rtp_stream="@TONE_ULAW@,-1,0"/></action></nop>
  <pause milliseconds="${opts.holdMs ?? 1000}"/>
  <nop><action><exec rtp_stream="pause"/></action></nop>
  <send retrans="500">
    <![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: ${opts.from};tag=[pid]SIPpTag00[call_number]
[last_To:]
[routes]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

    ]]>
  </send>
  <recv response="200" crlf="true"/>`;
  const refused = `
  <recv response="${opts.expect}">
    <action>
      <ereg regexp="^.*$" search_in="hdr" header="Contact:" check_it="false" assign_to="contact"/>
      <log message="final ${opts.expect} contact=[$contact]"/>
    </action>
  </recv>
${ack('1')}`;
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="${name}">
  <send retrans="500">
    <![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: ${opts.from};tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:sipp@[local_ip]:[local_port]>
Max-Forwards: 70
${extra ? extra + '\n' : ''}Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
a=sendrecv
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
${opts.expect === 200 ? answered : refused}
</scenario>
`;
  const path = join(dir, `${name}.xml`);
  writeFileSync(path, xml, 'latin1');
  return path;
}
