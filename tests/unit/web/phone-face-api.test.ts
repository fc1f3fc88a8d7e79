/**
 * The phone-face REST routes (issue #5) in-process with inject(), over a real
 * Device on a fake phone — proves:
 *  - POST /api/v1/keys presses a sequence ("1002" → the dialing screen with the
 *    number) or one named key ("OK", "F4", held C), answers every key's result and
 *    the screen after; '#' sends the number as a phone dial command;
 *  - bad bodies answer 400 (unknown key name, both or neither of keys/key, extra
 *    properties, holdMs out of range); no login 401; the user login may press keys;
 *  - GET /api/v1/screen: four lines, four soft-key labels, status icons, every LED
 *    with colour and cadence (line 1 red fast and the strip while a call rings in),
 *    and the framebuffer bits equal to the device's;
 *  - GET /api/v1/screen.png: a PNG of 128×64 × scale (default 4, ?scale=2, gray look),
 *    bad scale 400;
 *  - a phone without a face answers 404 on these routes, and the page /phone needs a login.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LCD_HEIGHT, LCD_WIDTH } from '../../../src/device/index.js';
import { ADMIN, USER, makeFaceServer, type FaceServer } from './phone-face-helpers.js';
import { makeTestServer } from './fake-phone.js';

let s: FaceServer;

beforeAll(async () => {
  s = await makeFaceServer('ES330');
});
afterAll(() => s.app.close());

const press = (body: unknown, authorization = ADMIN) =>
  s.app.inject({ method: 'POST', url: '/api/v1/keys', headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

type KeysAnswer = { results: Array<{ key: string; handled: boolean; screen: string; notice?: string }>; screen: { screen: string; lines: string[]; softKeys: string[] } };

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('POST /api/v1/keys', () => {
  it('presses a typed sequence and answers each key and the screen after', async () => {
    const res = await press({ keys: '1002' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as KeysAnswer;
    expect(body.results.map((r) => r.key)).toEqual(['1', '0', '0', '2']);
    expect(body.results.every((r) => r.handled)).toBe(true);
    expect(body.screen.screen).toBe('dialing');
    expect(body.screen.lines.join('\n')).toContain('1002');
    expect(body.screen.softKeys[0]).toBe('Send');
  });

  it('a held C clears the whole number; # then sends what was typed as a dial command', async () => {
    const held = (await press({ key: 'C', holdMs: 1500 })).json() as KeysAnswer;
    expect(held.results[0]).toMatchObject({ key: 'c', handled: true });
    expect(held.screen.lines.join('\n')).not.toContain('1002');
    expect((await press({ keys: '2003#' })).statusCode).toBe(200);
    expect(s.phone.commands('dial').at(-1)?.args[0]).toBe('2003');
    const screen = (await s.app.inject({ method: 'GET', url: '/api/v1/screen', headers: { authorization: ADMIN } })).json() as { screen: string };
    expect(['calling', 'talking']).toContain(screen.screen);
    // F4 = the fourth soft key (End on the calling screen) hangs up
    const end = (await press({ key: 'F4' })).json() as KeysAnswer;
    expect(end.results[0]).toMatchObject({ key: 'soft4', handled: true });
    expect(s.phone.commands('hangup').length).toBe(1);
    expect(end.screen.screen).toBe('idle');
  });

  it('refuses what is not a key press with 400', async () => {
    for (const body of [{ key: 'nope' }, { keys: '12x' }, { keys: '1', key: '2' }, {}, { key: 'ok', extra: 1 }, { key: 'ok', holdMs: 99_999 }, { keys: '1', holdMs: 10 }]) {
      const res = await press(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toHaveProperty('error');
    }
  });

  it('needs a login; the user login may use the face', async () => {
    const anon = await s.app.inject({ method: 'POST', url: '/api/v1/keys', payload: { key: 'ok' } });
    expect(anon.statusCode).toBe(401);
    const user = await press({ key: 'c' }, USER);
    expect(user.statusCode).toBe(200);
  });
});

describe('GET /api/v1/screen', () => {
  it('has the text, soft keys, status icons, LEDs and the framebuffer of the glass', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/screen', headers: { authorization: USER } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      model: string;
      lines: string[];
      softKeys: string[];
      status: { lines: Array<{ line: number; icon: string }>; time: string };
      leds: Array<{ id: string; color: string; cadence: string }>;
      framebuffer: { width: number; height: number; stride: number; frame: number; data: string };
      frame: number;
    };
    expect(body.model).toBe('ES330');
    expect(body.lines).toHaveLength(4);
    expect(body.softKeys).toHaveLength(4);
    expect(body.status.lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(body.status.lines[0]!.icon).toBe('registered');
    expect(body.status.time).toMatch(/\d/);
    const ids = body.leds.map((l) => l.id);
    for (const id of ['line1', 'line2', 'line3', 'p1', 'p12', 'strip', 'message', 'mute', 'headset', 'speaker']) expect(ids).toContain(id);
    expect(body.leds.find((l) => l.id === 'line1')).toEqual({ id: 'line1', color: 'green', cadence: 'steady' });
    const fb = s.device.framebuffer();
    expect(body.framebuffer).toMatchObject({ width: LCD_WIDTH, height: LCD_HEIGHT, stride: 16, frame: fb.frame });
    expect(Buffer.from(body.framebuffer.data, 'base64')).toEqual(Buffer.from(fb.data));
    expect(body.frame).toBe(fb.frame);
  });

  it('shows a call ringing in: line 1 red fast, the light strip red fast, Ans on the first soft key', async () => {
    const call = s.phone.addCall({ line: 1 });
    const body = (await s.app.inject({ method: 'GET', url: '/api/v1/screen', headers: { authorization: ADMIN } })).json() as {
      screen: string;
      softKeys: string[];
      leds: Array<{ id: string; color: string; cadence: string }>;
    };
    expect(body.screen).toBe('ringing');
    expect(body.softKeys[0]).toBe('Ans');
    expect(body.leds.find((l) => l.id === 'line1')).toMatchObject({ color: 'red', cadence: 'fast' });
    expect(body.leds.find((l) => l.id === 'strip')).toMatchObject({ color: 'red', cadence: 'fast' });
    s.phone.move(call.id, 'ended', { endReason: 'local hangup' });
  });
});

describe('GET /api/v1/screen.png', () => {
  it('is the glass as a PNG, 4 pixels a dot by default', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/screen.png', headers: { authorization: ADMIN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(pngSize(res.rawPayload)).toEqual({ width: 512, height: 256 });
    expect(Buffer.compare(res.rawPayload, s.device.png({ scale: 4, look: 'lcd' }))).toBe(0);
  });

  it('takes ?scale= and ?look=gray; refuses a scale out of 1..16', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/screen.png?scale=2&look=gray', headers: { authorization: ADMIN } });
    expect(pngSize(res.rawPayload)).toEqual({ width: 256, height: 128 });
    expect(Buffer.compare(res.rawPayload, s.device.png({ scale: 2, look: 'gray' }))).toBe(0);
    for (const q of ['scale=0', 'scale=17', 'scale=x', 'look=neon', 'size=3']) {
      expect((await s.app.inject({ method: 'GET', url: `/api/v1/screen.png?${q}`, headers: { authorization: ADMIN } })).statusCode, q).toBe(400);
    }
  });
});

describe('a phone without a face, and the page', () => {
  it('answers 404 on the face routes when the phone was built without a Device', async () => {
    const { app } = await makeTestServer();
    try {
      for (const [method, url] of [['GET', '/api/v1/screen'], ['GET', '/api/v1/screen.png'], ['POST', '/api/v1/keys']] as const) {
        const res = await app.inject({ method, url, headers: { authorization: ADMIN }, ...(method === 'POST' ? { payload: { key: 'ok' } } : {}) });
        expect(res.statusCode, url).toBe(404);
      }
    } finally {
      await app.close();
    }
  });

  it('GET /phone needs a login: a browser is sent to the login page', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/phone' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/login\?next=%2Fphone/);
    const ok = await s.app.inject({ method: 'GET', url: '/phone', headers: { authorization: USER } });
    // 200 with the built page, or 503 when dist/ui was not built in this checkout
    expect([200, 503]).toContain(ok.statusCode);
    if (ok.statusCode === 200) {
      expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
      expect(ok.headers['permissions-policy']).toContain('microphone=(self)');
    }
  });
});
