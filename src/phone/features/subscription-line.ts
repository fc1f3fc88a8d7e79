import type { SubscriptionLine } from '../../sip-ua/index.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';

/**
 * What a line brings to the subscriptions it makes (BLF and BLA keys, the
 * message light): its identity and credentials, its servers and outbound
 * proxy, and the account's "Subscribe Period" (registry
 * `account.<n>.subscribeExpires`, RFC 6665 §4.1.2.1 Expires).
 * Undefined for a line without a server: there is no notifier to ask.
 */
export function subscriptionLineFor(ctx: PhoneContext, line: Line): SubscriptionLine | undefined {
  const domain = line.domain;
  if (!line.hasServer || !domain) return undefined;
  const a = line.config;
  const route = line.outboundRoute();
  return {
    core: ctx.core(),
    user: a.user,
    domain,
    ...(a.displayName ? { displayName: a.displayName } : {}),
    password: a.password,
    ...(a.authName ? { authName: a.authName } : {}),
    expires: subscribePeriod(ctx, line.number),
    transport: a.transport,
    locate: () => line.locate(),
    ...(route ? { route } : {}),
    resolver: ctx.resolver,
  };
}

/**
 * Everything a subscription of this line depends on: when it changes (a new
 * account, server, password or period), the subscriptions start afresh.
 */
export function subscriptionIdentity(ctx: PhoneContext, line: Line): string {
  const a = line.config;
  return JSON.stringify([
    a.user, a.authName, a.password, a.server, a.secondaryServer, a.outboundProxy,
    a.transport, line.domain, subscribePeriod(ctx, line.number),
  ]);
}

/** The account's own Subscribe Period when set, else the Global SIP one (both default 3600 s). */
function subscribePeriod(ctx: PhoneContext, line: number): number {
  const key = `account.${line}.subscribeExpires`;
  return Number(ctx.setting(ctx.settings.isStored(key) ? key : 'sip.subscribeExpires'));
}

/** The line a key or contact set to 'auto' uses: the first registered line, else the first with a server, else line 1. */
export function autoLine(ctx: PhoneContext): Line | undefined {
  const lines = ctx.lines();
  return lines.find((l) => l.status().state === 'registered') ?? lines.find((l) => l.hasServer) ?? lines.find((l) => l.enabled) ?? lines[0];
}
