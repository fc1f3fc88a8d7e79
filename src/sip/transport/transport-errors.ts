import { SayhiError } from '../../base/index.js';

/**
 * The transport layer's error catalogue (STYLE.md "Errors"). sendRequest and
 * sendResponse reject with one of these; the transaction layer turns any of
 * them into a 503 for its user (RFC 3261 §8.1.3.1) and the failover helper
 * moves on to the next server (RFC 3263 §4.3).
 */
export const TransportErrorCode = {
  /** Connection refused, host unreachable, connect timeout, socket write failure. */
  Unreachable: 'SIP_TRANSPORT_UNREACHABLE',
  /** TLS handshake or certificate verification failed. */
  Tls: 'SIP_TRANSPORT_TLS',
  /** The transport or the connection was closed before the message could go out. */
  Closed: 'SIP_TRANSPORT_CLOSED',
  /** No transport of that protocol is configured (e.g. a UDP target with no UDP socket). */
  NoTransport: 'SIP_TRANSPORT_UNAVAILABLE',
} as const;

export type TransportErrorCode = (typeof TransportErrorCode)[keyof typeof TransportErrorCode];

export function transportError(code: TransportErrorCode, message: string, cause?: unknown): SayhiError {
  return new SayhiError(code, message, cause === undefined ? undefined : { cause });
}

/** Node's X.509 verification failures (OpenSSL verify codes as surfaced by node:tls). */
const CERT_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Classify an error from connecting a stream: certificate and handshake
 * problems become SIP_TRANSPORT_TLS with a message that says why
 * ("certificate verify failed: self-signed certificate"); the rest are
 * SIP_TRANSPORT_UNREACHABLE.
 */
export function classifyConnectError(err: unknown, where: string, tls: boolean): SayhiError {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const text = e?.message ?? String(err);
  if (tls && CERT_ERROR_CODES.has(code)) {
    return transportError(TransportErrorCode.Tls, `TLS to ${where}: certificate verify failed: ${text}`, err);
  }
  if (tls && (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS') || /ssl|tls/i.test(text))) {
    return transportError(TransportErrorCode.Tls, `TLS to ${where}: handshake failed: ${text}`, err);
  }
  if (tls && code === 'ECONNRESET') {
    // a server that rejects our handshake often just resets the connection
    return transportError(TransportErrorCode.Tls, `TLS to ${where}: connection reset during handshake`, err);
  }
  return transportError(TransportErrorCode.Unreachable, `cannot reach ${where}: ${code || text}`, err);
}
