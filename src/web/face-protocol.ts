/**
 * The phone-face WebSocket (GET /api/v1/face/ws): what the server and the
 * browser page (ui/phone) say to each other. Pure data and constants, no Node
 * or DOM types, so the page imports this file as it is.
 *
 * Binary messages, both ways, have an 8-byte header:
 *
 *   0      1      2      4                8
 *   +------+------+------+----------------+-------------------------+
 *   | kind | 0    | 0    | counter (u32 BE)| payload                 |
 *   +------+------+------+----------------+-------------------------+
 *
 *   kind 1 LCD   (server → browser): counter = the device's frame number,
 *                payload = the 128×64 framebuffer, 1 bit per pixel, rows packed
 *                MSB first (16 bytes a row, 1024 bytes), 1 = dark pixel.
 *   kind 2 AUDIO (both ways): counter = the sender's frame sequence number,
 *                payload = 20 ms of 16 kHz mono signed 16-bit little-endian PCM
 *                (320 samples, 640 bytes), the phone's one audio format
 *                (src/media/audio-format.ts, DESIGN.md §3).
 *
 * Text messages are JSON objects with a `type` (FaceServerMessage /
 * FaceClientMessage below).
 */

export const FACE_WS_PATH = '/api/v1/face/ws';
export const FACE_HEADER_BYTES = 8;
export const FACE_KIND_LCD = 1;
export const FACE_KIND_AUDIO = 2;
export const LCD_FRAME_BYTES = 1024;
export const FACE_AUDIO_RATE = 16_000;
export const FACE_AUDIO_FRAME_MS = 20;
export const FACE_AUDIO_FRAME_SAMPLES = 320;
export const FACE_AUDIO_FRAME_BYTES = FACE_AUDIO_FRAME_SAMPLES * 2;

/** Write the 8-byte header into `view` at 0. */
export function writeFaceHeader(view: DataView, kind: number, counter: number): void {
  view.setUint8(0, kind);
  view.setUint8(1, 0);
  view.setUint16(2, 0);
  view.setUint32(4, counter >>> 0);
}

/** The kind and counter of a binary message, or undefined when it is too short. */
export function readFaceHeader(view: DataView): { kind: number; counter: number } | undefined {
  if (view.byteLength < FACE_HEADER_BYTES) return undefined;
  return { kind: view.getUint8(0), counter: view.getUint32(4) };
}

/** One LED (src/device/leds.ts LedState). */
export interface FaceLed {
  id: string;
  color: 'off' | 'red' | 'green' | 'yellow';
  cadence: 'steady' | 'slow' | 'fast';
}

/** The snapshot of GET /api/v1/screen (src/device DeviceSnapshot, checked assignable in face-hub.ts). */
export interface FaceSnapshot {
  model: 'ES320' | 'ES330';
  screen: string;
  menu: string[];
  lines: [string, string, string, string];
  softKeys: [string, string, string, string];
  selected?: number;
  notice?: string;
  status: {
    time: string;
    date: string;
    autoAnswer: boolean;
    missedCalls: number;
    messages: number;
    dnd: boolean;
    locked: boolean;
    lines: Array<{ line: number; icon: string }>;
  };
  leds: FaceLed[];
  audio: {
    path: 'none' | 'handset' | 'headset' | 'speaker';
    offHook: boolean;
    headsetMode: boolean;
    mute: boolean;
    volumes: Record<string, number>;
    ringing: boolean;
    ringTone: string;
    tone?: string;
  };
  frame: number;
}

/** What one key press did (src/device KeyResult). */
export interface FaceKeyResult {
  key: string;
  handled: boolean;
  screen: string;
  notice?: string;
}

/** A programmable key's paper label and lamp (src/phone ProgrammableKeyStatus): p1..p12 and the expansion modules. */
export interface FaceProgrammableKey {
  /** "3": memory key 3 (the face's p3); "e1-5": expansion module 1, key 5; "l2": line key 2 with a key function. */
  id: string;
  module?: number;
  lineKey?: true;
  index: number;
  function: string;
  label: string;
  number: string;
  lamp?: 'idle' | 'ringing' | 'busy' | 'unknown';
  paging?: boolean;
}

/** A call-progress tone (src/media ToneSpec): frequencies summed, level of each, cadence on/off in ms. */
export interface FaceToneSpec {
  freqs: readonly number[];
  levelDbfs: number;
  cadenceMs: readonly number[];
}

/** The browser's audio as the server sees it. */
export interface FaceAudioState {
  /** This browser streams audio (it asked to). */
  enabled: boolean;
  /** This browser's microphone is the handset's (the newest browser that enabled audio). */
  owner: boolean;
  /** Browsers with audio on, this one included. */
  listeners: number;
}

export type FaceServerMessage =
  | {
      type: 'hello';
      snapshot: FaceSnapshot;
      /** Every key the model has, in face order (src/device keysOf). */
      keys: string[];
      /** LED blink rates in ms (src/device LED_CADENCES). */
      cadences: Record<'slow' | 'fast', { onMs: number; offMs: number }>;
      /**
       * The call-progress tones the page plays itself while the device model says
       * so (`audio.tone`): the phone's tone plan (src/media tone-plan.ts).
       */
      tones: Record<string, FaceToneSpec>;
      audio: FaceAudioState;
    }
  | { type: 'state'; snapshot: FaceSnapshot }
  | {
      type: 'programmableKeys';
      keys: FaceProgrammableKey[];
      /** EMS32 expansion modules installed (ES330 only, `expansion.modules`; 0 on the ES320). */
      expansionModules: number;
    }
  | { type: 'keyResult'; id?: number; results: FaceKeyResult[]; error?: string }
  | ({ type: 'audio' } & FaceAudioState)
  | { type: 'pong'; t: number }
  | { type: 'error'; message: string };

export type FaceClientMessage =
  | { type: 'key'; key: string; holdMs?: number; id?: number }
  | { type: 'keys'; keys: string; id?: number }
  /** An expansion module key ("e1-5"): pressed through the phone's programmable-key command. */
  | { type: 'moduleKey'; id: string }
  | { type: 'audio'; enable: boolean }
  | { type: 'ping'; t: number };
