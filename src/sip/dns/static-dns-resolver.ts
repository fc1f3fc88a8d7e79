import type { NaptrRecord, SipDnsResolver, SrvRecord } from './dns-resolver.js';

/**
 * A resolver answering from a zone held in memory: for unit tests of
 * anything that locates servers, and for farm mode's simulated networks.
 * Names match case-insensitively, with or without the trailing dot. Every
 * query is recorded in `queries` ("SRV _sip._udp.example.com"), and a name
 * listed in `failing` throws like a server failure would.
 */
export interface StaticZone {
  naptr?: Record<string, NaptrRecord[]>;
  srv?: Record<string, SrvRecord[]>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
  /** "TYPE name" entries that fail with SERVFAIL, e.g. "NAPTR example.com". */
  failing?: string[];
}

export class StaticDnsResolver implements SipDnsResolver {
  readonly queries: string[] = [];

  constructor(private readonly zone: StaticZone) {}

  resolveNaptr(name: string): Promise<NaptrRecord[]> {
    return this.answer('NAPTR', name, this.zone.naptr);
  }

  resolveSrv(name: string): Promise<SrvRecord[]> {
    return this.answer('SRV', name, this.zone.srv);
  }

  resolve4(name: string): Promise<string[]> {
    return this.answer('A', name, this.zone.a);
  }

  resolve6(name: string): Promise<string[]> {
    return this.answer('AAAA', name, this.zone.aaaa);
  }

  private answer<T>(type: string, name: string, table: Record<string, T[]> | undefined): Promise<T[]> {
    const key = canonical(name);
    this.queries.push(`${type} ${key}`);
    if (this.zone.failing?.some((f) => f.toLowerCase() === `${type} ${key}`.toLowerCase())) {
      const err = new Error(`query ${type} ${key} failed: SERVFAIL`) as NodeJS.ErrnoException;
      err.code = 'ESERVFAIL';
      return Promise.reject(err);
    }
    for (const [n, records] of Object.entries(table ?? {})) {
      if (canonical(n) === key) return Promise.resolve(records.map((r) => (typeof r === 'object' ? { ...r } : r)));
    }
    return Promise.resolve([]);
  }
}

function canonical(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}
