import type { Clock } from '../../base/index.js';
import type { Settings } from '../../config/index.js';
import type { DevicePhone } from '../device-phone.js';
import { DialEntry, dialRulesFrom, type DialSendCause } from './dial-entry.js';

/**
 * The number being dialled (manual §4 "Placing a Call"). When the phone keeps
 * the pre-dial itself (issue #4: `predial`, `clearPredial`, hook commands),
 * keys go to it, so its send key, dial timeout, hotline and hook rules hold and
 * the LCD shows its buffer. Otherwise the face keeps a DialEntry with the same
 * registry rules and dials with `phone.dial` when it is complete.
 */
export class Dialer {
  private local: DialEntry | undefined;
  private localLine: number | undefined;
  /** The phone's pre-dial as last reported (hook status). */
  private phoneDigits: string | undefined;

  constructor(
    private readonly phone: DevicePhone,
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly onDial: (number: string, line: number | undefined, cause: DialSendCause) => void,
  ) {}

  /** The phone keeps the pre-dial. */
  get viaPhone(): boolean {
    return typeof this.phone.predial === 'function' && typeof this.phone.clearPredial === 'function';
  }

  get active(): boolean {
    return this.viaPhone ? this.phoneDigits !== undefined : this.local?.open === true;
  }

  get digits(): string {
    return (this.viaPhone ? this.phoneDigits : this.local?.digits) ?? '';
  }

  /** Follow the phone's hook status (its 'hook' events). */
  followPhone(predial: { digits: string } | undefined): void {
    this.phoneDigits = predial?.digits;
  }

  /** Open an empty entry (off-hook, Speaker, a line key) without sending anything. */
  async open(line?: number): Promise<void> {
    if (this.viaPhone) {
      if (this.phoneDigits === undefined) await this.phone.predial!('', line !== undefined ? { line } : {});
      this.syncFromPhone();
      return;
    }
    if (this.local?.open) return;
    this.localLine = line;
    this.local = new DialEntry(this.clock, dialRulesFrom((k) => this.settings.get(k)), (n, cause) => this.onDial(n, this.localLine, cause));
  }

  async press(key: string, line?: number): Promise<void> {
    if (this.viaPhone) {
      await this.phone.predial!(key, line !== undefined ? { line } : {});
      this.syncFromPhone();
      return;
    }
    if (!this.local?.open) await this.open(line);
    this.local!.press(key);
  }

  async backspace(): Promise<void> {
    if (this.viaPhone) {
      const rest = this.digits.slice(0, -1);
      this.phone.clearPredial!();
      await this.phone.predial!(rest);
      this.syncFromPhone();
      return;
    }
    this.local?.backspace();
  }

  async send(): Promise<void> {
    if (this.viaPhone) {
      await this.phone.predial!('', { send: true });
      this.syncFromPhone();
      return;
    }
    this.local?.send();
  }

  cancel(): void {
    if (this.viaPhone) {
      if (this.phoneDigits !== undefined) this.phone.clearPredial!();
      this.syncFromPhone();
      return;
    }
    this.local?.cancel();
    this.local = undefined;
  }

  private syncFromPhone(): void {
    this.phoneDigits = this.phone.status().hook?.predial?.digits;
  }
}
