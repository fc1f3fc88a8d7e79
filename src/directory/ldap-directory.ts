/**
 * The phone's LDAP directory (manual §5 "LDAP", §7 "Phone Book > LDAP"): what the
 * LCD's "Search name" / "Search number" pages ask (the device's DirectorySearch).
 *
 * One search = connect, Bind (RFC 4511 §4.2; none when no user is set: the
 * identity before any Bind is anonymous), one subtree Search (§4.5.1) with the
 * configured filter and Max.Hits as its sizeLimit, Unbind (§4.3). Server 1 is
 * asked first; when it fails, server 2 (if set up) is asked the same question.
 */
import type * as Ldapts from 'ldapts';
import { SayhiError } from '../base/index.js';
import type { Settings } from '../config/index.js';
import { sortLdapEntries, toLdapEntry, type LdapEntry } from './ldap-entry.js';
import { fillFilter } from './ldap-filter.js';
import { ldapServerConfigs, ldapServerLabel, type LdapSearchKind, type LdapServerConfig } from './ldap-server-config.js';

export interface LdapDirectoryOptions {
  /** The phone's settings; `ldap.1.*` and `ldap.2.*` are read at every search (they apply live). */
  settings: Settings;
  /** Longest wait for the TCP connection, and for each answer, per server (default 5000 ms). */
  timeoutMs?: number;
}

/** Stable codes (STYLE.md "Errors"): the LCD shows "Search failed", the log shows the message. */
export const LDAP_NOT_CONFIGURED = 'DIR_LDAP_NOT_CONFIGURED';
export const LDAP_SEARCH_FAILED = 'DIR_LDAP_SEARCH_FAILED';

const DEFAULT_TIMEOUT_MS = 5000;

/** ldapts is loaded at the first search, not at start: it would add ~15 ms to the phone's start-up. */
let ldapts: Promise<typeof Ldapts> | undefined;
function loadLdapts(): Promise<typeof Ldapts> {
  ldapts ??= import('ldapts');
  return ldapts;
}

/** RFC 4511 Appendix A result codes people meet when a directory is set up wrong. */
const RESULT_CODE_TEXT: Record<number, string> = {
  1: 'operations error',
  2: 'protocol error (does the server speak LDAPv3?)',
  3: 'time limit exceeded',
  7: 'authentication method not supported',
  8: 'stronger authentication required',
  13: 'confidentiality required (the server wants TLS)',
  32: 'no such object (check the Base)',
  34: 'invalid DN syntax (check the Base and User Name)',
  48: 'inappropriate authentication',
  49: 'invalid credentials',
  50: 'insufficient access rights',
  51: 'server busy',
  52: 'server unavailable',
  53: 'server unwilling to perform',
};

function describe(err: unknown, timeoutMs: number): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  // ldapts' ResultCodeError carries the LDAPResult resultCode (RFC 4511 §4.1.9) as a number.
  if (typeof code === 'number') return RESULT_CODE_TEXT[code] ?? `LDAP result code ${code}`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (code === 'ECONNRESET') return 'connection reset by the server';
  const message = err instanceof Error ? err.message : String(err);
  if (message === 'Connection timeout') return `no connection within ${timeoutMs} ms`;
  if (message.includes('timed out')) return `no answer within ${timeoutMs} ms`;
  return message;
}

function urlOf(c: LdapServerConfig): string {
  // RFC 4516 §2: an IPv6 literal goes in brackets.
  return `ldap://${ldapServerLabel(c)}`;
}

/** Why the face asks: the LCD's search pages, or one of the page's two lookups (device DirectoryPurpose). */
export type LdapPurpose = 'search' | 'incoming' | 'dial';

export class LdapDirectory {
  private readonly settings: Settings;
  private readonly timeoutMs: number;

  constructor(opts: LdapDirectoryOptions) {
    this.settings = opts.settings;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** True while server 1 or 2 is enabled and has an address (manual: "configure LDAP rule in the web configure page"). */
  configured(): boolean {
    return ldapServerConfigs(this.settings).length > 0;
  }

  /**
   * Entries whose name (or number) starts with `text`, as the configured filter
   * says. Rejects with a SayhiError naming each server tried and why it failed,
   * e.g. "LDAP server 127.0.0.1:389: invalid credentials".
   */
  async search(by: LdapSearchKind, text: string, purpose: LdapPurpose = 'search'): Promise<LdapEntry[]> {
    const all = ldapServerConfigs(this.settings);
    if (all.length === 0) throw new SayhiError(LDAP_NOT_CONFIGURED, 'LDAP is not configured (Phone Book > LDAP on the web page)');
    // the page's lookups ask only the servers with that switch on
    const servers = purpose === 'incoming' ? all.filter((s) => s.lookupIncoming) : purpose === 'dial' ? all.filter((s) => s.lookupDial) : all;
    if (servers.length === 0) return [];
    const failures: string[] = [];
    for (const server of servers) {
      try {
        return await this.searchServer(server, by, text);
      } catch (err) {
        failures.push(`LDAP server ${ldapServerLabel(server)}: ${describe(err, this.timeoutMs)}`);
      }
    }
    throw new SayhiError(LDAP_SEARCH_FAILED, failures.join('; '));
  }

  private async searchServer(server: LdapServerConfig, by: LdapSearchKind, text: string): Promise<LdapEntry[]> {
    const template = by === 'name' ? server.nameFilter : server.numberFilter;
    const filter = fillFilter(template, text);
    const { Client, FilterParser } = await loadLdapts();
    try {
      FilterParser.parseString(filter); // a bad filter is a set-up error: say so before going on the wire
    } catch (err) {
      throw new Error(`bad ${by} filter ${JSON.stringify(template)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    // RFC 4513 §6.3.1: a DN with an empty password is an "unauthenticated" bind that
    // many servers let through as anonymous; refuse it rather than search as nobody.
    if (server.user !== '' && server.password === '') throw new Error('a User Name is set but no Password (RFC 4513 §5.1.2 unauthenticated bind refused)');
    // ldapts only speaks LDAPv3 (RFC 4511); "Protocol: Version 2" (RFC 1777) binds as v3 too.
    const client = new Client({ url: urlOf(server), timeout: this.timeoutMs, connectTimeout: this.timeoutMs });
    try {
      if (server.user !== '') await client.bind(server.user, server.password);
      const attributes = [...server.nameAttributes, ...server.numberAttributes];
      const { searchEntries } = await client.search(server.base, {
        scope: 'sub',
        filter,
        attributes,
        // RFC 4511 §4.5.1.4: sizeLimit 0 = no client-requested limit (Max.Hits 0 = all).
        sizeLimit: server.maxHits,
      });
      const found: LdapEntry[] = [];
      for (const e of searchEntries) {
        const entry = toLdapEntry(e, server.nameAttributes, server.numberAttributes);
        if (entry) found.push(entry);
        if (server.maxHits > 0 && found.length >= server.maxHits) break;
      }
      return server.sortResults ? sortLdapEntries(found) : found;
    } finally {
      await client.unbind().catch(() => undefined); // the connection may already be gone
    }
  }
}
