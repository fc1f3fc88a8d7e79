import { TargetIterator, type SipUri, type TargetGroup } from '../sip/index.js';
import { targetsForUri } from '../sip-ua/index.js';
import type { Line } from './line.js';
import type { PhoneContext } from './phone-context.js';

/**
 * Where a new out-of-dialog request from `line` to `uri` goes (an INVITE, a
 * MESSAGE): through the line's server when it is the line's domain or an
 * outbound proxy is set (primary then secondary, with the proxy's Route), else
 * straight to the URI's host (RFC 3263 for the URI itself: peer-to-peer calls).
 */
export interface RequestRoute {
  viaServer: boolean;
  locate(): Promise<TargetIterator>;
  /** Route header values (outbound proxy), only through the server. */
  route?: string[];
}

export function requestRoute(ctx: Pick<PhoneContext, 'resolver'>, line: Line, uri: SipUri): RequestRoute {
  const viaServer = line.hasServer && (uri.host === line.domain || line.config.outboundProxy !== '');
  if (viaServer) {
    const route = line.outboundRoute();
    return { viaServer, locate: () => line.locate(), ...(route ? { route } : {}) };
  }
  return {
    viaServer,
    locate: async () => {
      const list = await targetsForUri(uri, line.transport, ctx.resolver).catch(() => []);
      return new TargetIterator([{ label: 'direct', targets: list } as TargetGroup]);
    },
  };
}
