import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { SayhiError } from '../base/index.js';
import { apiV1 } from './api/api-v1.js';
import { XML_CONTENT_TYPES } from './api/openapi.js';
import { BasicAuthenticator } from './basic-auth.js';
import { setRequestRole } from './request-login.js';
import type { WebContext } from './web-context.js';
import { registerUiAssets } from './ui-static.js';
import { PHONE_ERROR_STATUS, WebError } from './web-errors.js';

/** RFC 7617 §2: the challenge every 401 carries. */
export const BASIC_CHALLENGE = 'Basic realm="Sayhi phone", charset="UTF-8"';

function phoneErrorStatus(code: string): number | undefined {
  return (PHONE_ERROR_STATUS as Record<string, number>)[code];
}

/**
 * The phone's HTTP server. Everything under /api requires authentication
 * (HTTP Basic with the web admin login; the routes the route table opens to the
 * user login take it too); the management pages and the phone face arrive with
 * their own issues.
 */
export async function createWebServer(ctx: WebContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // Fastify's Ajv defaults silently drop unknown properties and coerce types
    // ("2" → 2); an automation API should say what is wrong instead.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false, allowUnionTypes: true } },
  });
  const auth = new BasicAuthenticator(ctx.accounts, ctx.clock);

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof WebError) return reply.code(err.status).send({ error: err.code, message: err.message });
    const phoneStatus = err instanceof SayhiError ? phoneErrorStatus(err.code) : undefined;
    if (err instanceof SayhiError && phoneStatus) return reply.code(phoneStatus).send({ error: err.code, message: err.message });
    const e = err as { validation?: unknown; statusCode?: number; message?: string };
    if (e.validation) return reply.code(400).send({ error: 'WEB_VALIDATION', message: e.message ?? 'invalid request' });
    if (e.statusCode && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: 'WEB_BAD_REQUEST', message: e.message ?? 'bad request' });
    }
    ctx.logger.error('web handler failed', { error: err instanceof Error ? err.message : String(err) });
    return reply.code(500).send({ error: 'WEB_INTERNAL', message: 'internal error' });
  });

  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await registerUiAssets(app);

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (req, reply) => {
        const who = await auth.authenticate(req.headers.authorization);
        if (!who) {
          reply.header('WWW-Authenticate', BASIC_CHALLENGE);
          throw new WebError('WEB_AUTH_REQUIRED', 'authentication required');
        }
        setRequestRole(req, who.role);
        // a route open to the user login says so in the route table (config.allowUser)
        const allowUser = (req.routeOptions.config as { allowUser?: boolean } | undefined)?.allowUser === true;
        if (who.role !== 'admin' && !allowUser) throw new WebError('WEB_FORBIDDEN', 'the API needs the administrator login');
      });
      // Escene files arrive as raw bytes: the Escene reader checks encoding, BOM and size itself.
      api.addContentTypeParser([...XML_CONTENT_TYPES], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      await apiV1(api, ctx);
    },
    { prefix: '/api/v1' },
  );

  app.get('/', async (_req, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(`Sayhi ${ctx.version}: REST API at /api/v1 (OpenAPI: /api/v1/openapi.json). The web pages arrive with issue #6.\n`),
  );

  return app;
}
