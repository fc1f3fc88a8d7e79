/**
 * A tiny authoritative DNS server on 127.0.0.1 for the RFC 3263 tests: it
 * answers A, AAAA, SRV and NAPTR questions (RFC 1035 §4, RFC 2782, RFC 3403)
 * from a zone held in memory, NXDOMAIN for unknown names, and records every
 * question it was asked. UDP only, no compression beyond the question pointer.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export interface TestZone {
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
  srv?: Record<string, Array<{ priority: number; weight: number; port: number; target: string }>>;
  naptr?: Record<
    string,
    Array<{ order: number; preference: number; flags: string; service: string; regexp: string; replacement: string }>
  >;
}

const TYPE = { A: 1, AAAA: 28, SRV: 33, NAPTR: 35 } as const;
const TYPE_NAME: Record<number, string> = { 1: 'A', 28: 'AAAA', 33: 'SRV', 35: 'NAPTR' };

export class TestDnsServer {
  readonly queries: string[] = [];

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly zone: TestZone,
  ) {
    socket.on('message', (msg, rinfo) => {
      const reply = this.answer(msg);
      if (reply) socket.send(reply, rinfo.port, rinfo.address);
    });
  }

  static start(zone: TestZone): Promise<TestDnsServer> {
    const socket = dgram.createSocket('udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve(new TestDnsServer(socket, zone)));
    });
  }

  /** "127.0.0.1:port", the form Resolver.setServers takes. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(query: Buffer): Buffer | undefined {
    if (query.length < 12) return undefined;
    let off = 12;
    const labels: string[] = [];
    while (off < query.length && query[off] !== 0) {
      const len = query[off]!;
      labels.push(query.toString('latin1', off + 1, off + 1 + len));
      off += 1 + len;
    }
    off += 1;
    if (off + 4 > query.length) return undefined;
    const qtype = query.readUInt16BE(off);
    const questionEnd = off + 4;
    const name = labels.join('.').toLowerCase();
    this.queries.push(`${TYPE_NAME[qtype] ?? qtype} ${name}`);

    const known = [this.zone.a, this.zone.aaaa, this.zone.srv, this.zone.naptr].some((t) => t && name in t);
    const rdatas = known ? this.records(name, qtype) : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    const rd = query.readUInt16BE(2) & 0x0100;
    header.writeUInt16BE(0x8000 | 0x0400 | rd | 0x0080 | (known ? 0 : 3), 2); // QR AA RD RA, NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(rdatas.length, 6);
    const answers = rdatas.map((rdata) => {
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
  }

  private records(name: string, qtype: number): Buffer[] {
    switch (qtype) {
      case TYPE.A:
        return (this.zone.a?.[name] ?? []).map((ip) => Buffer.from(ip.split('.').map(Number)));
      case TYPE.AAAA:
        return (this.zone.aaaa?.[name] ?? []).map(ipv6Bytes);
      case TYPE.SRV:
        return (this.zone.srv?.[name] ?? []).map((r) => {
          const fixed = Buffer.alloc(6);
          fixed.writeUInt16BE(r.priority, 0);
          fixed.writeUInt16BE(r.weight, 2);
          fixed.writeUInt16BE(r.port, 4);
          return Buffer.concat([fixed, encodeName(r.target)]);
        });
      case TYPE.NAPTR:
        return (this.zone.naptr?.[name] ?? []).map((r) => {
          const fixed = Buffer.alloc(4);
          fixed.writeUInt16BE(r.order, 0);
          fixed.writeUInt16BE(r.preference, 2);
          return Buffer.concat([fixed, charString(r.flags), charString(r.service), charString(r.regexp), encodeName(r.replacement)]);
        });
      default:
        return [];
    }
  }
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter((p) => p !== '');
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])), Buffer.from([0])]);
}

function charString(s: string): Buffer {
  return Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'latin1')]);
}

function ipv6Bytes(ip: string): Buffer {
  if (!net.isIPv6(ip)) throw new Error(`not IPv6: ${ip}`);
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
