import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The session cookie (RFC 6265bis): HttpOnly (scripts cannot read it), SameSite=
 * Strict (no other site's page or link sends it), Path=/; over HTTPS also Secure
 * and the `__Host-` prefix (RFC 6265bis §4.1.3.2: Secure, no Domain, Path=/, so a
 * neighbour on the same host name cannot plant one). No Max-Age: it ends with the
 * browser; the server ends it sooner (SessionStore).
 */
export const HTTP_COOKIE = 'sayhi_session';
export const HTTPS_COOKIE = '__Host-sayhi_session';

export function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

export function cookieName(req: FastifyRequest): string {
  return isHttps(req) ? HTTPS_COOKIE : HTTP_COOKIE;
}

/** The session id the browser sent, if any (parsed by @fastify/cookie). */
export function sessionIdOf(req: FastifyRequest): string | undefined {
  const value = req.cookies?.[cookieName(req)];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, id: string): void {
  reply.setCookie(cookieName(req), id, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/' });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(cookieName(req), { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/' });
}
