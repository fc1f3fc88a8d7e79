/**
 * Helpers for the keys-and-services tests against real peers
 * (features-keys*.test.ts): a Sayhi phone with its settings and database
 * (the keys file, dial plan and feature settings are read from them), and
 * the SIPp callee scenarios those tests need, written to a temp dir.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeSocketFactory, SystemClock, createLogger, nullLogger } from '../../../src/base/index.js';
import {
  MemorySettingsBackend,
  Settings,
  createDefaultRegistry,
  importKeys,
  openMemoryPhoneDatabase,
  type PhoneDatabase,
} from '../../../src/config/index.js';
import { fileWavIo, openHeadlessHandset } from '../../../src/media/index.js';
import { Phone, phoneConfigFromSettings } from '../../../src/phone/index.js';
import { phonePorts, runSipp, type Kamailio } from '../../lab/index.js';
import { waitRegistered } from './baresip-helpers.js';

export interface KeysPhone {
  phone: Phone;
  settings: Settings;
  db: PhoneDatabase;
  stop(): Promise<void>;
}

/**
 * A Sayhi phone whose line 1 is `user` on Kamailio (UDP), registered, with settings and keys as given;
 * with `peerToPeer` its line has no server (direct calls by IP only).
 */
export async function startKeysPhone(opts: {
  kam: Kamailio;
  slot: number;
  user: string;
  settings?: Record<string, unknown>;
  keysXml?: string;
  toneHz?: number;
  peerToPeer?: boolean;
}): Promise<KeysPhone> {
  const dir = mkdtempSync(join(tmpdir(), 'sayhi-keys-'));
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const set = settings.setMany({
    'account.1.enabled': true,
    'account.1.user': opts.user,
    'account.1.password': opts.peerToPeer ? '' : opts.kam.passwordOf(opts.user),
    'account.1.server': opts.peerToPeer ? '' : `${opts.kam.udp.host}:${opts.kam.udp.port}`,
    'account.1.registerExpires': 300,
    ...(opts.settings ?? {}),
  });
  if (!set.ok) throw new Error(`settings refused: ${JSON.stringify(set.errors)}`);
  const ports = phonePorts(opts.slot);
  const config = phoneConfigFromSettings(settings, 'ES330', { mac: '02005e0000aa', bindAddress: '127.0.0.1' });
  config.sipPort = ports.sipPort;
  config.rtpPortMin = ports.rtpRange.min;
  config.rtpPortMax = ports.rtpRange.min + 39;
  config.t1 = 100; // loopback: RFC 3261 §17.1.1.1 allows a smaller T1 on a closed network
  const db = openMemoryPhoneDatabase();
  if (opts.keysXml) {
    const r = importKeys(db, opts.keysXml, { accountCount: 3 });
    if (!r.ok) throw new Error(`keys refused: ${JSON.stringify(r.errors)}`);
  }
  const device = await openHeadlessHandset({ play: `tone:${opts.toneHz ?? 440}`, record: join(dir, 'heard.wav') }, fileWavIo);
  const logger = process.env.SAYHI_TEST_LOG ? createLogger(process.env.SAYHI_TEST_LOG as 'debug') : nullLogger;
  const phone = new Phone({ config, clock: new SystemClock(), sockets: new NodeSocketFactory(), device, settings, db, logger, version: 'test' });
  await phone.start();
  const stop = async () => {
    await phone.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (!opts.peerToPeer) await waitRegistered(phone, 1, 5000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { phone, settings, db, stop };
}

/** An Extern keys file with these memory keys (Type codes: 1 BLF ... 9 pickup; SipAccounts 0 = line 1). */
export function keysXml(keys: Array<{ id: number; type: number; number: string }>, lineKeys: Array<{ id: number; type: number; number: string }> = []): string {
  const rows = keys.map((k) => `<hotline id="${k.id}" ID="${k.id}" SipAccounts="0" Type="${k.type}" HotlineNum="${k.number}" Name="K${k.id + 1}"/>`);
  // line keys given a key function: the page's own container (keys-store.ts LINE_KEYS_CONTAINER)
  const lines = lineKeys.map((k) => `<LineKey id="${k.id}" SipAccounts="0" Type="${k.type}" HotlineNum="${k.number}" Name="L${k.id + 1}"/>`);
  return `<all><hotlines>${rows.join('')}</hotlines>${lines.length > 0 ? `<LineKeys>${lines.join('')}</LineKeys>` : ''}</all>`;
}

/** Make SIPp's UAS reachable through Kamailio as `user` (a binding whose Contact is its port). */
export async function bindUser(kam: Kamailio, user: string, port: number): Promise<void> {
  const r = await runSipp({
    scenario: 'register-binding',
    target: kam.udp,
    keys: { user, contact_port: port, expires: 300 },
    auth: { user, password: kam.passwordOf(user) },
  });
  if (r.code !== 0) throw new Error(`binding ${user} -> ${port} failed: ${r.errors || r.stderr}`);
}

const HEAD = '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n';

const answer = (status: string, sdp: boolean) => `
  <send${sdp ? ' retrans="500"' : ''}>
    <![CDATA[
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
[last_Record-Route:]
Contact: <sip:sipp@[local_ip]:[local_port]>
${
  sdp
    ? `Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=sendrecv`
    : 'Content-Length: 0\n'
}
    ]]>
  </send>`;

const okTo = (method: string) => `
  <recv request="${method}"/>
  <send>
    <![CDATA[
SIP/2.0 ${method === 'REFER' ? '202 Accepted' : '200 OK'}
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:sipp@[local_ip]:[local_port]>
Content-Length: 0

    ]]>
  </send>`;

/** The callee scenarios, written once per test file. */
export function writeScenarios(): { dir: string; answer: string; park: string; ringing: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sayhi-keys-sipp-'));
  const files = {
    // answers, waits for the caller's BYE
    answer: `${HEAD}<scenario name="answer">
  <recv request="INVITE" crlf="true"/>
${answer('180 Ringing', false)}
${answer('200 OK', true)}
  <recv request="ACK" optional="true"/>
${okTo('BYE')}
  <timewait milliseconds="300"/>
</scenario>
`,
    // answers; the phone parks the call: REFER (202), then the phone's BYE
    park: `${HEAD}<scenario name="park target">
  <recv request="INVITE" crlf="true"/>
${answer('180 Ringing', false)}
${answer('200 OK', true)}
  <recv request="ACK" optional="true"/>
${okTo('REFER')}
${okTo('BYE')}
  <timewait milliseconds="300"/>
</scenario>
`,
    // rings forever; the caller gives up with CANCEL: 200 to it, 487 to the INVITE
    // (the 487 needs the INVITE's two Vias, the proxy's and the phone's: the CANCEL carries only the proxy's)
    ringing: `${HEAD}<scenario name="never answers">
  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="Via:" occurrence="1" check_it="true" assign_to="via1"/>
      <ereg regexp=".*" search_in="hdr" header="Via:" occurrence="2" check_it="true" assign_to="via2"/>
    </action>
  </recv>
${answer('180 Ringing', false)}
  <recv request="CANCEL" timeout="30000"/>
  <send>
    <![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

    ]]>
  </send>
  <send>
    <![CDATA[
SIP/2.0 487 Request Terminated
Via:[$via1]
Via:[$via2]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
CSeq: [last_cseq_number] INVITE
Content-Length: 0

    ]]>
  </send>
  <recv request="ACK"/>
</scenario>
`,
  };
  const path = (name: keyof typeof files) => {
    const p = join(dir, `${name}.xml`);
    writeFileSync(p, files[name], 'latin1');
    return p;
  };
  return { dir, answer: path('answer'), park: path('park'), ringing: path('ringing'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Requests of `method` SIPp received, each as its text (start line, headers, body), from its -trace_msg log. */
export function receivedRequests(messages: string, method: string): string[] {
  return messages
    .split(/^-{10,}.*$/m)
    .filter((block) => /message received/.test(block))
    .map((block) => block.replace(/^[\s\S]*?bytes :\s*\n/, '').replace(/^\s*\n/, ''))
    .filter((text) => text.startsWith(`${method} `));
}
