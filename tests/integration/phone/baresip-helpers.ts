/**
 * Helpers for the Sayhi-vs-baresip call tests: a Sayhi phone registered to the
 * lab's Kamailio, and checks on the recordings each side makes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWav, toneRatio } from '../../../src/media/index.js';
import { defaultAccount, type DtmfMode, type LineStatus, type Phone } from '../../../src/phone/index.js';
import { phonePorts, type Baresip, type Kamailio, type LabTransport } from '../../lab/index.js';
import { startTestPhone, waitFor, type TestPhone } from './helpers.js';

export interface RegisteredPhoneOptions {
  kam: Kamailio;
  /** Slot of the lab's phone port plan (phonePorts). */
  slot: number;
  user: string;
  toneHz: number;
  transport?: LabTransport;
  dtmfMode?: DtmfMode;
}

/** A Sayhi phone whose line 1 is `user` on Kamailio (over `transport`), registered before it returns. */
export async function startRegisteredPhone(opts: RegisteredPhoneOptions): Promise<TestPhone> {
  const transport = opts.transport ?? 'udp';
  const ports = phonePorts(opts.slot);
  const server = opts.kam.endpoint(transport);
  const phone = await startTestPhone({
    sipPort: ports.sipPort,
    rtpBase: ports.rtpRange.min,
    toneHz: opts.toneHz,
    accounts: [
      {
        ...defaultAccount(),
        enabled: true,
        user: opts.user,
        password: opts.kam.passwordOf(opts.user),
        server: `${server.host}:${server.port}`,
        transport,
        registerExpires: 300,
        dtmfMode: opts.dtmfMode ?? 'rfc2833',
        codecs: ['PCMU', 'PCMA'],
      },
    ],
    tweak: (c) => {
      if (transport === 'tls') c.tlsCa = [readFileSync(opts.kam.certPath, 'utf8')];
    },
  });
  try {
    await waitRegistered(phone.phone, 1, 5000);
  } catch (err) {
    await phone.stop();
    throw err;
  }
  return phone;
}

export async function waitRegistered(phone: Phone, line: number, timeoutMs: number): Promise<LineStatus> {
  try {
    return await waitFor(() => phone.status().lines.find((l) => l.line === line && l.state === 'registered'), timeoutMs, `line ${line} registered`);
  } catch (err) {
    // say where the line got stuck (state and reason), not only that it did
    throw new Error(`${(err as Error).message}; line ${line} is ${JSON.stringify(phone.status().lines[line - 1])}`);
  }
}

/**
 * Share of the energy at `hz` (Goertzel) in [fromS, toS) of a recording;
 * ~1 for a clean tone, ~0 for silence or another tone.
 */
export function toneShareIn(path: string, hz: number, fromS: number, toS?: number): number {
  const wav = readWav(path);
  const start = Math.floor(fromS * wav.sampleRate);
  const end = toS === undefined ? wav.samples.length : Math.min(wav.samples.length, Math.floor(toS * wav.sampleRate));
  if (end - start < wav.sampleRate / 10) return 0;
  return toneRatio(wav.samples.subarray(start, end), wav.sampleRate, hz);
}

/** RMS of [fromS, toS) of a recording, 0..1 of full scale. */
export function rmsIn(path: string, fromS: number, toS: number): number {
  const wav = readWav(path);
  const start = Math.floor(fromS * wav.sampleRate);
  const end = Math.min(wav.samples.length, Math.floor(toS * wav.sampleRate));
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const x = wav.samples[i]! / 32768;
    sum += x * x;
  }
  return Math.sqrt(sum / (end - start));
}

/** Seconds of audio in a recording. */
export function durationOf(path: string): number {
  const wav = readWav(path);
  return wav.samples.length / wav.sampleRate;
}

/**
 * A SIPp caller scenario (written to `dir`) for SIP INFO DTMF, because baresip
 * 1.0 cannot send it (its account has no dtmfmode parameter before 1.1; with
 * ";dtmfmode=info" it still sends RFC 4733 events). As user [user] with digest
 * auth it INVITEs [service] through the proxy, ACKs the 200, sends one INFO
 * (application/dtmf-relay, "Signal=<d>\r\nDuration=160") per digit of
 * `digits` and expects 200 to each, then hangs up with BYE.
 */
export function writeInfoDtmfScenario(dir: string, digits: string): string {
  const invite = (cseq: number, auth: boolean): string => `
  <send retrans="500">
    <![CDATA[
INVITE sip:[service]@[remote_ip] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[user]@[remote_ip]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]>
Call-ID: [call_id]
CSeq: ${cseq} INVITE
Contact: <sip:[user]@[local_ip]:[local_port]>
Max-Forwards: 70
${auth ? '[authentication]\n' : ''}Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=sendrecv
    ]]>
  </send>`;
  const inDialog = (method: string, cseq: number, body?: string): string => `
  <send retrans="500">
    <![CDATA[
${method} [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[user]@[remote_ip]>;tag=[pid]SIPpTag[call_number]
[last_To:]
[routes]
Call-ID: [call_id]
CSeq: ${cseq} ${method}
Contact: <sip:[user]@[local_ip]:[local_port]>
Max-Forwards: 70
${body === undefined ? 'Content-Length: 0\n' : `Content-Type: application/dtmf-relay\nContent-Length: [len]\n\n${body}`}
    ]]>
  </send>
  <recv response="200"/>`;
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="SIP INFO DTMF caller">
${invite(1, false)}
  <recv response="100" optional="true"/>
  <recv response="407" auth="true"/>
  <send>
    <![CDATA[
ACK sip:[service]@[remote_ip] SIP/2.0
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

    ]]>
  </send>
${invite(2, true)}
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rrs="true"/>
  <send>
    <![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[user]@[remote_ip]>;tag=[pid]SIPpTag[call_number]
[last_To:]
[routes]
Call-ID: [call_id]
CSeq: 2 ACK
Contact: <sip:[user]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0

    ]]>
  </send>
  <pause milliseconds="300"/>
${[...digits].map((d, i) => inDialog('INFO', 3 + i, `Signal=${d}\r\nDuration=160\r\n`)).join('\n')}
  <pause milliseconds="300"/>
${inDialog('BYE', 3 + digits.length)}
</scenario>
`;
  const path = join(dir, 'info-dtmf-caller.xml');
  writeFileSync(path, xml, 'latin1');
  return path;
}

/** RTP counters of every call baresip finished, oldest first (it logs them when a call closes). */
export function finishedCallPackets(b: Baresip): Array<{ sent: number; received: number }> {
  const log = readFileSync(b.logPath, 'utf8');
  return [...log.matchAll(/^packets:\s+(\d+)\s+(\d+)/gm)].map((m) => ({ sent: Number(m[1]), received: Number(m[2]) }));
}

/** Waits for the counters of the call that closes after `countBefore` calls were logged. */
export async function nextCallPackets(b: Baresip, countBefore: number, timeoutMs = 2000): Promise<{ sent: number; received: number }> {
  return waitFor(() => finishedCallPackets(b)[countBefore], timeoutMs, `RTP statistics in baresip ${b.user}'s log`);
}
