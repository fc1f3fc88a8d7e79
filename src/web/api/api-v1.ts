import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { PhoneEvents } from '../../phone/index.js';
import type { WebContext } from '../web-context.js';
import { buildOpenApi } from './openapi.js';
import { callIdParamsSchema, dialBodySchema, dtmfBodySchema, rejectBodySchema } from './schemas.js';

/**
 * REST API v1 (issue #2): status, calls, call actions, and the event WebSocket.
 * A thin adapter over the phone's command table and event stream.
 */
export async function apiV1(app: FastifyInstance, ctx: WebContext): Promise<void> {
  const { phone } = ctx;
  const openapi = buildOpenApi(ctx.version);

  app.get('/openapi.json', async () => openapi);
  app.get('/status', async () => phone.status());
  app.get('/calls', async () => phone.calls());

  app.post('/calls', { schema: { body: dialBodySchema } }, async (req, reply) => {
    const body = req.body as { to: string; line?: number };
    const { id } = await phone.dial(body.to, body.line !== undefined ? { line: body.line } : {});
    return reply.code(201).send({ id });
  });

  type IdReq = FastifyRequest<{ Params: { id: string } }>;
  const action = (name: string, fn: (req: IdReq) => Promise<void>) =>
    app.post(`/calls/:id/${name}`, { schema: { params: callIdParamsSchema } }, async (req: IdReq, reply: FastifyReply) => {
      await fn(req);
      return reply.send({ ok: true });
    });

  action('answer', (req) => phone.answer(req.params.id));
  action('hangup', (req) => phone.hangup(req.params.id));
  app.post(
    '/calls/:id/reject',
    { schema: { params: callIdParamsSchema, body: rejectBodySchema } },
    async (req: FastifyRequest<{ Params: { id: string }; Body: { status?: number } | null }>, reply) => {
      await phone.reject(req.params.id, req.body?.status);
      return reply.send({ ok: true });
    },
  );
  app.post(
    '/calls/:id/dtmf',
    { schema: { params: callIdParamsSchema, body: dtmfBodySchema } },
    async (req: FastifyRequest<{ Params: { id: string }; Body: { digits: string } }>, reply) => {
      await phone.sendDtmf(req.params.id, req.body.digits);
      return reply.send({ ok: true });
    },
  );

  app.get('/events', { websocket: true }, (socket: WebSocket) => {
    const send = (type: string, data: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type, data }));
    };
    send('status', phone.status());
    const offs = (['registration', 'call', 'dtmf'] as const).map((type) =>
      phone.events.on(type, (data: PhoneEvents[typeof type][0]) => send(type, data)),
    );
    socket.on('close', () => offs.forEach((off) => off()));
    socket.on('error', () => offs.forEach((off) => off()));
  });
}
