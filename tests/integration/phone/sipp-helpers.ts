/**
 * Helpers for the SIPp-against-Sayhi tests (sipp-*.test.ts): a phone on a lab
 * slot with a short RFC-like T1, auto-answer, a look at the phone's SIP stack
 * (live transactions, dialogs, intake counters), and a raw UDP/TCP peer that
 * sends hand-made (malformed) messages and collects what comes back.
 */
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import type { Phone } from '../../../src/phone/index.js';
import type { TransportCounters, TransportManager } from '../../../src/sip/index.js';
import type { UaCore } from '../../../src/sip-ua/index.js';
import { phonePorts } from '../../lab/index.js';
import { startTestPhone, type TestPhone } from './helpers.js';

/**
 * T1 for these tests. RFC 3261 §17.1.1.1 lets a closed network pick a smaller
 * T1 than 500 ms (loopback RTT is microseconds); T2 and T4 keep their defaults,
 * so the timer schedules keep their RFC shape (E/G doubling capped at T2, 64*T1).
 */
export const TEST_T1_MS = 100;

/** A Sayhi phone on phone slot `slot` of the lab port plan, T1 = TEST_T1_MS. */
export function startSlotPhone(slot: number, toneHz: number): Promise<TestPhone> {
  const ports = phonePorts(slot);
  return startTestPhone({
    sipPort: ports.sipPort,
    rtpBase: ports.rtpRange.min,
    toneHz,
    tweak: (c) => {
      c.t1 = TEST_T1_MS;
    },
  });
}

/**
 * Answer every incoming call `delayMs` after it starts ringing, as a person
 * would (an answer inside the event handler itself would beat the 180 out).
 * Returns the off switch, the answered call ids and any answer errors.
 */
export function autoAnswer(phone: Phone, delayMs = 100): { off(): void; answered: string[]; errors: string[] } {
  const answered: string[] = [];
  const errors: string[] = [];
  const off = phone.events.on('call', (c) => {
    if (c.direction !== 'incoming' || c.state !== 'ringing' || answered.includes(c.id)) return;
    answered.push(c.id);
    setTimeout(() => phone.answer(c.id).catch((err: Error) => errors.push(`${c.id}: ${err.message}`)), delayMs);
  });
  return { off, answered, errors };
}

export interface StackView {
  transactions: number;
  dialogs: number;
  counters: TransportCounters;
}

/**
 * The phone's SIP stack as the tests need to see it. Phone keeps its UA core
 * and transport private (surfaces have no business there); the leak checks
 * read them anyway, by name, and fail loudly if the names change.
 */
export function stackOf(phone: Phone): StackView {
  const inner = phone as unknown as { core?: UaCore; transport?: TransportManager };
  if (!inner.core || !inner.transport) throw new Error('Phone internals moved: update stackOf() in sipp-helpers.ts');
  return {
    transactions: inner.core.transactions.size,
    dialogs: inner.core.dialogs.size,
    counters: inner.transport.counters(),
  };
}

/** Lines of a SIPp -trace_msg log that say SIPp dropped a message on purpose (-lost). */
export function sippLostCount(messages: string): number {
  // "UDP message voluntary lost (while sending)." / "UDP message lost (recv)."
  return (messages.match(/message (voluntary )?lost \((while sending|recv)\)/g) ?? []).length;
}

/**
 * How many messages SIPp received more than once (same start line, Via
 * branch, Call-ID and CSeq): the peer's retransmissions, in a -trace_msg log.
 */
export function retransmissionsReceivedBySipp(messages: string): number {
  const seen = new Map<string, number>();
  for (const block of messages.split(/-{20,} [^\n]*\n/)) {
    const m = /^UDP message received \[\d+\] bytes :\s*\n([\s\S]*)$/.exec(block);
    if (!m) continue;
    const msg = m[1]!;
    const key = [
      msg.split(/\r?\n/, 1)[0],
      /^Via:.*branch=([^;\s]+)/im.exec(msg)?.[1],
      /^Call-ID:\s*(\S+)/im.exec(msg)?.[1],
      /^CSeq:\s*(.+?)\s*$/im.exec(msg)?.[1],
    ].join('|');
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let again = 0;
  for (const n of seen.values()) again += n - 1;
  return again;
}

export interface RawReply {
  text: string;
  status: number;
  reason: string;
  from: number;
}

/**
 * A bare UDP socket on 127.0.0.1 that plays a broken SIP peer: sends bytes
 * as they are and keeps every datagram it gets back.
 */
export class RawUdpPeer {
  readonly replies: RawReply[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('message', (msg, rinfo) => {
      const text = msg.toString('latin1');
      const m = /^SIP\/2\.0 (\d{3}) ?([^\r\n]*)/.exec(text);
      this.replies.push({ text, status: m ? Number(m[1]) : 0, reason: m?.[2] ?? '', from: rinfo.port });
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    });
  }

  static async open(): Promise<RawUdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new RawUdpPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(data: Buffer | string, port: number): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    return new Promise((resolve, reject) => this.socket.send(buf, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  /** The first reply (already here or arriving within timeoutMs) that matches; undefined when none. */
  async waitReply(match: (r: RawReply) => boolean, timeoutMs = 2000): Promise<RawReply | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.replies.find(match);
      if (hit) return hit;
      const left = end - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Send bytes over a fresh TCP connection and report whether the phone closed
 * it (and what it sent back) within timeoutMs.
 */
export function tcpSend(port: number, data: Buffer, timeoutMs = 3000): Promise<{ closedByPeer: boolean; received: string }> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let received = '';
    let done = false;
    const finish = (closedByPeer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ closedByPeer, received });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('data', (d) => (received += d.toString('latin1')));
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
    sock.on('connect', () => sock.write(data));
  });
}

/**
 * Point the top Via of a captured message at us: sent-by 127.0.0.1:<port>
 * with rport, transport UDP (a TCP Via arriving on UDP would be a second,
 * unrelated fault), so the phone's answer comes back to the test and never
 * to a default port 5060 another lab may own. The protocol version and
 * everything after the sent-by stay as they were: the malformations under
 * test (badvers' SIP/7.0, badinv01's empty parameters) live there.
 * `branchSuffix` makes the branch unique, so messages that share one in the
 * RFC (z9hG4bKkdjuw) are not taken for retransmissions of each other.
 */
export function viaToUs(raw: Buffer, port: number, branchSuffix = ''): Buffer {
  const text = raw.toString('latin1');
  const out = text.replace(
    /^((?:Via|v)[ \t]*:[ \t]*SIP[ \t]*\/[ \t]*[0-9.]+[ \t]*\/[ \t]*)(?:UDP|TCP)([ \t]+)[^;, \t\r\n]+([^\r\n]*)/im,
    (_m, lead: string, gap: string, rest: string) =>
      `${lead}UDP${gap}127.0.0.1:${port};rport${branchSuffix ? rest.replace(/(branch=[^;,\s]+)/, `$1${branchSuffix}`) : rest}`,
  );
  return Buffer.from(out, 'latin1');
}
