/**
 * An SNTP server on the in-memory UDP network (tests/unit/media/fake-udp-network.ts):
 * answers each client request (RFC 4330 §5) with its own clock = the virtual
 * wall time + `offsetMs`, echoing the request's Transmit Timestamp as
 * Originate. `reply` can rewrite (or drop: return undefined) each answer to
 * play a broken or refusing server.
 */
import type { Endpoint, UdpSocket, VirtualClock } from '../../../../src/base/index.js';
import { writeNtpTimestamp } from '../../../../src/phone/index.js';
import type { FakeUdpNetwork } from '../../media/fake-udp-network.js';

export interface FakeSntpServer {
  readonly requests: Array<{ at: number; from: Endpoint; data: Buffer }>;
  offsetMs: number;
  reply: ((answer: Buffer, request: Buffer) => Buffer | undefined) | undefined;
  close(): void;
}

/** The 48-byte answer of a stratum-2 server whose clock reads `serverMs`. */
export function sntpAnswer(request: Buffer, serverMs: number, opts: { stratum?: number; li?: number; mode?: number; kiss?: string } = {}): Buffer {
  const b = Buffer.alloc(48);
  b[0] = ((opts.li ?? 0) << 6) | (4 << 3) | (opts.mode ?? 4);
  b[1] = opts.stratum ?? 2;
  b[2] = 6; // poll
  b[3] = 0xec; // precision -20
  if (opts.kiss) b.write(opts.kiss, 12, 'latin1');
  else b.write('GPS\0', 12, 'latin1');
  writeNtpTimestamp(b, 16, serverMs - 30_000); // reference
  request.copy(b, 24, 40, 48); // originate = the client's transmit
  writeNtpTimestamp(b, 32, serverMs); // receive
  writeNtpTimestamp(b, 40, serverMs); // transmit
  return b;
}

export async function startFakeSntpServer(net: FakeUdpNetwork, clock: VirtualClock, address: string, port: number, offsetMs: number): Promise<FakeSntpServer> {
  const sock: UdpSocket = await net.bindUdp({ address, port });
  const server: FakeSntpServer = {
    requests: [],
    offsetMs,
    reply: undefined,
    close: () => sock.close(),
  };
  sock.onMessage((data, from) => {
    server.requests.push({ at: clock.now(), from, data });
    const answer = sntpAnswer(data, clock.wallTime() + server.offsetMs);
    const out = server.reply ? server.reply(answer, data) : answer;
    if (out) sock.send(out, from.port, from.address);
  });
  return server;
}
