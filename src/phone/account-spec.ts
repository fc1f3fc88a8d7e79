import { defaultAccount, type AccountConfig, type SipTransportName } from './phone-config.js';

/**
 * The command line's account shorthand:
 *   user[:password]@host[:port][;transport=udp|tcp|tls][;verify=no][;auth=NAME][;expires=S][;name=DISPLAY]
 * Returns the account or a reason the spec is wrong.
 */
export function parseAccountSpec(spec: string): { ok: true; account: AccountConfig } | { ok: false; reason: string } {
  const [main, ...paramParts] = spec.split(';');
  const at = main!.lastIndexOf('@');
  if (at <= 0 || at === main!.length - 1) return { ok: false, reason: `account "${spec}": expected user[:password]@host[:port]` };
  const userinfo = main!.slice(0, at);
  const hostport = main!.slice(at + 1);
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const password = colon < 0 ? '' : userinfo.slice(colon + 1);
  if (!/^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/.test(user)) return { ok: false, reason: `account "${spec}": bad user "${user}"` };
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-.]+)(?::(\d{1,5}))?$/.exec(hostport);
  if (!hp) return { ok: false, reason: `account "${spec}": bad host "${hostport}"` };
  if (hp[2] !== undefined && (Number(hp[2]) < 1 || Number(hp[2]) > 65535)) {
    return { ok: false, reason: `account "${spec}": port out of range` };
  }
  const account: AccountConfig = { ...defaultAccount(), enabled: true, user, password, server: hostport };
  for (const part of paramParts) {
    const [k, v = ''] = part.split('=');
    switch (k?.toLowerCase()) {
      case 'transport': {
        const t = v.toLowerCase();
        if (t !== 'udp' && t !== 'tcp' && t !== 'tls') return { ok: false, reason: `account "${spec}": transport must be udp, tcp or tls` };
        account.transport = t as SipTransportName;
        break;
      }
      case 'verify':
        account.tlsVerify = !/^(no|off|false|0)$/i.test(v);
        break;
      case 'auth':
        account.authName = v;
        break;
      case 'expires': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 30 || n > 86400) return { ok: false, reason: `account "${spec}": expires must be 30..86400` };
        account.registerExpires = n;
        break;
      }
      case 'name':
        account.displayName = decodeURIComponent(v);
        break;
      default:
        return { ok: false, reason: `account "${spec}": unknown parameter "${k}"` };
    }
  }
  return { ok: true, account };
}
