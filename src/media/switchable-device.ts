import type { AudioDevice } from './audio-device.js';

/**
 * The phone's handset as one fixed device with a plug: the phone is built with
 * one `AudioDevice` for its whole life (its calls and the earpiece mixer hold
 * on to it), while the person may pick the handset up in a browser and put it
 * down again. Frames go to the plugged-in device (the browser's) when there is
 * one, else to the fallback (the headless WAV/tone handset or the null device).
 *
 * Passive like every device (pjmedia port style): it owns no timer and only
 * forwards the media clock's readFrame/writeFrame, so switching between two
 * frames is seamless and needs no lock: the clock runs on the one JS thread.
 */
export class SwitchableAudioDevice implements AudioDevice {
  /**
   * The Mute key (manual §3): the far end hears silence whichever device is
   * plugged in. The device is still read, so a played file keeps its place.
   */
  microphoneMuted = false;
  private plugged: AudioDevice | undefined;
  private readonly listeners = new Set<(current: AudioDevice) => void>();

  constructor(
    private readonly fallback: AudioDevice,
    private readonly label = 'handset',
  ) {}

  get name(): string {
    return `${this.label}(${this.current.name})`;
  }

  /** The device frames go to now. */
  get current(): AudioDevice {
    return this.plugged ?? this.fallback;
  }

  /** True while a device other than the fallback is plugged in. */
  get isPlugged(): boolean {
    return this.plugged !== undefined;
  }

  /**
   * Plug `device` in (undefined: back to the fallback). The device unplugged is
   * not closed: its owner (the web layer for the browser's) decides its life.
   */
  use(device: AudioDevice | undefined): void {
    if (device === this.fallback) device = undefined;
    if (device === this.plugged) return;
    this.plugged = device;
    for (const fn of this.listeners) fn(this.current);
  }

  /** Unplug `device` if it is the one plugged in (a browser that leaves does not unplug a newer one). */
  release(device: AudioDevice): void {
    if (this.plugged === device) this.use(undefined);
  }

  /** Called with the new current device after each switch; returns the unsubscribe. */
  onSwitch(fn: (current: AudioDevice) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  readFrame(frame: Int16Array): boolean {
    const got = this.current.readFrame(frame);
    if (!this.microphoneMuted) return got;
    frame.fill(0);
    return false;
  }

  writeFrame(frame: Int16Array): void {
    this.current.writeFrame(frame);
  }

  /** The phone stops: close the fallback it was built with (a plugged device belongs to its plug-in). */
  close(): void | Promise<void> {
    this.plugged = undefined;
    this.listeners.clear();
    return this.fallback.close();
  }
}
