import { Resolver } from 'node:dns/promises';

/**
 * The DNS queries RFC 3263 needs, injected so tests and farm mode can answer
 * from memory. A name that does not exist, or has no records of the type,
 * yields an empty list; only real failures (timeout, server failure) throw.
 */
export interface NaptrRecord {
  order: number;
  preference: number;
  flags: string;
  service: string;
  regexp: string;
  replacement: string;
}

export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  /** Target host name; "." means the service is not offered (RFC 2782). */
  name: string;
}

export interface SipDnsResolver {
  resolveNaptr(name: string): Promise<NaptrRecord[]>;
  resolveSrv(name: string): Promise<SrvRecord[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

export interface NodeDnsResolverOptions {
  /**
   * DNS servers ("192.0.2.53", "[2001:db8::53]:53", "127.0.0.1:5353"): the
   * manual's DNS1/DNS2. Empty or absent = the system's resolv.conf.
   */
  servers?: string[];
  /** Per-query timeout in ms (c-ares' own timer); default 2000. */
  timeoutMs?: number;
  /** Attempts per server; default 2. */
  tries?: number;
}

/** Error codes that mean "no such record", not a failure. */
const NO_DATA = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NOTFOUND', 'NODATA']);

/** The real resolver: node:dns/promises with the configured servers. */
export class NodeDnsResolver implements SipDnsResolver {
  private readonly resolver: Resolver;

  constructor(opts: NodeDnsResolverOptions = {}) {
    this.resolver = new Resolver({ timeout: opts.timeoutMs ?? 2000, tries: opts.tries ?? 2 });
    if (opts.servers && opts.servers.length > 0) this.resolver.setServers(opts.servers);
  }

  /** Stop queries in flight (they reject with ECANCELLED). */
  cancel(): void {
    this.resolver.cancel();
  }

  resolveNaptr(name: string): Promise<NaptrRecord[]> {
    return orEmpty(this.resolver.resolveNaptr(name));
  }

  resolveSrv(name: string): Promise<SrvRecord[]> {
    return orEmpty(this.resolver.resolveSrv(name));
  }

  resolve4(name: string): Promise<string[]> {
    return orEmpty(this.resolver.resolve4(name));
  }

  resolve6(name: string): Promise<string[]> {
    return orEmpty(this.resolver.resolve6(name));
  }
}

async function orEmpty<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (err) {
    if (NO_DATA.has((err as NodeJS.ErrnoException).code ?? '')) return [];
    throw err;
  }
}
