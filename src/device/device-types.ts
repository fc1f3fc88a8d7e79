import type { PhoneModel } from '../phone/index.js';
import type { AudioPathState } from './audio-paths.js';
import type { DeviceKey } from './keys.js';
import type { Rect } from './lcd/framebuffer.js';
import type { LedState } from './leds.js';
import type { ScreenName } from './screens/screen-state.js';
import type { StatusBarInfo } from './status-bar.js';

/** What `GET /api/v1/screen` returns: the glass as text, the status icons, every LED. */
export interface DeviceSnapshot {
  model: PhoneModel;
  screen: ScreenName;
  /** Titles of the open menu pages as shown (the LCD language), main menu first (empty outside the menu). */
  menu: string[];
  lines: [string, string, string, string];
  softKeys: [string, string, string, string];
  /** The text line drawn inverse (a list cursor). */
  selected?: number;
  /** A short message shown over the last line, while it lasts. */
  notice?: string;
  status: StatusBarInfo;
  leds: LedState[];
  audio: AudioPathState;
  frame: number;
  /**
   * The open menu pages' titles in English (the manual's words), whatever the LCD
   * language: a stable path for scripts ("Menu", "Function setting", "Auto answer").
   */
  menuPath?: string[];
}

/** What a key press did. */
export interface KeyResult {
  key: DeviceKey;
  /** False: the key does nothing on this screen (or the model has no such key). */
  handled: boolean;
  /** The screen after the key (and the phone command it ran). */
  screen: ScreenName;
  /** The notice the key left (a refused value, a failed command). */
  notice?: string;
}

export type DeviceEvents = {
  /** A new frame is on the glass; `dirty` bounds what changed. */
  frame: [{ frame: number; dirty: Rect }];
  /** LEDs that changed colour or cadence. */
  leds: [LedState[]];
  screen: [ScreenName];
  audio: [AudioPathState];
  key: [{ key: DeviceKey; holdMs: number }];
};
