import type { PhoneCommands, PhoneEvents, PhoneServiceCommands } from '../phone/index.js';

/**
 * What the face needs of a phone: the command table and event stream every
 * surface uses (phone-types.ts). The keys-and-services commands (issue #4:
 * hook, pre-dial, redial, programmable keys, voice mail) are used when the
 * phone has them; without them the face dials by itself (screens/dial-entry.ts).
 * A `Phone` is one; tests pass a fake.
 */
export interface DevicePhone extends PhoneCommands, Partial<PhoneServiceCommands> {
  readonly events: {
    on<K extends keyof PhoneEvents>(event: K, fn: (...args: PhoneEvents[K]) => void): () => void;
  };
}
