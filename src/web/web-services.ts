import type { Clock } from '../base/index.js';
import type { LogBuffer } from './log-buffer.js';
import { LoginThrottle, SessionStore, type SessionPolicy, type ThrottlePolicy } from './session/index.js';

/**
 * Browser sessions and the login back-off of one phone. One instance serves both
 * the HTTP and the HTTPS server, so a lock-out on one holds on the other.
 */
export interface WebSecurity {
  sessions: SessionStore;
  throttle: LoginThrottle;
}

export function createWebSecurity(
  clock: Clock,
  policy: { session?: Partial<SessionPolicy>; throttle?: Partial<ThrottlePolicy> } = {},
): WebSecurity {
  return { sessions: new SessionStore(clock, policy.session), throttle: new LoginThrottle(clock, policy.throttle) };
}

/** What createWebServer takes besides the WebContext (all optional: tests build what they need). */
export interface WebServerOptions {
  /** Shared sessions and back-off (default: new ones for this server). */
  security?: WebSecurity;
  /** Serve HTTPS with this key and certificate (PEM); session cookies are then Secure. */
  https?: { key: string; cert: string };
  /** The records the Log page shows (absent: the page says the log is not kept). */
  log?: LogBuffer;
  /** Phone Maintenance > Reboot: restart the phone (absent: the API answers 501). */
  reboot?: () => Promise<void>;
  /** The management page HTML to serve (tests); default: the built dist/ui/admin/index.html. */
  pageHtml?: string;
}
