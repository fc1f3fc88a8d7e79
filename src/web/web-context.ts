import type { Clock, Logger, TypedEvents } from '../base/index.js';
import type { WebAccounts } from '../config/index.js';
import type { PhoneCommands, PhoneEvents } from '../phone/index.js';

/** The phone as the web layer sees it: commands and the event stream. */
export interface WebPhone extends PhoneCommands {
  readonly events: TypedEvents<PhoneEvents>;
  /** Hold a connected call; false when the far end refused (Phone.hold). */
  hold(callId: string): Promise<boolean>;
  /** Take a held call off hold; false when the far end refused (Phone.resume). */
  resume(callId: string): Promise<boolean>;
}

/** What the web server is built from (explicit, typed: no decorators outside Fastify's own). */
export interface WebContext {
  phone: WebPhone;
  accounts: WebAccounts;
  clock: Clock;
  logger: Logger;
  version: string;
}
