import type tls from 'node:tls';
import { StreamTransport, type StreamTransportOptions } from './stream-transport.js';

/** SIP over TCP (RFC 3261 §18.3): a stream transport with no security options. */
export class TcpTransport extends StreamTransport {
  readonly protocol = 'tcp' as const;

  static async open(opts: StreamTransportOptions): Promise<TcpTransport> {
    const t = new TcpTransport(opts);
    await t.start();
    return t;
  }

  protected listenTlsOptions(): tls.TlsOptions | undefined {
    return undefined;
  }

  protected connectTlsOptions(): tls.ConnectionOptions | undefined {
    return undefined;
  }
}
