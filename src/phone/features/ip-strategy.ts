import { isIP } from 'node:net';
import { readIpStrategyList } from '../../config/index.js';
import type { TransportAddress } from '../../sip/index.js';
import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';
import { refuse, returnCode } from './feature-settings.js';

/**
 * IP Strategy (manual §7 "Advance > IP Strategy"): "a list which [addresses]
 * you want to allow make a call for you ... you just allow come from this IP
 * address". With `ipStrategy.enabled` on, an INVITE from any other address is
 * refused with "Return Code When Refuse" before it rings.
 *
 * The SIP servers of our own lines (registrar, secondary, outbound proxy) are
 * always allowed: the list guards direct (peer-to-peer) calls, and a PBX call
 * must not need the PBX on the list (Yealink's "trusted server" rule). A UDP
 * request counts as the server's when it comes from the server's address and
 * port; over TCP/TLS from the server's address (its connections use any port).
 *
 * The list itself is a table of the Escene file (`WhiteTabs`), not a setting:
 * its checks and storage are config's (src/config/ip-strategy-list.ts), shared
 * by `GET/PUT /api/v1/ip-strategy` and the Escene import/export.
 */

/** An IPv4-mapped IPv6 source (::ffff:a.b.c.d) is the IPv4 address. */
function plainAddress(host: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  return (mapped ? mapped[1]! : host).toLowerCase();
}

function ipv4Number(a: string): number {
  return a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Is `host` on the list (an exact address or inside an IPv4 range)? */
export function ipAllowed(list: readonly string[], host: string): boolean {
  const source = plainAddress(host);
  for (const entry of list) {
    const range = /^(.+)\/(\d{1,2})$/.exec(entry);
    if (!range) {
      if (plainAddress(entry) === source) return true;
      continue;
    }
    if (isIP(source) !== 4) continue;
    const bits = Number(range[2]);
    const size = 2 ** (32 - bits);
    if (Math.floor(ipv4Number(source) / size) === Math.floor(ipv4Number(range[1]!) / size)) return true;
  }
  return false;
}

export function ipStrategyFeature(ctx: PhoneContext): PhoneFeature {
  /** Our lines' servers: "udp|host|port" and, for streams, "stream|host". */
  let trusted = new Set<string>();
  let offRegistration: (() => void) | undefined;

  const learnServers = async (): Promise<void> => {
    const next = new Set<string>();
    for (const line of ctx.lines()) {
      if (!line.hasServer) continue;
      const targets = await line.locate().catch(() => undefined);
      // walk the failover list: every address the line may use is a server of ours
      for (let t = targets?.current?.target; t; t = targets!.failover('timeout')) {
        if (t.protocol === 'udp') next.add(`udp|${plainAddress(t.host)}|${t.port}`);
        next.add(`stream|${plainAddress(t.host)}`);
      }
    }
    trusted = next;
  };

  const fromServer = (source: TransportAddress): boolean =>
    source.protocol === 'udp'
      ? trusted.has(`udp|${plainAddress(source.host)}|${source.port}`)
      : trusted.has(`stream|${plainAddress(source.host)}`);

  return {
    name: 'ip-strategy',
    start() {
      void learnServers();
      // a server change re-registers the line: learn its address again
      offRegistration = ctx.events.on('registration', () => void learnServers());
    },
    stop() {
      offRegistration?.();
    },
    screenIncoming(invite) {
      if (ctx.setting<boolean>('ipStrategy.enabled') !== true) return undefined;
      if (fromServer(invite.source) || ipAllowed(readIpStrategyList(ctx.db), invite.source.host)) return undefined;
      ctx.logger.info('IP strategy: caller address not allowed', { source: invite.source.host });
      return refuse(ctx, invite, 'ip-strategy', returnCode(ctx, 'refuse'));
    },
  };
}
