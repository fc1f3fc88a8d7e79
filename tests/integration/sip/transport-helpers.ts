/** Shared pieces of the real-socket transport tests (127.0.0.1 only). */
import { NodeSocketFactory, SystemClock, sleep } from '../../../src/base/index.js';
import {
  TransportManager,
  parseMessage,
  type ReceivedMessage,
  type SipRequest,
  type TransportManagerOptions,
  type TransportProtocol,
} from '../../../src/sip/index.js';

export const LOOPBACK = '127.0.0.1';

export interface Peer {
  m: TransportManager;
  got: ReceivedMessage[];
}

export async function startPeer(extra: Partial<TransportManagerOptions> = {}): Promise<Peer> {
  const m = await TransportManager.start({
    factory: new NodeSocketFactory(),
    clock: new SystemClock(),
    udp: { host: LOOPBACK, port: 0 },
    tcp: { host: LOOPBACK, port: 0 },
    ...extra,
  });
  const got: ReceivedMessage[] = [];
  m.onMessage((msg) => got.push(msg));
  return { m, got };
}

/** Poll until `check` is true, for at most `ms` (real time). */
export async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

export function requestFrom(
  peer: TransportManager,
  protocol: TransportProtocol,
  opts: { method?: string; callId?: string; branch?: string } = {},
): SipRequest {
  const l = peer.localAddress(protocol, { protocol, host: LOOPBACK, port: 5060 });
  const method = opts.method ?? 'OPTIONS';
  const text =
    `${method} sip:bob@${LOOPBACK} SIP/2.0\r\n` +
    `Via: SIP/2.0/${protocol.toUpperCase()} ${l.host}:${l.port};branch=z9hG4bK${opts.branch ?? 'b1'};rport\r\n` +
    `Max-Forwards: 70\r\nFrom: <sip:alice@${LOOPBACK}>;tag=a1\r\nTo: <sip:bob@${LOOPBACK}>\r\n` +
    `Call-ID: ${opts.callId ?? 'it-1'}\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`;
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || r.message.kind !== 'request') throw new Error('bad sample request');
  return r.message;
}
