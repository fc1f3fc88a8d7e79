import net from 'node:net';
import { nullLogger, type Logger } from '../../base/index.js';
import type { SipUri } from '../message/index.js';
import type { SendTarget, TransportProtocol } from '../transport/transport.js';
import { defaultPort } from '../transport/via-rules.js';
import type { NaptrRecord, SipDnsResolver } from './dns-resolver.js';
import { orderSrv } from './srv-order.js';

/**
 * Locating SIP servers (RFC 3263 §4): from a URI to the ordered list of
 * (transport, IP, port) to try.
 *
 *   IP literal ─────────────────────────────► itself
 *   explicit port, or DNS-SRV off ──────────► A/AAAA of the host
 *   otherwise: NAPTR (SIP+D2U, SIP+D2T, SIPS+D2T) ─► SRV ─► A/AAAA
 *              no NAPTR: SRV _sip._udp, _sip._tcp, _sips._tcp ─► A/AAAA
 *              no SRV: A/AAAA at the transport's default port
 *
 * A sips: URI only ever yields TLS (§4.1). The URI's transport parameter
 * fixes the transport and skips NAPTR; the account's configured transport
 * (the manual's "SIP Transport") restricts every step to that transport.
 */
export interface ResolveSipTargetsOptions {
  resolver: SipDnsResolver;
  /** The manual's per-account "DNS-SRV" switch. */
  dnsSrv: boolean;
  /** The account's transport; undefined = any the server offers. */
  transport?: TransportProtocol;
  /** [0,1) source for RFC 2782 weighted ordering; tests seed it. */
  random?: () => number;
  /** Address families to look up, in preference order; default IPv4 then IPv6. */
  families?: Array<'ipv4' | 'ipv6'>;
  logger?: Logger;
}

interface SrvCandidate {
  protocol: TransportProtocol;
  name: string;
}

const NAPTR_SERVICES: Record<string, TransportProtocol> = {
  'SIP+D2U': 'udp',
  'SIP+D2T': 'tcp',
  'SIPS+D2T': 'tls',
};

/** Client preference when nothing else decides: UDP, TCP, TLS (the manual's order). */
const PREFERENCE: TransportProtocol[] = ['udp', 'tcp', 'tls'];

export async function resolveSipTargets(uri: SipUri, opts: ResolveSipTargetsOptions): Promise<SendTarget[]> {
  const logger = opts.logger ?? nullLogger;
  const secure = uri.scheme === 'sips';
  // §4: maddr, when present, is the TARGET
  const host = (uri.params.get('maddr') ?? '') || uri.host;
  const param = transportParam(uri);
  const fixed: TransportProtocol | undefined = secure ? 'tls' : (param ?? opts.transport);
  const servername = net.isIP(uri.host) === 0 ? uri.host : undefined;
  const fallback: TransportProtocol = fixed ?? 'udp';

  if (net.isIP(host) !== 0) {
    return [target(fallback, host, uri.port ?? defaultPort(fallback), servername)];
  }
  if (uri.port !== undefined || !opts.dnsSrv) {
    return dedupe(await addressTargets(host, fallback, uri.port ?? defaultPort(fallback), servername, opts, logger));
  }

  let candidates: SrvCandidate[] = [];
  if (param === undefined) {
    const naptr = await safe(() => opts.resolver.resolveNaptr(host), [], logger, `NAPTR ${host}`);
    candidates = naptrCandidates(naptr, secure, fixed);
  }
  if (candidates.length === 0) {
    const protocols = fixed ? [fixed] : PREFERENCE;
    candidates = protocols.map((p) => ({ protocol: p, name: `${p === 'tls' ? '_sips._tcp' : `_sip._${p}`}.${host}` }));
  }

  const perCandidate = await Promise.all(
    candidates.map(async (c) => {
      const srv = await safe(() => opts.resolver.resolveSrv(c.name), [], logger, `SRV ${c.name}`);
      const ordered = orderSrv(srv, opts.random);
      const lists = await Promise.all(
        ordered.map((r) => addressTargets(stripDot(r.name), c.protocol, r.port, servername, opts, logger)),
      );
      return lists.flat();
    }),
  );
  const viaSrv = dedupe(perCandidate.flat());
  if (viaSrv.length > 0) return viaSrv;
  // §4.2: no SRV records: A/AAAA of the domain at the default port
  return dedupe(await addressTargets(host, fallback, defaultPort(fallback), servername, opts, logger));
}

/** RFC 3263 §4.1: NAPTR records with flag "s", a SIP service we speak, ordered by order then preference. */
function naptrCandidates(records: NaptrRecord[], secure: boolean, fixed: TransportProtocol | undefined): SrvCandidate[] {
  return records
    .filter((r) => r.flags.toLowerCase() === 's')
    .map((r) => ({ r, protocol: NAPTR_SERVICES[r.service.toUpperCase()] }))
    .filter((x): x is { r: NaptrRecord; protocol: TransportProtocol } => x.protocol !== undefined)
    .filter((x) => (!secure || x.protocol === 'tls') && (!fixed || x.protocol === fixed))
    .sort((a, b) => a.r.order - b.r.order || a.r.preference - b.r.preference)
    .map((x) => ({ protocol: x.protocol, name: stripDot(x.r.replacement) }))
    .filter((c) => c.name !== '');
}

async function addressTargets(
  host: string,
  protocol: TransportProtocol,
  port: number,
  servername: string | undefined,
  opts: ResolveSipTargetsOptions,
  logger: Logger,
): Promise<SendTarget[]> {
  if (net.isIP(host) !== 0) return [target(protocol, host, port, servername)];
  const families = opts.families ?? ['ipv4', 'ipv6'];
  const lists = await Promise.all(
    families.map((f) =>
      f === 'ipv4'
        ? safe(() => opts.resolver.resolve4(host), [], logger, `A ${host}`)
        : safe(() => opts.resolver.resolve6(host), [], logger, `AAAA ${host}`),
    ),
  );
  return lists.flat().map((ip) => target(protocol, ip, port, servername));
}

function target(protocol: TransportProtocol, host: string, port: number, servername: string | undefined): SendTarget {
  const t: SendTarget = { protocol, host, port };
  if (servername !== undefined) t.servername = servername;
  return t;
}

function transportParam(uri: SipUri): TransportProtocol | undefined {
  const v = uri.params.get('transport')?.toLowerCase();
  return v === 'udp' || v === 'tcp' || v === 'tls' ? v : undefined;
}

function stripDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function dedupe(targets: SendTarget[]): SendTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.protocol}|${t.host}|${t.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A failed lookup is logged and treated as "no records": §4 moves on to the next step. */
async function safe<T>(fn: () => Promise<T>, empty: T, logger: Logger, what: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    logger.warn('DNS lookup failed', { query: what, error: (err as Error).message });
    return empty;
  }
}
