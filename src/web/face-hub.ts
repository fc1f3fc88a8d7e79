import type { Logger } from '../base/index.js';
import type { Settings } from '../config/index.js';
import { LED_CADENCES, keysOf, parseKey, parseKeySequence, type Device, type DeviceSnapshot, type KeyResult } from '../device/index.js';
import { toneSpec, type SwitchableAudioDevice } from '../media/index.js';
import type { PhoneServiceCommands, ProgrammableKeyStatus } from '../phone/index.js';
import { BrowserHandset, type BrowserAudioListener } from './browser-handset.js';
import {
  FACE_HEADER_BYTES,
  FACE_KIND_LCD,
  LCD_FRAME_BYTES,
  type FaceAudioState,
  type FaceProgrammableKey,
  type FaceServerMessage,
  type FaceSnapshot,
} from './face-protocol.js';
import type { WebContext, WebPhone } from './web-context.js';
import { WebError } from './web-errors.js';

/** One browser with the /phone page open (face-socket.ts adapts a WebSocket to it). */
export interface FaceClient extends BrowserAudioListener {
  sendText(text: string): void;
  sendBinary(message: Buffer): void;
}

/**
 * The tones the page plays locally (the phone does not stream them): the plan
 * is ITU-T E.180's, as the phone's own (it has no tone-country setting).
 */
const TONE_PLAN = 'ITU';
const LOCAL_TONES = ['dial', 'ringback', 'busy', 'congestion', 'hangup'] as const;

// The device's snapshot is what the page is written against: a change to either shows here.
const asFaceSnapshot = (s: DeviceSnapshot): FaceSnapshot => s;

/**
 * The face of one phone as the browsers see it: every connected page gets each
 * new LCD frame (binary) and the LEDs/status/audio state (JSON), their key
 * presses and REST's go through one queue (the device runs one key at a time,
 * as a person's finger does), and the browser audio device is plugged into the
 * phone's handset while at least one page has audio on.
 *
 * One hub per Device (faceHubFor), however many web servers serve it (HTTP and
 * HTTPS share it), so one handset is never claimed twice.
 */
export class FaceHub {
  readonly handset = new BrowserHandset();
  private readonly clients = new Set<FaceClient>();
  private keyQueue: Promise<unknown> = Promise.resolve();
  private statePending = false;
  private readonly phone: WebPhone & Partial<PhoneServiceCommands>;

  constructor(
    readonly device: Device,
    private readonly opts: { phone: WebPhone; settings: Settings; handsetSwitch?: SwitchableAudioDevice; logger: Logger },
  ) {
    this.phone = opts.phone;
    device.events.on('frame', () => this.broadcastFrame());
    for (const ev of ['leds', 'screen', 'audio', 'frame'] as const) device.events.on(ev, () => this.scheduleState());
    this.phone.events.on('key', () => this.broadcastKeys());
    opts.settings.events.on('changed', (changes) => {
      if (changes.some((c) => c.key === 'expansion.modules')) this.broadcastKeys();
    });
  }

  /** Whether the browser can carry audio (the phone was built with a switchable handset). */
  get audioAvailable(): boolean {
    return this.opts.handsetSwitch !== undefined;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  attach(client: FaceClient): void {
    this.clients.add(client);
    const hello: FaceServerMessage = {
      type: 'hello',
      snapshot: asFaceSnapshot(this.device.snapshot()),
      keys: keysOf(this.device.model),
      cadences: { slow: { ...LED_CADENCES.slow }, fast: { ...LED_CADENCES.fast } },
      tones: Object.fromEntries(LOCAL_TONES.map((t) => [t, toneSpec(TONE_PLAN, t)])),
      audio: this.audioState(client),
    };
    client.sendText(JSON.stringify(hello));
    client.sendBinary(this.lcdMessage());
    client.sendText(JSON.stringify(this.keysMessage()));
  }

  detach(client: FaceClient): void {
    this.clients.delete(client);
    this.setAudio(client, false);
  }

  /** Press one key by any of its names (F1, OK, hookOff...), after the keys before it. */
  press(name: string, holdMs = 0): Promise<KeyResult> {
    const key = parseKey(name);
    if (!key) return Promise.reject(new WebError('WEB_VALIDATION', `"${name}" is not a key`));
    return this.queue(() => this.device.press(key, { holdMs }));
  }

  /** Press a typed sequence ("1002#", "{menu}{down}{ok}"). */
  pressSequence(sequence: string): Promise<KeyResult[]> {
    const parsed = parseKeySequence(sequence);
    if (!parsed.ok) return Promise.reject(new WebError('WEB_VALIDATION', parsed.reason));
    return this.queue(() => this.device.keys(sequence));
  }

  /** An expansion-module key ("e1-5"): the phone's programmable-key command, as POST /programmable-keys/:key/press. */
  async pressModuleKey(id: string): Promise<void> {
    if (!/^e[1-6]-([1-9]|[12]\d|3[0-2])$/.test(id)) throw new WebError('WEB_VALIDATION', `"${id}" is not an expansion key (e1-1..e6-32)`);
    const press = this.phone.pressProgrammableKey;
    if (typeof press !== 'function') throw new WebError('WEB_NOT_FOUND', 'this phone has no programmable keys');
    await this.queue(() => press.call(this.phone, id));
  }

  /** Turn a browser's audio on (it hears the phone, its microphone is the handset's) or off. */
  setAudio(client: FaceClient, enable: boolean): void {
    const sw = this.opts.handsetSwitch;
    if (!sw) return;
    const was = this.handset.isListening(client);
    if (enable) this.handset.addListener(client);
    else this.handset.removeListener(client);
    if (this.handset.listenerCount > 0) sw.use(this.handset);
    else sw.release(this.handset);
    if (was !== enable || enable) this.broadcastAudio();
  }

  /** A microphone frame from a browser (only the owner's are used). */
  microphone(client: FaceClient, message: Uint8Array): void {
    this.handset.putMicrophone(client, message);
  }

  audioState(client: FaceClient): FaceAudioState {
    return { enabled: this.handset.isListening(client), owner: this.handset.isOwner(client), listeners: this.handset.listenerCount };
  }

  private queue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.keyQueue.then(run, run);
    this.keyQueue = next.catch(() => undefined);
    return next;
  }

  private lcdMessage(): Buffer {
    const fb = this.device.framebuffer();
    const message = Buffer.allocUnsafe(FACE_HEADER_BYTES + LCD_FRAME_BYTES);
    message.writeUInt8(FACE_KIND_LCD, 0);
    message.writeUInt8(0, 1);
    message.writeUInt16BE(0, 2);
    message.writeUInt32BE(fb.frame >>> 0, 4);
    message.set(fb.data.subarray(0, LCD_FRAME_BYTES), FACE_HEADER_BYTES);
    return message;
  }

  private broadcastFrame(): void {
    if (this.clients.size === 0) return;
    const message = this.lcdMessage();
    for (const c of this.clients) c.sendBinary(message);
  }

  /** LEDs, screen, audio and frame events come in bursts after one key: one state message per burst. */
  private scheduleState(): void {
    if (this.statePending || this.clients.size === 0) return;
    this.statePending = true;
    queueMicrotask(() => {
      this.statePending = false;
      const text = JSON.stringify({ type: 'state', snapshot: asFaceSnapshot(this.device.snapshot()) } satisfies FaceServerMessage);
      for (const c of this.clients) c.sendText(text);
    });
  }

  private broadcastAudio(): void {
    for (const c of this.clients) c.sendText(JSON.stringify({ type: 'audio', ...this.audioState(c) } satisfies FaceServerMessage));
  }

  private keysMessage(): FaceServerMessage {
    const keys: ProgrammableKeyStatus[] = this.phone.status().keys ?? [];
    const settings = this.opts.settings;
    const modules = this.device.model === 'ES330' && settings.registry.find('expansion.modules') ? Number(settings.get('expansion.modules')) : 0;
    return {
      type: 'programmableKeys',
      keys: keys.map(
        (k): FaceProgrammableKey => ({
          id: k.id,
          ...(k.module !== undefined ? { module: k.module } : {}),
          ...(k.lineKey ? { lineKey: true as const } : {}),
          index: k.index,
          function: String(k.function),
          label: k.label,
          number: k.number,
          ...(k.lamp ? { lamp: k.lamp } : {}),
          ...(k.paging !== undefined ? { paging: k.paging } : {}),
        }),
      ),
      expansionModules: modules,
    };
  }

  private broadcastKeys(): void {
    if (this.clients.size === 0) return;
    const text = JSON.stringify(this.keysMessage());
    for (const c of this.clients) c.sendText(text);
  }
}

const hubs = new WeakMap<Device, FaceHub>();

/** The hub of the context's device (made on first use), or undefined for a phone without a face. */
export function faceHubFor(ctx: WebContext): FaceHub | undefined {
  const device = ctx.device;
  if (!device) return undefined;
  let hub = hubs.get(device);
  if (!hub) {
    hub = new FaceHub(device, {
      phone: ctx.phone,
      settings: ctx.config.settings,
      ...(ctx.handset ? { handsetSwitch: ctx.handset } : {}),
      logger: ctx.logger,
    });
    hubs.set(device, hub);
  }
  return hub;
}

/** The hub, or a 404 for a phone built without its face. */
export function requireFaceHub(ctx: WebContext): FaceHub {
  const hub = faceHubFor(ctx);
  if (!hub) throw new WebError('WEB_NOT_FOUND', 'this phone has no face (device model)');
  return hub;
}
