import type { Clock, Logger, TypedEvents } from '../base/index.js';
import type { PhoneSettings, WebAccounts } from '../config/index.js';
import type { Device } from '../device/index.js';
import type { SwitchableAudioDevice } from '../media/index.js';
import type { PhoneCommands, PhoneEvents, PhoneTimeView } from '../phone/index.js';

/** The phone as the web layer sees it: commands and the event stream. */
export interface WebPhone extends PhoneCommands {
  readonly events: TypedEvents<PhoneEvents>;
}

/** What the web server is built from (explicit, typed: no decorators outside Fastify's own). */
export interface WebContext {
  phone: WebPhone;
  accounts: WebAccounts;
  /** The phone's settings, database and logins (the configuration routes); its `accounts` are `accounts` above. */
  config: PhoneSettings;
  clock: Clock;
  logger: Logger;
  version: string;
  /** The phone's face (issue #5): /phone, its WebSocket and /api/v1/screen, /keys. Absent: those answer 404. */
  device?: Device;
  /** The phone's handset, where the browser audio device plugs in (absent: the page has no audio). */
  handset?: SwitchableAudioDevice;
  /** The phone's clock (phone.time): its source and offset in /system-info. Absent: not reported. */
  time?: PhoneTimeView;
}
