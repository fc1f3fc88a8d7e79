/**
 * One SIP OPTIONS request (RFC 3261 §11) to a lab peer over UDP, TCP or TLS, used
 * as a readiness probe and to prove each transport answers. Deliberately tiny and
 * independent of src/sip: the lab must not depend on the code it tests.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { LAB_HOST } from './ports.js';

export type ProbeTransport = 'udp' | 'tcp' | 'tls';

export interface OptionsProbe {
  transport: ProbeTransport;
  port: number;
  host?: string;
  /** TLS: CA certificate(s) (PEM) to verify the server against. Verification is always on. */
  ca?: string | Buffer;
  /** TLS: server name to verify (default: the host, i.e. an IP SAN check). */
  servername?: string;
  timeoutMs?: number;
}

export interface OptionsAnswer {
  status: number;
  reason: string;
  /** The response head (status line and headers). */
  raw: string;
}

function buildOptions(transport: ProbeTransport, host: string, port: number, localPort: number): Buffer {
  const id = randomBytes(6).toString('hex');
  const via = transport.toUpperCase();
  const target = transport === 'tls' ? `sip:${host}:${port};transport=tls` : `sip:${host}:${port}`;
  return Buffer.from(
    [
      `OPTIONS ${target} SIP/2.0`,
      // RFC 3261 §8.1.1.7: the branch starts with the magic cookie z9hG4bK
      `Via: SIP/2.0/${via} ${LAB_HOST}:${localPort};branch=z9hG4bK-lab-${id};rport`,
      'Max-Forwards: 70',
      `From: <sip:probe@${LAB_HOST}>;tag=${id}`,
      `To: <${target}>`,
      `Call-ID: probe-${id}@${LAB_HOST}`,
      'CSeq: 1 OPTIONS',
      'Accept: application/sdp',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

function parseHead(head: string): OptionsAnswer | undefined {
  const m = /^SIP\/2\.0 (\d{3}) ([^\r\n]*)/.exec(head);
  return m ? { status: Number(m[1]), reason: m[2]!, raw: head } : undefined;
}

function probeUdp(host: string, port: number, timeoutMs: number): Promise<OptionsAnswer> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    let retransmit: NodeJS.Timeout | undefined;
    const finish = (err: Error | undefined, answer?: OptionsAnswer): void => {
      clearTimeout(timer);
      clearInterval(retransmit);
      sock.close();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(() => finish(new Error(`no answer to OPTIONS over udp from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    sock.on('message', (msg) => {
      const answer = parseHead(msg.toString('latin1').split('\r\n\r\n')[0]!);
      // provisional responses are not expected for OPTIONS from a proxy; wait for a final one
      if (answer && answer.status >= 200) finish(undefined, answer);
    });
    sock.on('error', (err) => finish(err));
    sock.bind({ port: 0, address: LAB_HOST }, () => {
      const request = buildOptions('udp', host, port, sock.address().port);
      // On loopback a lost datagram only means "not listening yet": resend quickly
      // (far below RFC 3261's T1 = 500 ms, which is meant for real networks).
      const send = (): void => sock.send(request, port, host);
      send();
      retransmit = setInterval(send, 100);
    });
  });
}

function probeStream(opts: Required<Pick<OptionsProbe, 'transport' | 'port' | 'host' | 'timeoutMs'>> & OptionsProbe): Promise<OptionsAnswer> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const socket =
      opts.transport === 'tls'
        ? tls.connect({
            host: opts.host,
            port: opts.port,
            ...(opts.ca ? { ca: opts.ca } : {}),
            ...(opts.servername ? { servername: opts.servername } : {}),
            rejectUnauthorized: true,
          })
        : net.connect({ host: opts.host, port: opts.port });
    const finish = (err: Error | undefined, answer?: OptionsAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer to OPTIONS over ${opts.transport} from ${opts.host}:${opts.port} within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    socket.once(opts.transport === 'tls' ? 'secureConnect' : 'connect', () => {
      socket.write(buildOptions(opts.transport, opts.host, opts.port, socket.localPort ?? 0));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const answer = parseHead(buffer.slice(0, end));
      if (answer && answer.status >= 200) finish(undefined, answer);
      else buffer = buffer.slice(end + 4);
    });
    socket.on('error', (err) => finish(err));
  });
}

/** Sends OPTIONS and resolves with the final response; rejects on timeout or socket/TLS errors. */
export function sendOptions(probe: OptionsProbe): Promise<OptionsAnswer> {
  const host = probe.host ?? LAB_HOST;
  const timeoutMs = probe.timeoutMs ?? 3000;
  if (probe.transport === 'udp') return probeUdp(host, probe.port, timeoutMs);
  return probeStream({ ...probe, host, timeoutMs });
}
