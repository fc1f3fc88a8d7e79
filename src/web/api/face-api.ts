import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { requireFaceHub } from '../face-hub.js';
import { bindFaceSocket } from '../face-socket.js';
import type { WebContext } from '../web-context.js';
import type { ApiRouteSpec } from './api-routes.js';
import { keysBodySchema, keysResultSchema, screenPngQuerySchema, screenSchema } from './face-schemas.js';
import { routeRegistrar } from './management-deps.js';
import { errorSchema } from './schemas.js';

/**
 * The phone's face over HTTP (issue #5): the keys, the glass as JSON and PNG,
 * and the WebSocket the /phone page lives on. Open to the user login too: the
 * face is what a person at the desk uses (the LCD's own Advanced-setting
 * password still guards the admin menus). Thin over src/device's Device through
 * the face hub, so REST presses and the pages' queue up as one finger.
 */
const authErrors = { 401: errorSchema, 403: errorSchema } as const;

export const FACE_ROUTES = {
  pressKeys: {
    method: 'POST',
    url: '/keys',
    summary: "Press keys on the phone's face",
    description:
      'Presses `keys` (a sequence: "1002#", "{menu}{down}{ok}") or one `key` held `holdMs` ms (C held 1 s clears the ' +
      'number), one after the other as a person would, and answers once each key\'s phone command has settled: the ' +
      'result of every key (`handled` false: nothing to do on that screen) and the screen after the last.',
    allowUser: true,
    schema: { body: keysBodySchema, response: { 200: keysResultSchema, ...authErrors, 400: errorSchema, 404: errorSchema } },
  },
  screen: {
    method: 'GET',
    url: '/screen',
    summary: 'The LCD, status icons, soft keys, LEDs and audio path',
    description:
      'The four text lines as shown, the soft-key labels, the status bar (time, date, AA, missed calls, line icons), every ' +
      'LED with colour and cadence, the audio path, and the 128×64 framebuffer (base64, 1 bit per pixel, MSB first).',
    allowUser: true,
    schema: { response: { 200: screenSchema, ...authErrors, 404: errorSchema } },
  },
  screenPng: {
    method: 'GET',
    url: '/screen.png',
    summary: 'The LCD as a PNG image',
    description: 'Each LCD pixel as a `scale`×`scale` square (default 4); `look` lcd (the glass, default) or gray.',
    allowUser: true,
    schema: { querystring: screenPngQuerySchema, response: { ...authErrors, 400: errorSchema, 404: errorSchema } },
  },
  faceSocket: {
    method: 'GET',
    url: '/face/ws',
    websocket: true,
    summary: "WebSocket: the phone's face and handset audio",
    description:
      'What the /phone page uses (src/web/face-protocol.ts). Server → browser: a JSON `hello` (snapshot, keys, LED ' +
      'cadences, audio state), then JSON `state` after every change, `programmableKeys` (labels and lamps), `audio`, ' +
      '`keyResult`; binary LCD frames (8-byte header: kind 1, frame number u32 BE; then the 1024-byte framebuffer). ' +
      'Browser → server: JSON `key` {key, holdMs?}, `keys` {keys}, `moduleKey` {id}, `audio` {enable}, `ping` {t}. ' +
      'Audio both ways once enabled: kind 2 messages with a sequence number and 20 ms of 16 kHz 16-bit LE PCM (640 bytes).',
    allowUser: true,
    schema: { response: { ...authErrors, 404: errorSchema } },
  },
} as const satisfies Record<string, ApiRouteSpec>;

export function faceApi(app: FastifyInstance, ctx: WebContext): void {
  const route = routeRegistrar(app);

  route(FACE_ROUTES.pressKeys, async (req) => {
    const hub = requireFaceHub(ctx);
    const body = req.body as { keys?: string; key?: string; holdMs?: number };
    const results = body.keys !== undefined ? await hub.pressSequence(body.keys) : [await hub.press(body.key!, body.holdMs ?? 0)];
    return { results, screen: hub.device.snapshot() };
  });

  route(FACE_ROUTES.screen, async () => {
    const device = requireFaceHub(ctx).device;
    const fb = device.framebuffer();
    const snapshot = device.snapshot();
    return {
      ...snapshot,
      framebuffer: { width: fb.width, height: fb.height, stride: fb.stride, frame: fb.frame, data: Buffer.from(fb.data).toString('base64') },
    };
  });

  route(FACE_ROUTES.screenPng, async (req, reply) => {
    const device = requireFaceHub(ctx).device;
    const q = req.query as { scale?: string; look?: 'lcd' | 'gray' };
    const png = device.png({ scale: q.scale !== undefined ? Number(q.scale) : 4, look: q.look ?? 'lcd' });
    return reply.type('image/png').header('Cache-Control', 'no-store').send(png);
  });

  const ws = FACE_ROUTES.faceSocket;
  app.get(
    ws.url,
    {
      websocket: true,
      schema: ws.schema,
      config: { allowUser: true },
      // before the upgrade, so a phone without a face answers a plain 404
      preValidation: async () => void requireFaceHub(ctx),
    },
    (socket: WebSocket, req: FastifyRequest) => bindFaceSocket(socket, requireFaceHub(ctx), ctx.logger.child({ peer: req.ip })),
  );
}
