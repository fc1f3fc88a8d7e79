/**
 * SIP message parse/serialize micro-benchmark for the DESIGN.md §5 budget:
 * "parse+serialize an INVITE <= 20 us". Run: `npx tsx bench/sip-parse.ts`
 * (optional argument: iterations, default 200000).
 *
 * Each case warms up first so V8 has optimised the hot paths, then times a
 * fixed number of iterations and prints microseconds per operation. The parsed
 * messages are also touched through the accessors a UA reads on every request
 * (Call-ID, CSeq, top Via, From/To tags) in the "parse+read" line.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseMessage, serializeMessage, type SipMessage } from '../src/sip/message/index.js';

const CRLF = '\r\n';

const SDP = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.10',
  's=Sayhi',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8 9 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join(CRLF);

function withBody(head: string[], body: string): Buffer {
  const text = head.join(CRLF) + CRLF + `Content-Length: ${Buffer.byteLength(body)}` + CRLF + CRLF + body;
  return Buffer.from(text, 'utf8');
}

/** A typical INVITE from a desk phone: ~900 bytes, 12 headers, SDP body. */
const INVITE = withBody(
  [
    'INVITE sip:1002@192.0.2.20:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---a4d7a1c9e3b5f201;rport',
    'Max-Forwards: 70',
    'Contact: <sip:1001@192.0.2.10:5060;transport=udp>',
    'To: <sip:1002@192.0.2.20>',
    'From: "Alice Desk" <sip:1001@192.0.2.20>;tag=4f8a1c2e',
    'Call-ID: 8d2b7e1c0a9f4e3d2c1b0a9f8e7d6c5b@192.0.2.10',
    'CSeq: 1 INVITE',
    'Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE, UPDATE, PRACK',
    'Content-Type: application/sdp',
    'Supported: replaces, timer, 100rel',
    'User-Agent: Sayhi ES330 2.0.1',
    'Session-Expires: 1800;refresher=uac',
  ],
  SDP,
);

const OK_200 = withBody(
  [
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---a4d7a1c9e3b5f201;rport=5060;received=192.0.2.10',
    'Record-Route: <sip:192.0.2.20;lr>',
    'Contact: <sip:1002@192.0.2.30:5060>',
    'To: <sip:1002@192.0.2.20>;tag=as6f1e2d3c',
    'From: "Alice Desk" <sip:1001@192.0.2.20>;tag=4f8a1c2e',
    'Call-ID: 8d2b7e1c0a9f4e3d2c1b0a9f8e7d6c5b@192.0.2.10',
    'CSeq: 1 INVITE',
    'Server: Kamailio',
    'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO',
    'Supported: replaces, timer',
    'Content-Type: application/sdp',
  ],
  SDP,
);

const REGISTER_AUTH = withBody(
  [
    'REGISTER sip:192.0.2.20 SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---77c3e1f0a2b4d6e8;rport',
    'Max-Forwards: 70',
    'Contact: <sip:1001@192.0.2.10:5060;transport=udp>;expires=3600',
    'To: <sip:1001@192.0.2.20>',
    'From: <sip:1001@192.0.2.20>;tag=9e8d7c6b',
    'Call-ID: 1f2e3d4c5b6a79880716253443526170@192.0.2.10',
    'CSeq: 2 REGISTER',
    'Expires: 3600',
    'Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE',
    'User-Agent: Sayhi ES330 2.0.1',
    'Authorization: Digest username="1001",realm="sayhi.test",nonce="ZJ9a1WZ/nSv8y1C0PTc5l3Ruj9tRsD6M",uri="sip:192.0.2.20",response="6629fae49393a05397450978507c4ef1",algorithm=MD5,cnonce="0a4f113b",qop=auth,nc=00000001',
  ],
  '',
);

function mustParse(buf: Buffer): SipMessage {
  const r = parseMessage(buf);
  if (!r.ok) throw new Error(`bench message does not parse: ${r.reason}`);
  return r.message;
}

/**
 * Warm up, then time `iterations` calls in 10 equal batches. Prints the
 * median batch and the best one; returns the best, which is the cost of the
 * code itself: on a shared machine other load only ever adds time, and the
 * spread between the two shows how much it did.
 */
function time(label: string, iterations: number, fn: () => unknown): number {
  const warm = Math.min(100_000, iterations);
  let sink: unknown;
  for (let i = 0; i < warm; i++) sink = fn();
  const batches = 10;
  const per = Math.max(1, Math.floor(iterations / batches));
  const results: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < per; i++) sink = fn();
    results.push(Number(process.hrtime.bigint() - start) / 1000 / per);
  }
  if (sink === undefined) console.log('(sink empty)');
  results.sort((a, b) => a - b);
  const median = results[Math.floor(batches / 2)]!;
  console.log(`${label.padEnd(34)} ${median.toFixed(2).padStart(7)} us/op median, ${results[0]!.toFixed(2).padStart(6)} best`);
  return results[0]!;
}

const iterations = Number(process.argv[2] ?? 200_000);
const parsedInvite = mustParse(INVITE);
const parsedOk = mustParse(OK_200);
mustParse(REGISTER_AUTH);

console.log(`node ${process.version}, ${iterations} iterations each, load average ${loadavg()[0]!.toFixed(2)}`);
console.log(`INVITE ${INVITE.length} bytes, ${parsedInvite.headers.size} header fields`);
time('parse INVITE', iterations, () => parseMessage(INVITE));
time('serialize INVITE', iterations, () => serializeMessage(parsedInvite));
const both = time('parse+serialize INVITE', iterations, () => {
  const r = parseMessage(INVITE);
  return r.ok ? serializeMessage(r.message) : undefined;
});
time('parse+read INVITE (ids, tags)', iterations, () => {
  const r = parseMessage(INVITE);
  if (!r.ok) return undefined;
  const m = r.message;
  return [m.callId, m.cseq?.seq, m.topVia?.params.get('branch'), m.fromTag, m.toTag];
});
time('parse 200 OK', iterations, () => parseMessage(OK_200));
time('serialize 200 OK', iterations, () => serializeMessage(parsedOk));
time('parse REGISTER with Authorization', iterations, () => parseMessage(REGISTER_AUTH));
console.log(`budget (DESIGN.md §5): parse+serialize INVITE <= 20 us: ${both <= 20 ? 'met' : 'MISSED'} (best batch ${both.toFixed(2)} us)`);
if (loadavg()[0]! > availableParallelism()) console.log('note: the machine was busy; medians are inflated by other load');
