import { createHash } from 'node:crypto';
import type { Clock } from '../base/index.js';
import type { WebAccounts, WebRole } from '../config/index.js';

/**
 * HTTP Basic authentication (RFC 7617) against the phone's web logins. A
 * successful check is remembered for a short while, keyed by a hash of the
 * credentials, so automation making many calls per second does not pay a
 * scrypt per request.
 */
export class BasicAuthenticator {
  private readonly cache = new Map<string, { role: WebRole; until: number }>();
  /** WebAccounts.revision the cache was filled under: a changed login empties it. */
  private revision: number;

  constructor(
    private readonly accounts: WebAccounts,
    private readonly clock: Clock,
    private readonly cacheMs = 60_000,
  ) {
    this.revision = accounts.revision;
  }

  async authenticate(header: string | undefined): Promise<{ username: string; role: WebRole } | undefined> {
    if (!header || !/^Basic\s+/i.test(header)) return undefined;
    const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (this.accounts.revision !== this.revision) {
      this.cache.clear();
      this.revision = this.accounts.revision;
    }
    const key = createHash('sha256').update(decoded).digest('hex');
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return { username, role: hit.role };
    const revision = this.revision;
    const role = await this.accounts.verify(username, password);
    if (!role) return undefined;
    if (this.cache.size > 1000) this.cache.clear();
    // a login changed while we hashed: do not remember what may be the old password
    if (this.accounts.revision === revision) this.cache.set(key, { role, until: now + this.cacheMs });
    return { username, role };
  }

  /** Forget cached logins (after a password change). */
  clear(): void {
    this.cache.clear();
  }
}
