import type { RtpPortPair } from '../media/index.js';
import {
  DigestClient,
  formatUri,
  makeUri,
  type InviteServerTransaction,
  type NameAddr,
  type ReceivedMessage,
  type SipRequest,
} from '../sip/index.js';
import { IncomingCall, OutgoingCall, type InviteSessionOptions, type SessionTimerSettings } from '../sip-ua/index.js';
import { sdpCodecsFor } from './call-media.js';
import type { Line } from './line.js';
import type { PhoneContext, PlaceCallOptions } from './phone-context.js';
import { PhoneError } from './phone-errors.js';
import { requestRoute } from './request-route.js';

/**
 * Builds the INVITE sessions of the phone's calls: where an outgoing call goes
 * (the line's servers, or straight to the dialled address), our Contact and
 * credentials, the offer's codecs and RTP port. The Phone turns them into Calls.
 */

/** Methods we answer in a call (Allow, RFC 3261 §20.5). */
export const CALL_ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY';

export async function createOutgoingSession(
  ctx: PhoneContext,
  opts: PlaceCallOptions,
): Promise<{ session: OutgoingCall; ports: RtpPortPair; remote: string }> {
  const { line, uri } = opts;
  const a = line.config;
  const where = requestRoute(ctx, line, uri);
  const iterator = await where.locate();
  const first = iterator.current?.target;
  if (!first) throw new PhoneError('PHONE_BAD_TARGET', `no address for ${formatUri(uri)}`);
  const local = ctx.transport().localAddress(first.protocol, first);
  const pair = await ctx.ports.allocate();
  if (!pair.ok) throw new PhoneError('PHONE_LINE_BUSY', 'no free RTP port');
  const user = a.user || 'sayhi';
  const fromHost = line.domain ?? local.host;
  const from: NameAddr = opts.anonymous
    ? // RFC 3323 §4.1.1.3: an anonymous From; the identity the proxy needs stays in P-Preferred-Identity
      { displayName: 'Anonymous', uri: makeUri({ user: 'anonymous', host: 'anonymous.invalid' }), params: new Map() }
    : { ...(a.displayName ? { displayName: a.displayName } : {}), uri: makeUri({ user, host: fromHost }), params: new Map() };
  const headers: Array<[string, string]> = [...sessionHeaders(ctx), ...(opts.headers ?? [])];
  if (opts.anonymous) {
    headers.push(['Privacy', 'id'], ['P-Preferred-Identity', `<${formatUri(makeUri({ user, host: fromHost }))}>`]);
  }
  const session = new OutgoingCall({
    ...sessionBase(ctx, line, first.protocol, local, pair.value.rtpPort, user),
    target: uri,
    from,
    to: { uri, params: new Map() },
    targets: iterator,
    ...(where.route ? { route: where.route } : {}),
    extraHeaders: headers,
    ...(opts.replaces ? { replaces: opts.replaces } : {}),
    ...(opts.referredBy ? { referredBy: opts.referredBy } : {}),
  });
  return { session, ports: pair.value, remote: formatUri(uri) };
}

export async function createIncomingSession(
  ctx: PhoneContext,
  line: Line,
  tx: InviteServerTransaction,
  rx: ReceivedMessage<SipRequest>,
): Promise<{ session: IncomingCall; ports: RtpPortPair } | undefined> {
  const pair = await ctx.ports.allocate();
  if (!pair.ok) return undefined;
  const local = ctx.transport().localAddress(rx.source.protocol, rx.source);
  const session = new IncomingCall({
    ...sessionBase(ctx, line, rx.source.protocol, local, pair.value.rtpPort, line.config.user || 'sayhi'),
    tx,
    request: rx,
    extraHeaders: sessionHeaders(ctx),
  });
  return { session, ports: pair.value };
}

function sessionBase(
  ctx: PhoneContext,
  line: Line,
  protocol: 'udp' | 'tcp' | 'tls',
  local: { host: string; port: number },
  rtpPort: number,
  user: string,
): InviteSessionOptions {
  const a = line.config;
  return {
    core: ctx.core(),
    local: { address: local.host, port: rtpPort, codecs: sdpCodecsFor(a.codecs, ctx.codecs, a.rfc2833Payload) },
    transport: protocol,
    resolver: ctx.resolver,
    contact: contactFor(user, protocol, local),
    ...(line.hasServer ? { auth: digestFor(line) } : {}),
    sessionTimer: sessionTimerFor(ctx, line.number),
  };
}

/**
 * The line's session timer (manual §7 SIP Account: "Use Session Timer",
 * "Session Timer", "Session Refresher"; RFC 4028), read at each call so a
 * change applies to the next call. Off still supports a timer the peer asks for.
 */
export function sessionTimerFor(ctx: PhoneContext, line: number): Partial<SessionTimerSettings> {
  const key = (field: string) => `account.${line}.${field}`;
  const refresher = ctx.setting<string>(key('sessionRefresher'));
  return {
    enabled: ctx.setting<boolean>(key('sessionTimer')) === true,
    interval: Number(ctx.setting(key('sessionExpires'))),
    refresher: refresher === 'uas' ? 'uas' : 'uac',
  };
}

function sessionHeaders(ctx: PhoneContext): Array<[string, string]> {
  return [
    ['Allow', CALL_ALLOW],
    ['User-Agent', ctx.core().userAgent],
  ];
}

/** RFC 3261 §8.1.1.8: a sips: Contact over TLS; transport=tcp over TCP. */
export function contactFor(user: string, protocol: 'udp' | 'tcp' | 'tls', local: { host: string; port: number }): NameAddr {
  const uri = makeUri({
    ...(protocol === 'tls' ? { scheme: 'sips' as const } : {}),
    user,
    host: local.host,
    port: local.port,
    ...(protocol === 'tcp' ? { params: { transport: 'tcp' } } : {}),
  });
  return { uri, params: new Map<string, string | null>() };
}

function digestFor(line: Line): DigestClient {
  const a = line.config;
  return new DigestClient({
    credentials: { username: a.user, password: a.password, ...(a.authName ? { authUsername: a.authName } : {}) },
  });
}
