import {
  createRequest,
  formatEvent,
  formatUri,
  makeUri,
  parseRetryAfter,
  type EventHeader,
  type NameAddr,
  type SendTarget,
  type SipDnsResolver,
  type SipRequest,
  type SipResponse,
  type SipUri,
  type SubscriptionState,
  type TargetIterator,
  type TransportProtocol,
} from '../../sip/index.js';
import type { UaCore } from '../ua-core.js';
import type { SubscriberState } from './subscriber-state.js';

/**
 * What a Subscription is made of and tells, and the SUBSCRIBE it sends
 * (RFC 6665 §4.1.2.1, §7.1): Event, Accept, Expires, our Contact.
 */

export interface SubscriptionOptions {
  core: UaCore;
  /** The watched resource: Request-URI and To (e.g. sip:1003@pbx for BLF, our own AOR for MWI). */
  target: SipUri;
  /** Our line: From is sip:user@domain; digest credentials. */
  user: string;
  domain: string;
  displayName?: string;
  password: string;
  authName?: string;
  /** Event package (RFC 6665 §8.2.1), e.g. "dialog" or "message-summary". */
  event: string;
  /** Bodies we understand (Accept), e.g. ["application/dialog-info+xml"]. */
  accept: string[];
  /** The manual's "Subscribe Period", s (default 3600). */
  expires: number;
  transport: TransportProtocol;
  /** Resolves the servers (primary, secondary) for each new subscription. */
  locate: () => Promise<TargetIterator>;
  /** Route header values (outbound proxy). */
  route?: string[];
  /** For in-dialog requests (refresh, un-SUBSCRIBE) towards the notifier's Contact. */
  resolver: SipDnsResolver;
  /** Backoff after failures: first delay and cap, ms (default 15 s and 15 min). */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** For logs, e.g. "BLF 1003". */
  label?: string;
}

/** One NOTIFY as the package parser needs it (it was already answered 200). */
export interface SubscriptionNotify {
  body: Buffer;
  /** Content-Type without parameters, lower case. */
  contentType: string | undefined;
  subscriptionState: SubscriptionState;
  request: SipRequest;
}

export interface SubscriberStateDetail {
  reason?: string;
  /** terminated/failed: when the next attempt starts (0: now; absent: never). */
  retryInMs?: number;
}

export type SubscriptionEvents = {
  state: [state: SubscriberState, detail: SubscriberStateDetail];
  notify: [notify: SubscriptionNotify];
};

/** The headers every SUBSCRIBE of a subscription carries (initial, refresh, un-SUBSCRIBE). */
export function subscribeHeaders(event: EventHeader, accept: readonly string[], expires: number): Array<[string, string]> {
  return [
    ['Event', formatEvent(event)],
    ['Accept', accept.join(', ')],
    ['Expires', String(expires)],
  ];
}

/** The initial SUBSCRIBE (out of dialog) towards `target`, and the Contact it carries. */
export function buildSubscribe(
  opts: Pick<SubscriptionOptions, 'core' | 'user' | 'domain' | 'displayName' | 'transport' | 'target' | 'route' | 'accept'>,
  p: { callId: string; fromTag: string; cseq: number; target: SendTarget; expires: number; event: EventHeader },
): { request: SipRequest; contact: NameAddr } {
  const { core, user, domain, transport } = opts;
  const local = core.transport.localAddress(transport, p.target);
  // RFC 3261 §8.1.1.8: sips: over TLS
  const contact: NameAddr = {
    uri: makeUri({
      ...(transport === 'tls' ? { scheme: 'sips' as const } : {}),
      user,
      host: local.host,
      port: local.port,
      ...(transport === 'tcp' ? { params: { transport: 'tcp' } } : {}),
    }),
    params: new Map(),
  };
  const display = opts.displayName ? { displayName: opts.displayName } : {};
  const request = createRequest({
    method: 'SUBSCRIBE',
    uri: formatUri(opts.target),
    from: { ...display, uri: makeUri({ user, host: domain }), params: new Map([['tag', p.fromTag]]) },
    to: { uri: opts.target, params: new Map() },
    callId: p.callId,
    cseq: p.cseq,
    contact,
    ...(opts.route ? { route: opts.route } : {}),
    extraHeaders: [...subscribeHeaders(p.event, opts.accept, p.expires), ['User-Agent', core.userAgent]],
  });
  return { request, contact };
}

/** Retry-After of a failure response, in seconds (RFC 3261 §20.33). */
export function retryAfterOf(res: SipResponse): number | undefined {
  const raw = res.headers.get('Retry-After');
  return raw === undefined ? undefined : parseRetryAfter(raw)?.seconds;
}
