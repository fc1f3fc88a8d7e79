import net from 'node:net';
import tls from 'node:tls';
import { StreamTransport, type StreamTransportOptions } from './stream-transport.js';
import type { SendTarget } from './transport.js';

/**
 * SIP over TLS (RFC 3261 §26.2.1, RFC 5922 for the identity check). Server
 * certificates are verified by default against Node's bundled roots plus the
 * configured extra CAs, and matched against the SIP domain we meant to reach
 * (the SendTarget's servername, else its host), which is also sent as SNI.
 * Without a certificate and key the transport is client-only.
 */
export interface TlsSettings {
  /** PEM certificate (chain) and private key for the listener. */
  cert?: string;
  key?: string;
  /** Verify server certificates; default true. */
  verify?: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  ca?: string[];
  /**
   * Per-target overrides, keyed by "host:port", servername or host, e.g. a
   * lab PBX with a self-signed certificate: { 'pbx.lan': { verify: false } }.
   */
  targets?: Record<string, { verify?: boolean; ca?: string[] }>;
  /** Lowest protocol version accepted; default TLSv1.2. */
  minVersion?: tls.SecureVersion;
}

export class TlsTransport extends StreamTransport {
  readonly protocol = 'tls' as const;

  private constructor(
    opts: StreamTransportOptions,
    private readonly settings: TlsSettings,
  ) {
    super(opts);
  }

  static async open(opts: StreamTransportOptions, settings: TlsSettings = {}): Promise<TlsTransport> {
    const canServe = settings.cert !== undefined && settings.key !== undefined;
    if (opts.listen && !canServe) {
      opts.logger.info('no TLS certificate configured: TLS is client-only');
    }
    const t = new TlsTransport(canServe ? opts : { ...opts, listen: undefined }, settings);
    await t.start();
    return t;
  }

  protected listenTlsOptions(): tls.TlsOptions | undefined {
    const { cert, key } = this.settings;
    if (cert === undefined || key === undefined) return undefined;
    return { cert, key, minVersion: this.settings.minVersion ?? 'TLSv1.2' };
  }

  protected connectTlsOptions(target: SendTarget): tls.ConnectionOptions {
    const override = this.overrideFor(target);
    const verify = override?.verify ?? this.settings.verify ?? true;
    const extraCa = [...(this.settings.ca ?? []), ...(override?.ca ?? [])];
    const name = serverName(target);
    const options: tls.ConnectionOptions = {
      rejectUnauthorized: verify,
      minVersion: this.settings.minVersion ?? 'TLSv1.2',
      // SNI must be a name (RFC 6066 §3); the identity check falls back to the IP itself
      servername: name !== undefined && net.isIP(name) === 0 ? name : undefined,
      host: name ?? target.host,
    };
    // giving `ca` replaces Node's roots, so add the extra ones to them
    if (extraCa.length > 0) options.ca = [...tls.rootCertificates, ...extraCa];
    return options;
  }

  private overrideFor(target: SendTarget): { verify?: boolean; ca?: string[] } | undefined {
    const t = this.settings.targets;
    if (!t) return undefined;
    return t[`${target.host}:${target.port}`] ?? (target.servername ? t[target.servername] : undefined) ?? t[target.host];
  }
}

function serverName(target: SendTarget): string | undefined {
  return target.servername || target.host || undefined;
}
