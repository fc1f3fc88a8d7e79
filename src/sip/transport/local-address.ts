import net from 'node:net';
import os from 'node:os';
import { normalizeHost } from './via-rules.js';

/**
 * Which of our addresses to put in Via sent-by and Contact. A socket bound
 * to a wildcard (0.0.0.0, ::) has no single address: use the configured
 * advertised host (e.g. the manual's static IP, or one learned by STUN), else
 * loopback towards a loopback peer, else the first external interface address
 * of the socket's family.
 */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

export function isLoopback(host: string): boolean {
  const h = normalizeHost(host);
  return h === '::1' || h.startsWith('127.');
}

export function pickLocalHost(
  bindHost: string,
  opts: { advertisedHost?: string; dest?: string; family?: 'IPv4' | 'IPv6' },
): string {
  if (!isWildcard(bindHost)) return bindHost;
  if (opts.advertisedHost) return opts.advertisedHost;
  const v6 = opts.family === 'IPv6' || (opts.dest !== undefined && net.isIPv6(opts.dest) && bindHost === '::');
  if (opts.dest !== undefined && isLoopback(opts.dest)) return net.isIPv6(opts.dest) ? '::1' : '127.0.0.1';
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal || (a.family === 'IPv6') !== v6) continue;
      if (v6 && a.address.toLowerCase().startsWith('fe80')) continue; // link-local needs a zone
      return a.address;
    }
  }
  return v6 ? '::1' : '127.0.0.1';
}

/** Every address of this machine (for the loose §18.1.2 sent-by check on wildcard sockets). */
export function interfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) out.push(normalizeHost(a.address));
  }
  return out;
}
