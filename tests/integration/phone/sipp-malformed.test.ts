/**
 * Broken input on a running phone's SIP port, over real UDP (and TCP for what
 * UDP cannot carry). Proves:
 *  - each malformed request that names a way back (Via, From, To, Call-ID,
 *    CSeq) is answered "400 <reason>" (505 for a SIP version we do not speak,
 *    RFC 4475 §3.1.2.16); what cannot be answered (no Via, no Call-ID, garbage,
 *    a response, an ACK: RFC 3261 §17.2.3, §18.1.2) is dropped without a word;
 *  - the RFC 4475 §3.1.2 invalid torture messages (and the §3.3 ones the parser
 *    refuses) get 400/505/501, nothing for the two responses, or a normal
 *    answer where RFC 4475 allows an element to be liberal;
 *  - a 65,507-byte datagram (the UDP maximum) is judged on its content, and a
 *    message over 64 KiB on TCP makes the phone close the connection;
 *  - a flood of 3000 broken datagrams leaves no transaction, dialog or call
 *    behind, costs no lasting heap, and raises no handler error;
 *  - afterwards a normal call from SIPp still works.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import { runSipp } from '../../lab/index.js';
import { waitFor, waitForCall, type TestPhone } from './helpers.js';
import { autoAnswer, RawUdpPeer, stackOf, startSlotPhone, tcpSend, viaToUs, type RawReply } from './sipp-helpers.js';

const RFC4475 = resolve(import.meta.dirname, '../../fixtures/sip/rfc4475');

let phone: TestPhone;
let peer: RawUdpPeer;
let port: number;
let seq = 0;

beforeAll(async () => {
  phone = await startSlotPhone(5, 440);
  port = phone.phone.sipPorts.udp!;
  peer = await RawUdpPeer.open();
});

afterAll(async () => {
  peer?.close();
  await phone?.stop();
});

interface Parts {
  method?: string;
  cseq?: string | null;
  callId?: string | null;
  via?: string | null;
  contentLength?: string | null;
  body?: string;
  extra?: string[];
}

/** A request built line by line, so one part at a time can be broken. Returns it and its branch. */
function build(p: Parts): { text: string; branch: string } {
  const n = ++seq;
  const branch = `z9hG4bKbad${n}x${Date.now().toString(36)}`;
  const method = p.method ?? 'OPTIONS';
  const lines = [
    `${method} sip:sayhi@127.0.0.1:${port} SIP/2.0`,
    p.via === null ? undefined : (p.via ?? `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=${branch};rport`),
    'Max-Forwards: 70',
    `From: <sip:bad@127.0.0.1>;tag=t${n}`,
    'To: <sip:sayhi@127.0.0.1>',
    p.callId === null ? undefined : `Call-ID: ${p.callId ?? `bad-${n}@127.0.0.1`}`,
    p.cseq === null ? undefined : `CSeq: ${p.cseq ?? `1 ${method}`}`,
    ...(p.extra ?? []),
    p.contentLength === null ? undefined : `Content-Length: ${p.contentLength ?? String(Buffer.byteLength(p.body ?? ''))}`,
  ].filter((l) => l !== undefined);
  return { text: `${lines.join('\r\n')}\r\n\r\n${p.body ?? ''}`, branch };
}

function byBranch(branch: string): (r: RawReply) => boolean {
  return (r) => r.text.includes(`branch=${branch}`);
}

/** Send and wait for the answer with this branch (or any answer at all when `branch` is undefined). */
async function exchange(data: string | Buffer, branch: string | undefined, waitMs = 400): Promise<RawReply | undefined> {
  const before = peer.replies.length;
  await peer.send(data, port);
  return peer.waitReply((r) => peer.replies.indexOf(r) >= before && (branch === undefined || byBranch(branch)(r)), waitMs);
}

type Expect = { status: number | number[]; reason?: RegExp } | 'drop' | 'drop-or-400' | 'any-answer';

/** What is wrong with the reply, or undefined when it is as wanted. */
function problem(name: string, reply: RawReply | undefined, want: Expect): string | undefined {
  const got = reply ? `${reply.status} ${reply.reason}` : 'nothing';
  const fail = (why: string): string => `${name}: got ${got}, wanted ${why}`;
  if (want === 'drop') return reply ? fail('nothing') : undefined;
  if (want === 'drop-or-400') return reply && reply.status !== 400 ? fail('nothing or 400') : undefined;
  if (want === 'any-answer') return reply ? undefined : fail('an answer');
  const statuses = Array.isArray(want.status) ? want.status : [want.status];
  if (!reply || !statuses.includes(reply.status)) return fail(statuses.join(' or '));
  // "400 <reason>": the phrase says what was wrong
  if (!reply.reason.trim()) return fail('a reason phrase');
  if (want.reason && !want.reason.test(reply.reason)) return fail(`a reason like ${want.reason}`);
  return undefined;
}

const HAND_MADE: Array<{ name: string; parts: Parts; want: Expect }> = [
  { name: 'bad CSeq number', parts: { cseq: 'abc OPTIONS' }, want: { status: 400, reason: /CSeq/i } },
  { name: 'CSeq over 2^32-1', parts: { cseq: '4294967296 OPTIONS' }, want: { status: 400, reason: /CSeq/i } },
  { name: 'CSeq without method', parts: { cseq: '7' }, want: { status: 400, reason: /CSeq/i } },
  { name: 'CSeq method mismatch', parts: { method: 'OPTIONS', cseq: '1 INVITE' }, want: { status: 400, reason: /CSeq|Mismatch/i } },
  { name: 'Content-Length beyond the datagram', parts: { contentLength: '500', body: 'v=0\r\n' }, want: { status: 400, reason: /Content-Length/i } },
  { name: 'Content-Length not a number', parts: { contentLength: 'ten' }, want: { status: 400, reason: /Content-Length/i } },
  { name: 'negative Content-Length', parts: { contentLength: '-4', body: 'abcd' }, want: { status: 400, reason: /Content-Length/i } },
  { name: 'two Content-Length values', parts: { extra: ['Content-Length: 9'], contentLength: '0' }, want: { status: 400, reason: /Content-Length/i } },
  // a header an OPTIONS answer does not need may be broken: 400 or 200 are both fine
  { name: 'unterminated quote in Contact', parts: { extra: ['Contact: "open <sip:x@127.0.0.1>'] }, want: 'any-answer' },
  { name: 'too many header fields', parts: { extra: Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}`) }, want: { status: 400 } },
  // §8.1.1 makes Call-ID mandatory and §8.2.6.2 copies it into the response: nothing to build one from
  { name: 'missing Call-ID', parts: { method: 'INVITE', callId: null }, want: 'drop-or-400' },
  // §18.2.2: no Via, no way back
  { name: 'missing Via', parts: { via: null }, want: 'drop' },
  // §17.2.3 / §17.1.1.3: an ACK is never answered, malformed or not
  { name: 'ACK with a bad CSeq', parts: { method: 'ACK', cseq: 'x ACK' }, want: 'drop' },
];

describe('malformed messages to the phone', () => {
  it('a flood of 3000 broken datagrams leaves no transaction, dialog, call or heap behind', async () => {
    const gc = exposeGc();
    const flood = [
      build({ cseq: 'abc OPTIONS' }).text,
      build({ method: 'OPTIONS', cseq: '1 INVITE' }).text,
      build({ contentLength: '999', body: 'x' }).text,
      build({ method: 'INVITE', callId: null }).text,
      'garbage garbage garbage\r\n\r\n',
      readFileSync(resolve(RFC4475, 'badinv01.sip'), 'latin1'),
    ].map((t) => viaToUs(Buffer.from(t, 'latin1'), peer.port));
    const before = stackOf(phone.phone);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const ROUNDS = 500;
    const malformedSoFar = (): number => stackOf(phone.phone).counters.malformed - before.counters.malformed;
    for (let i = 0; i < ROUNDS; i++) {
      for (const d of flood) await peer.send(d, port);
      // bursts of 60: the point is volume, not overflowing the socket's receive buffer
      const end = Date.now() + 2000;
      if (i % 10 === 9) while (malformedSoFar() < (i + 1) * flood.length && Date.now() < end) await sleep(1);
    }
    await waitFor(() => stackOf(phone.phone).counters.malformed - before.counters.malformed >= ROUNDS * flood.length, 5000, 'the flood to be read').catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify({ before, after: stackOf(phone.phone) })}`);
    });
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const after = stackOf(phone.phone);
    expect(after.counters.malformed - before.counters.malformed).toBe(ROUNDS * flood.length);
    expect(after.counters.handlerErrors).toBe(0);
    expect(after.transactions).toBe(0);
    expect(after.dialogs).toBe(0);
    expect(phone.phone.calls().filter((c) => c.state !== 'ended')).toEqual([]);
    // 3000 datagrams: a leak of even 1 KiB each would show as 3 MiB
    expect(heapGrowth, `heap grew ${heapGrowth} bytes`).toBeLessThan(2 * 1024 * 1024);
  });

  it('answers hand-made broken requests with 400 <reason>, drops what it cannot answer', async () => {
    const problems: string[] = [];
    for (const c of HAND_MADE) {
      const { text, branch } = build(c.parts);
      const reply = await exchange(text, c.parts.via === null || c.parts.callId === null ? undefined : branch);
      const p = problem(c.name, reply, c.want);
      if (p) problems.push(p);
    }
    expect(problems).toEqual([]);
  });

  it('drops garbage and broken responses without answering', async () => {
    const garbage: Array<[string, Buffer]> = [
      ['binary', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff))],
      ['NUL bytes', Buffer.alloc(64)],
      ['text that is no SIP', Buffer.from('hello, this is not SIP at all\r\n\r\n')],
      ['start line only', Buffer.from(`INVITE sip:sayhi@127.0.0.1 SIP/2.0\r\n\r\n`)],
      ['a response with a bad status', Buffer.from(`SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKx\r\n\r\n`)],
      ['half a header block', Buffer.from(`OPTIONS sip:sayhi@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKhalf\r\nFrom: <sip:a@b>;t`)],
    ];
    const before = stackOf(phone.phone).counters.malformed;
    const problems: string[] = [];
    for (const [name, data] of garbage) {
      const p = problem(name, await exchange(data, undefined, 300), name === 'half a header block' ? 'drop-or-400' : 'drop');
      if (p) problems.push(p);
    }
    expect(problems).toEqual([]);
    expect(stackOf(phone.phone).counters.malformed - before).toBe(garbage.length);
  });

  it('copes with the biggest datagram UDP carries, and closes a TCP connection past 64 KiB', async () => {
    // 65,507 bytes: the IPv4 UDP maximum, so "over 64 KiB" can only arrive on a stream
    const head = build({ extra: ['X-Filler: '] }).text;
    const { text, branch } = build({ extra: [`X-Filler: ${'a'.repeat(65_507 - head.length)}`] });
    expect(Buffer.byteLength(text)).toBe(65_507);
    expect(problem('65,507-byte datagram with one huge header', await exchange(text, branch, 1000), { status: 400 })).toBeUndefined();

    const big = build({ body: 'x'.repeat(70 * 1024) }).text;
    const tcp = await tcpSend(port, Buffer.from(big));
    expect(tcp.closedByPeer).toBe(true);
    expect(tcp.received).not.toMatch(/^SIP\/2\.0 2/);
  });

  it('answers the RFC 4475 invalid torture messages as the RFC asks', async () => {
    const table: Record<string, Expect> = {
      // §3.1.2: "should respond with a 400 Bad Request"
      // its only Via is the malformation (";;,;,,"): the phone has no Via to copy and drops it
      badinv01: 'drop-or-400',
      clerr: { status: 400 },
      ncl: { status: 400 },
      scalar02: { status: 400 },
      quotbal: { status: 400 },
      ltgtruri: { status: 400 },
      lwsruri: { status: 400 },
      escruri: { status: 400 },
      mismatch01: { status: 400 },
      // §3.1.2.18: 501 preferred, 400 acceptable
      mismatch02: { status: [400, 501] },
      // §3.1.2.16: "should respond with a 505 Version Not Supported"
      badvers: { status: 505 },
      // §3.1.2.5 / §3.1.2.19: responses; nobody to answer
      scalarlg: 'drop',
      bigcode: 'drop',
      // §3.1.2.9, .10, .12-.15: an element may be liberal and process these
      lwsstart: 'any-answer',
      trws: 'any-answer',
      baddate: 'any-answer',
      regbadct: 'any-answer',
      badaspec: 'any-answer',
      baddn: 'any-answer',
      // §3.3: refused by the parser; insuf has no From/To/Call-ID to answer with
      insuf: 'drop-or-400',
      unksm2: { status: 400 },
      multi01: { status: 400 },
      mcl01: { status: 400 },
    };
    const sentInvites: string[] = [];
    const problems: string[] = [];
    for (const [name, want] of Object.entries(table)) {
      const data = viaToUs(readFileSync(resolve(RFC4475, `${name}.sip`)), peer.port, `-${++seq}`);
      const branch = /branch=([^;,\s]+)/.exec(data.toString('latin1'))?.[1];
      const reply = await exchange(data, want === 'drop' ? undefined : branch, 400);
      const p = problem(name, reply, want);
      if (p) problems.push(p);
      if (/^INVITE/.test(data.toString('latin1'))) sentInvites.push(data.toString('latin1'));
    }
    // the liberal INVITEs ring the phone: turn them down and ACK the final answers (§17.1.1.3)
    for (const c of phone.phone.calls().filter((c) => c.state === 'ringing')) await phone.phone.reject(c.id, 486);
    await sleep(200);
    for (const invite of sentInvites) {
      const branch = /branch=([^;,\s]+)/.exec(invite)?.[1] ?? '';
      const final = peer.replies.find((r) => r.status >= 300 && r.status !== 400 && r.text.includes(`branch=${branch}`) && /CSeq:[^\r\n]*INVITE/i.test(r.text));
      if (final) await peer.send(ackFor(invite, final.text), port);
    }
    await waitFor(() => phone.phone.calls().every((c) => c.state === 'ended'), 3000, 'liberal INVITEs to end');
    expect(problems).toEqual([]);
  });

  it('still takes a normal call from SIPp after all of this', async () => {
    expect(stackOf(phone.phone).counters.handlerErrors).toBe(0);
    const auto = autoAnswer(phone.phone);
    const r = await runSipp({ scenario: 'sayhi-uac-call', target: `127.0.0.1:${port}`, service: 'sayhi', args: ['-d', '300'] });
    auto.off();
    expect(r.code, r.stderr + r.errors).toBe(0);
    const call = await waitForCall(phone.phone, (c) => c.direction === 'incoming' && c.state === 'ended' && c.remote.startsWith('sip:sipp@'));
    expect(call.endReason).toBe('remote hangup');
  });
});

/** ACK for a non-2xx final response (RFC 3261 §17.1.1.3): the INVITE's top Via, From, Call-ID and Request-URI, the response's To. */
function ackFor(invite: string, response: string): string {
  const header = (text: string, re: RegExp): string => re.exec(text)?.[0] ?? '';
  const uri = /^INVITE\s+(\S+)/.exec(invite)?.[1] ?? '';
  const cseq = /^CSeq\s*:\s*(\d+)/im.exec(invite)?.[1] ?? '1';
  return [
    `ACK ${uri} SIP/2.0`,
    header(invite, /^(Via|v)\s*:[^\r\n]*/im),
    header(invite, /^(From|f)\s*:[^\r\n]*/im),
    header(response, /^(To|t)\s*:[^\r\n]*/im),
    header(invite, /^(Call-ID|i)\s*:[^\r\n]*/im),
    `CSeq: ${cseq} ACK`,
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** global.gc without --expose-gc on the command line, for a heap measurement worth reading. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
