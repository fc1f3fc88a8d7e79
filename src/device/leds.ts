import { TypedEvents } from '../base/index.js';
import type { CallInfo, LineStatus, PhoneModel, ProgrammableKeyStatus } from '../phone/index.js';
import type { AudioPathState } from './audio-paths.js';
import { lineKeyCount, PROGRAMMABLE_KEY_COUNT } from './keys.js';

/**
 * The lights of the face (manual §3 figure 3.1), as colour and cadence:
 *
 *  line keys (dual-colour): red fast = a call rings in on the line; red steady =
 *    a call in progress on it ("Pick up and enter normal call"); green slow = its
 *    calls are held ("Yellow-green, flashing: Holding call"); green steady = the
 *    line is registered and free. The manual's "Yellow-green, steady: Active call"
 *    is read as the line being active (registered), as Escene line keys show.
 *  programmable keys with BLF (RFC 4235 lamp): red steady busy, green idle,
 *    red fast while the watched extension rings; other keys are dark.
 *  light strip: red fast while a call rings in; red steady with missed calls
 *    or while the phone is busy.
 *  Message red with voice mail waiting; Mute, Headset, Speaker red when on.
 *
 * The manual gives no blink rates: `slow` is 500 ms on / 500 ms off, `fast`
 * 200 ms on / 200 ms off (LED_CADENCES), what desk phones commonly use.
 */
export type LedColor = 'off' | 'red' | 'green' | 'yellow';
export type LedCadence = 'steady' | 'slow' | 'fast';
export type LedId = string; // 'line1'..'line3', 'p1'..'p12', 'strip', 'message', 'mute', 'headset', 'speaker'

export interface LedState {
  id: LedId;
  color: LedColor;
  cadence: LedCadence;
}

export const LED_CADENCES: Readonly<Record<Exclude<LedCadence, 'steady'>, { onMs: number; offMs: number }>> = {
  slow: { onMs: 500, offMs: 500 },
  fast: { onMs: 200, offMs: 200 },
};

export interface LedInputs {
  model: PhoneModel;
  calls: CallInfo[];
  lines: LineStatus[];
  keys: ProgrammableKeyStatus[];
  missedCalls: number;
  messagesWaiting: boolean;
  audio: AudioPathState;
}

const OFF = { color: 'off', cadence: 'steady' } as const;

function led(id: LedId, color: LedColor, cadence: LedCadence = 'steady'): LedState {
  return color === 'off' ? { id, ...OFF } : { id, color, cadence };
}

/** A BLF/BLA lamp (RFC 4235 state of the watched extension) as a key LED: red busy, red fast ringing, green idle. */
function lampLed(id: LedId, key: ProgrammableKeyStatus | undefined): LedState {
  switch (key?.lamp) {
    case 'busy':
      return led(id, 'red');
    case 'ringing':
      return led(id, 'red', 'fast');
    case 'idle':
      return led(id, 'green');
    default:
      return led(id, 'off');
  }
}

function lineLed(n: number, i: LedInputs): LedState {
  // a line key given a key function (manual §7 "Line Keys") lights as that key
  const remapped = i.keys.find((k) => k.lineKey && k.index === n);
  if (remapped) return lampLed(`line${n}`, remapped);
  const calls = i.calls.filter((c) => c.line === n && c.state !== 'ended');
  if (calls.some((c) => c.direction === 'incoming' && c.state === 'ringing')) return led(`line${n}`, 'red', 'fast');
  if (calls.some((c) => c.state !== 'held')) return led(`line${n}`, 'red');
  if (calls.length > 0) return led(`line${n}`, 'green', 'slow');
  const line = i.lines.find((l) => l.line === n);
  return led(`line${n}`, line?.state === 'registered' ? 'green' : 'off');
}

function keyLed(n: number, i: LedInputs): LedState {
  return lampLed(`p${n}`, i.keys.find((k) => k.module === undefined && !k.lineKey && k.index === n));
}

/** Every LED of the model, in the order of the face. */
export function computeLeds(i: LedInputs): LedState[] {
  const live = i.calls.filter((c) => c.state !== 'ended');
  const ringingIn = live.some((c) => c.direction === 'incoming' && c.state === 'ringing');
  const strip = ringingIn ? led('strip', 'red', 'fast') : i.missedCalls > 0 || live.length > 0 ? led('strip', 'red') : led('strip', 'off');
  return [
    ...Array.from({ length: lineKeyCount(i.model) }, (_, k) => lineLed(k + 1, i)),
    ...Array.from({ length: PROGRAMMABLE_KEY_COUNT }, (_, k) => keyLed(k + 1, i)),
    strip,
    led('message', i.messagesWaiting ? 'red' : 'off'),
    led('mute', i.audio.mute ? 'red' : 'off'),
    led('headset', i.audio.headsetMode ? 'red' : 'off'),
    led('speaker', i.audio.path === 'speaker' ? 'red' : 'off'),
  ];
}

export type LedEvents = { change: [LedState[]] };

/** The LEDs now, and which changed at each update. */
export class Leds {
  readonly events = new TypedEvents<LedEvents>();
  private states = new Map<LedId, LedState>();

  all(): LedState[] {
    return [...this.states.values()].map((s) => ({ ...s }));
  }

  get(id: LedId): LedState | undefined {
    const s = this.states.get(id);
    return s ? { ...s } : undefined;
  }

  /**
   * Recompute; emits 'change' with the LEDs that changed and returns them.
   * `test` lights every LED in one colour (Diagnose > Lights).
   */
  update(inputs: LedInputs, test?: LedColor): LedState[] {
    const changed: LedState[] = [];
    const next = new Map<LedId, LedState>();
    const all = computeLeds(inputs).map((s) => (test === undefined ? s : led(s.id, test)));
    for (const s of all) {
      next.set(s.id, s);
      const old = this.states.get(s.id);
      if (!old || old.color !== s.color || old.cadence !== s.cadence) changed.push(s);
    }
    this.states = next;
    if (changed.length > 0) this.events.emit('change', changed);
    return changed;
  }
}
