import type { FastifyRequest } from 'fastify';

/**
 * Same-origin checks for requests that change something (OWASP CSRF Prevention
 * Cheat Sheet, "Verifying Origin With Standard Headers" and "Fetch Metadata").
 * Browsers send `Origin` on every cross-origin request and on every non-GET
 * fetch (RFC 6454 §7, Fetch standard), and `Sec-Fetch-Site` says where a request
 * came from. A request from another site is refused whatever it carries: this
 * also protects HTTP Basic logins a browser remembers and sends on its own.
 * Programs (curl, scripts) send neither header and are not affected.
 */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `https://phone:8443` as this request's origin (RFC 6454 §6.1 serialization). */
export function ownOrigin(req: FastifyRequest): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  return `${req.protocol}://${host.toLowerCase()}`;
}

function defaultPortless(origin: string): string {
  return origin.replace(/^http:\/\/(.*):80$/, 'http://$1').replace(/^https:\/\/(.*):443$/, 'https://$1');
}

/** Why the request must be refused as cross-site, or undefined when it may proceed. */
export function crossOriginReason(req: FastifyRequest): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    return `request from another site refused (Sec-Fetch-Site: ${site})`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const own = ownOrigin(req);
  if (origin === 'null' || !own || defaultPortless(origin.toLowerCase()) !== defaultPortless(own)) {
    return `request from another origin refused (Origin: ${origin})`;
  }
  return undefined;
}

/** A WebSocket upgrade: a GET, but it opens a channel that acts for the login (cross-site WebSocket hijacking). */
export function isWebSocketUpgrade(req: FastifyRequest): boolean {
  const upgrade = req.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.toLowerCase() === 'websocket';
}
