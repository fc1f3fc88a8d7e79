import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { PhoneError, type PhoneEvents } from '../../phone/index.js';
import type { WebContext } from '../web-context.js';
import { WebError } from '../web-errors.js';
import { API_ROUTES, type ApiRouteSpec } from './api-routes.js';
import { callControlApi } from './call-control-api.js';
import { configApi } from './config-api.js';
import { keysApi } from './keys-api.js';
import { keyLayoutApi } from './key-layout-api.js';
import { historyApi } from './history-api.js';
import { textMessagesApi } from './text-messages-api.js';
import { buildOpenApi } from './openapi.js';

export type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export type RouteRegistrar = (spec: ApiRouteSpec, handler: Handler) => void;
type IdParams = { id: string };

/** Phone events forwarded on the WebSocket, as `{ type, data }`. */
export const API_EVENT_TYPES = ['registration', 'call', 'dtmf', 'lineFeatures', 'callFeature', 'missedCalls', 'key', 'mwi', 'hook', 'paging', 'textMessage', 'unreadTextMessages'] as const satisfies ReadonlyArray<keyof PhoneEvents>;

/**
 * REST API v1 (issue #2): status, calls, call actions, and the event WebSocket;
 * the configuration routes of issue #3 are in config-api.ts.
 * A thin adapter over the phone's command table and event stream; every route
 * comes from API_ROUTES, the table the OpenAPI document is built from.
 */
export async function apiV1(app: FastifyInstance, ctx: WebContext): Promise<void> {
  const { phone } = ctx;
  const openapi = buildOpenApi(ctx.version);
  const route: RouteRegistrar = (spec, handler) =>
    app.route({
      method: spec.method,
      url: spec.url,
      schema: spec.schema,
      config: { allowUser: spec.allowUser === true },
      ...(spec.xmlBody ? { bodyLimit: spec.xmlBody.maxBytes } : {}),
      handler,
    });
  const callId = (req: FastifyRequest) => (req.params as IdParams).id;
  const ok = { ok: true } as const;

  route(API_ROUTES.openapi, async () => openapi);
  route(API_ROUTES.status, async () => phone.status());
  route(API_ROUTES.listCalls, async () => phone.calls());

  route(API_ROUTES.getCall, async (req) => {
    const id = callId(req);
    const call = phone.calls().find((c) => c.id === id);
    if (!call) throw new PhoneError('PHONE_NO_SUCH_CALL', `no call ${id}`);
    return call;
  });

  route(API_ROUTES.dial, async (req, reply) => {
    const body = req.body as { to: string; line?: number };
    // The schema allows 1..3 (the ES330); an ES320 has two lines.
    const { lines, model } = phone.status();
    if (body.line !== undefined && body.line > lines.length) {
      throw new WebError('WEB_VALIDATION', `body/line must be <= ${lines.length} on the ${model}`);
    }
    const { id } = await phone.dial(body.to, body.line !== undefined ? { line: body.line } : {});
    return reply.code(201).send({ id });
  });

  route(API_ROUTES.answer, async (req) => (await phone.answer(callId(req)), ok));
  route(API_ROUTES.hangup, async (req) => (await phone.hangup(callId(req)), ok));
  route(API_ROUTES.reject, async (req) => {
    const body = req.body as { status?: number } | null | undefined;
    await phone.reject(callId(req), body?.status);
    return ok;
  });
  route(API_ROUTES.dtmf, async (req) => {
    await phone.sendDtmf(callId(req), (req.body as { digits: string }).digits);
    return ok;
  });
  route(API_ROUTES.hold, async (req) => {
    if (!(await phone.hold(callId(req)))) throw new WebError('WEB_CONFLICT', 'the far end refused the hold re-INVITE');
    return ok;
  });
  route(API_ROUTES.resume, async (req) => {
    if (!(await phone.resume(callId(req)))) throw new WebError('WEB_CONFLICT', 'the far end refused the resume re-INVITE');
    return ok;
  });

  callControlApi(route, ctx);
  configApi(route, ctx);
  keysApi(route, ctx);
  keyLayoutApi(route, ctx);
  historyApi(route, ctx);
  textMessagesApi(route, ctx);

  const events = API_ROUTES.events;
  app.get(events.url, { websocket: true, schema: events.schema }, (socket: WebSocket) => {
    const send = (type: string, data: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type, data }));
    };
    send('status', phone.status());
    const offs = API_EVENT_TYPES.map((type) => phone.events.on(type, (data: PhoneEvents[typeof type][0]) => send(type, data)));
    const stop = () => offs.splice(0).forEach((off) => off());
    socket.on('close', stop);
    socket.on('error', stop);
  });

  // Unknown paths under /api/v1 get the same authentication as the routes (no
  // probing for which paths exist) and a JSON 404.
  app.setNotFoundHandler(async (req) => {
    throw new WebError('WEB_NOT_FOUND', `no route ${req.method} ${req.url}`);
  });
}
