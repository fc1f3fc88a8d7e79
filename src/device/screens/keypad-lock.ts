import type { Clock, TimerHandle } from '../../base/index.js';
import type { Settings } from '../../config/index.js';
import { isKeypadKey, type DeviceKey } from '../keys.js';

/**
 * The keypad lock (manual §7 Advance > Phone Setting > Basic, "Key Board
 * Lock"; registry `lcd.keypadLock*`):
 *
 * - [Menu Key] "only lock the Menu function, others can normal work";
 * - [Function Keys] "include Menu/Redial/Transfer/Hold etc. you just can use
 *   the number keys and speaker key";
 * - [All keys] "as the name implies";
 * - [Lock & Answer] "Auto open Auto-answer and lock the keys".
 *
 * "The Menu key can open it": MENU asks for the password, which is
 * `lcd.keypadLockPassword`, or the LCD password when that is empty ("the
 * password is the same with the phone LCD. Default is empty"). "When you enable
 * the right password, it will auto disable this feature. If you want to use
 * again, you need to open it again in the web management": the right password
 * turns `lcd.keypadLock` off. With `lcd.keypadLockTime` > 0 the lock stays on
 * and the keys are free until that many idle seconds have passed.
 *
 * The handset is not a key: lifting or replacing it always works, so a locked
 * phone can still be answered and hung up.
 */
export type KeypadLockMode = 'menu' | 'function' | 'all' | 'lock-answer';

const HOOK_KEYS: ReadonlySet<DeviceKey> = new Set(['hookOff', 'hookOn', 'hook']);

export class KeypadLock {
  /** Unlocked by the password while the lock stays enabled (lock time > 0). */
  private free = false;
  private relock: TimerHandle | undefined;
  private wasEnabled: boolean;

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
    /** The keys locked again after the idle time: the face closes its menu. */
    private readonly onRelock: () => void,
  ) {
    this.wasEnabled = this.enabled;
  }

  get enabled(): boolean {
    return this.settings.get('lcd.keypadLock') === true;
  }

  get locked(): boolean {
    return this.enabled && !this.free;
  }

  get mode(): KeypadLockMode {
    const m = String(this.settings.get('lcd.keypadLockMode'));
    return m === 'function' || m === 'all' || m === 'lock-answer' ? m : 'menu';
  }

  /** May this key act now? (MENU never does while locked: it asks for the password.) */
  allows(key: DeviceKey): boolean {
    if (!this.locked || HOOK_KEYS.has(key)) return true;
    switch (this.mode) {
      case 'menu':
        return key !== 'menu';
      case 'function':
        return isKeypadKey(key) || key === 'speaker';
      default:
        return false;
    }
  }

  /** Lock & Answer: calls are answered by themselves while locked. */
  get autoAnswers(): boolean {
    return this.locked && this.mode === 'lock-answer';
  }

  password(): string {
    return String(this.settings.get('lcd.keypadLockPassword') || this.settings.get('lcd.password'));
  }

  /** The password typed at the prompt: true when it unlocks. */
  unlock(entered: string): boolean {
    if (entered !== this.password()) return false;
    if (Number(this.settings.get('lcd.keypadLockTime')) > 0) {
      this.free = true;
      this.arm();
      return true;
    }
    // the password is the administrator's: knowing it is the authority to switch the lock off
    const r = this.settings.set('lcd.keypadLock', false, { role: 'admin' });
    return r.ok;
  }

  /** A key was pressed: the idle time before locking again starts over. */
  touched(): void {
    if (this.free) this.arm();
  }

  /** The registry changed: enabling the lock (again) locks at once. True when it just switched on. */
  settingsChanged(): boolean {
    const enabled = this.enabled;
    const switchedOn = enabled && !this.wasEnabled;
    if (switchedOn || !enabled) this.lockNow();
    this.wasEnabled = enabled;
    return switchedOn;
  }

  stop(): void {
    this.relock?.cancel();
    this.relock = undefined;
  }

  private lockNow(): void {
    this.free = false;
    this.stop();
  }

  private arm(): void {
    this.stop();
    const s = Number(this.settings.get('lcd.keypadLockTime'));
    if (s <= 0) return;
    this.relock = this.clock.setTimer(s * 1000, () => {
      this.relock = undefined;
      this.free = false;
      this.onRelock();
    });
  }
}
