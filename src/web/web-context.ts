import type { Clock, Logger, TypedEvents } from '../base/index.js';
import type { WebAccounts } from '../config/index.js';
import type { PhoneCommands, PhoneEvents } from '../phone/index.js';

/** The phone as the web layer sees it: commands and the event stream. */
export interface WebPhone extends PhoneCommands {
  readonly events: TypedEvents<PhoneEvents>;
}

/** What the web server is built from (explicit, typed: no decorators outside Fastify's own). */
export interface WebContext {
  phone: WebPhone;
  accounts: WebAccounts;
  clock: Clock;
  logger: Logger;
  version: string;
}
