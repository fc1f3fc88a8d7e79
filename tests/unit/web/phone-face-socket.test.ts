/**
 * The phone-face WebSocket GET /api/v1/face/ws (src/web/face-protocol.ts) on a
 * real listening server (127.0.0.1, port 0) with the `ws` client — proves:
 *  - the upgrade needs a login (401 without), the user login may open it, and a
 *    phone without a face refuses it with 404 before upgrading;
 *  - the first messages are the JSON hello (snapshot, the model's keys, LED cadences),
 *    the current LCD frame as binary (kind 1, frame number, the device's 1024 bytes)
 *    and the programmable-key labels;
 *  - a key sent as JSON is pressed: a keyResult comes back, every connected browser
 *    gets the new frame (bits equal to the device framebuffer) and a state message;
 *  - audio: enabling plugs the browser audio device into the phone's handset; the phone's
 *    frames reach every listening browser as kind-2 messages; the microphone frames of
 *    the owner (the newest to enable) reach the phone after the playout prefetch, the
 *    other's are dropped; when the last browser leaves, the headless handset is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  FACE_AUDIO_FRAME_SAMPLES,
  FACE_HEADER_BYTES,
  FACE_KIND_AUDIO,
  FACE_KIND_LCD,
  FACE_WS_PATH,
  BrowserHandset,
  type FaceServerMessage,
} from '../../../src/web/index.js';
import { makeTestServer } from './fake-phone.js';
import { ADMIN, USER, makeFaceServer, type FaceServer } from './phone-face-helpers.js';

let s: FaceServer;
let url: string;

beforeAll(async () => {
  s = await makeFaceServer('ES320');
  const address = await s.app.listen({ host: '127.0.0.1', port: 0 });
  url = `${address.replace(/^http/, 'ws')}${FACE_WS_PATH}`;
});
afterAll(() => s.app.close());

interface Client {
  ws: WebSocket;
  /** The oldest JSON message of `type` not taken yet. */
  json<T extends FaceServerMessage['type']>(type: T): Promise<Extract<FaceServerMessage, { type: T }>>;
  /** The next binary message of `kind` (earlier binary messages are dropped). */
  binary(kind: number): Promise<{ counter: number; payload: Buffer }>;
}

async function connect(authorization: string, target = url): Promise<Client> {
  const ws = new WebSocket(target, { headers: { authorization } });
  const texts: FaceServerMessage[] = [];
  const bins: Buffer[] = [];
  const wake: Array<() => void> = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) bins.push(Buffer.from(data));
    else texts.push(JSON.parse(String(data)) as FaceServerMessage);
    wake.splice(0).forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const until = async <R>(take: () => R | undefined): Promise<R> => {
    for (let i = 0; i < 200; i++) {
      const r = take();
      if (r !== undefined) return r;
      await new Promise<void>((res) => wake.push(res));
    }
    throw new Error('no such message');
  };
  return {
    ws,
    json: <T extends FaceServerMessage['type']>(type: T) =>
      until<FaceServerMessage>(() => {
        const i = texts.findIndex((m) => m.type === type);
        return i < 0 ? undefined : texts.splice(i, 1)[0];
      }) as Promise<Extract<FaceServerMessage, { type: T }>>,
    binary: (kind) =>
      until(() => {
        const i = bins.findIndex((b) => b[0] === kind);
        if (i < 0) return undefined;
        const b = bins.splice(0, i + 1).pop()!;
        return { counter: b.readUInt32BE(4), payload: b.subarray(FACE_HEADER_BYTES) };
      }),
  };
}

function refusedStatus(target: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(target, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => resolve(0));
  });
}

function audioMessage(seq: number, value: number): Buffer {
  const b = Buffer.alloc(FACE_HEADER_BYTES + FACE_AUDIO_FRAME_SAMPLES * 2);
  b[0] = FACE_KIND_AUDIO;
  b.writeUInt32BE(seq, 4);
  for (let i = 0; i < FACE_AUDIO_FRAME_SAMPLES; i++) b.writeInt16LE(value, FACE_HEADER_BYTES + i * 2);
  return b;
}

/** Microphone frames the browser handset has taken in or refused so far. */
function micFrames(): number {
  const h = s.handset.current;
  if (!(h instanceof BrowserHandset)) return 0;
  const st = h.stats();
  return st.framesIn + st.refused;
}

/** Until the browser handset has seen `n` microphone frames (they travel over a real socket). */
async function micFramesReach(n: number): Promise<void> {
  for (let i = 0; i < 500 && micFrames() < n; i++) await new Promise<void>((r) => setImmediate(r));
  expect(micFrames()).toBeGreaterThanOrEqual(n);
}

describe('the face WebSocket', () => {
  it('needs a login; a phone without a face refuses the upgrade with 404', async () => {
    expect(await refusedStatus(url, {})).toBe(401);
    const { app } = await makeTestServer();
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect(await refusedStatus(`${address.replace(/^http/, 'ws')}${FACE_WS_PATH}`, { authorization: ADMIN })).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('greets with the snapshot, the keys, the LCD frame and the key labels', async () => {
    const c = await connect(USER);
    const hello = await c.json('hello');
    expect(hello.snapshot.model).toBe('ES320');
    expect(hello.keys).toContain('line2');
    expect(hello.keys).not.toContain('line3');
    expect(hello.cadences).toEqual({ slow: { onMs: 500, offMs: 500 }, fast: { onMs: 200, offMs: 200 } });
    expect(hello.tones.dial).toEqual({ freqs: [425], levelDbfs: -16, cadenceMs: [] });
    expect(hello.tones.ringback?.cadenceMs).toEqual([1000, 4000]);
    expect(hello.audio).toEqual({ enabled: false, owner: false, listeners: 0 });
    const lcd = await c.binary(FACE_KIND_LCD);
    const fb = s.device.framebuffer();
    expect(lcd.counter).toBe(fb.frame);
    expect(lcd.payload).toEqual(Buffer.from(fb.data));
    const keys = await c.json('programmableKeys');
    expect(keys.expansionModules).toBe(0);
    c.ws.close();
  });

  it('presses keys sent as JSON; every browser gets the new frame and state', async () => {
    const a = await connect(ADMIN);
    const b = await connect(USER);
    const before = (await a.binary(FACE_KIND_LCD)).counter;
    await b.binary(FACE_KIND_LCD);
    a.ws.send(JSON.stringify({ type: 'key', key: '5', id: 7 }));
    const result = await a.json('keyResult');
    expect(result).toMatchObject({ id: 7, results: [{ key: '5', handled: true, screen: 'dialing' }] });
    for (const c of [a, b]) {
      const frame = await c.binary(FACE_KIND_LCD);
      expect(frame.counter).toBeGreaterThan(before);
      const state = await c.json('state');
      expect(state.snapshot.screen).toBe('dialing');
    }
    // a long C clears the number: the last frame a browser gets is the device's frame, bit for bit
    b.ws.send(JSON.stringify({ type: 'key', key: 'c', holdMs: 1500 }));
    expect((await b.json('keyResult')).results[0]).toMatchObject({ key: 'c', screen: 'idle' });
    const now = s.device.framebuffer();
    let f = await b.binary(FACE_KIND_LCD);
    for (let i = 0; i < 10 && f.counter < now.frame; i++) f = await b.binary(FACE_KIND_LCD);
    expect(f.counter).toBe(now.frame);
    expect(f.payload).toEqual(Buffer.from(now.data));
    a.ws.send(JSON.stringify({ type: 'key', key: 'bogus' }));
    expect((await a.json('keyResult')).error).toMatch(/not a key/);
    a.ws.close();
    b.ws.close();
  });

  it('carries the handset audio both ways while a browser has audio on', async () => {
    const a = await connect(ADMIN);
    a.ws.send(JSON.stringify({ type: 'audio', enable: true }));
    expect(await a.json('audio')).toEqual({ type: 'audio', enabled: true, owner: true, listeners: 1 });
    expect(s.handset.isPlugged).toBe(true);

    // the phone plays a frame: it arrives as kind 2 with the samples
    const played = new Int16Array(FACE_AUDIO_FRAME_SAMPLES).map((_, i) => (i % 2 ? -1200 : 1200));
    s.handset.writeFrame(played);
    const down = await a.binary(FACE_KIND_AUDIO);
    expect(down.payload.length).toBe(640);
    expect(down.payload.readInt16LE(0)).toBe(1200);
    expect(down.payload.readInt16LE(2)).toBe(-1200);
    expect(s.headless.played).toHaveLength(0);

    // the microphone: three frames, read after the two-frame prefetch
    for (let i = 0; i < 3; i++) a.ws.send(audioMessage(i, 300 + i));
    await micFramesReach(3);
    const frame = new Int16Array(FACE_AUDIO_FRAME_SAMPLES);
    expect(s.handset.readFrame(frame)).toBe(true);
    expect(frame[0]).toBe(300);
    expect(s.handset.readFrame(frame)).toBe(true);
    expect(frame[5]).toBe(301);

    // a second browser takes the microphone; the first still hears
    const b = await connect(USER);
    b.ws.send(JSON.stringify({ type: 'audio', enable: true }));
    expect(await b.json('audio')).toMatchObject({ enabled: true, owner: true, listeners: 2 });
    expect(await a.json('audio')).toMatchObject({ enabled: true, owner: false, listeners: 2 });
    a.ws.send(audioMessage(9, 999));
    for (let i = 0; i < 3; i++) b.ws.send(audioMessage(i, -50));
    await micFramesReach(3 + 4);
    expect(s.handset.readFrame(frame)).toBe(true);
    expect(frame[0]).toBe(-50);
    s.handset.writeFrame(played);
    expect((await a.binary(FACE_KIND_AUDIO)).payload.readInt16LE(0)).toBe(1200);
    expect((await b.binary(FACE_KIND_AUDIO)).payload.readInt16LE(0)).toBe(1200);

    // the Mute key silences the microphone whatever device is plugged in
    s.handset.microphoneMuted = true;
    for (let i = 0; i < 3; i++) b.ws.send(audioMessage(i, 77));
    await micFramesReach(3 + 4 + 3);
    expect(s.handset.readFrame(frame)).toBe(false);
    expect(frame.every((v) => v === 0)).toBe(true);
    s.handset.microphoneMuted = false;

    // everyone leaves: the headless handset is the phone's again
    b.ws.close();
    expect(await a.json('audio')).toMatchObject({ enabled: true, owner: true, listeners: 1 });
    a.ws.send(JSON.stringify({ type: 'audio', enable: false }));
    expect(await a.json('audio')).toMatchObject({ enabled: false, listeners: 0 });
    expect(s.handset.isPlugged).toBe(false);
    expect(s.handset.readFrame(frame)).toBe(true);
    expect(frame[0]).toBe(7);
    a.ws.close();
  });
});
