import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { SayhiError } from '../base/index.js';
import { loadAdminHtml, registerAdminPages, sendAdminHtml } from './admin-page-routes.js';
import { apiV1 } from './api/api-v1.js';
import { faceApi } from './api/face-api.js';
import { managementApi } from './api/management-api.js';
import { XML_CONTENT_TYPES } from './api/openapi.js';
import { registerPhonePage } from './phone-page.js';
import { requestRole } from './request-login.js';
import { WebAuthenticator, registerLoginRoutes, registerWebGuard } from './session/index.js';
import type { WebContext } from './web-context.js';
import { registerUiAssets } from './ui-static.js';
import { PHONE_ERROR_STATUS, WebError } from './web-errors.js';
import { createWebSecurity, type WebServerOptions } from './web-services.js';

export { BASIC_CHALLENGE } from './session/index.js';

function phoneErrorStatus(code: string): number | undefined {
  return (PHONE_ERROR_STATUS as Record<string, number>)[code];
}

/**
 * The phone's HTTP (or HTTPS) server: the REST API under /api/v1, the management
 * pages (issue #6) and the built front end's assets. Every path except the login
 * page and the assets requires a login, checked by one guard in front of all
 * routes (session/web-guard.ts): a browser session cookie (with a CSRF token for
 * changes) or HTTP Basic (automation). Roles are enforced per API route (the
 * route table's allowUser) and per page (admin-pages.ts), on the server.
 */
export async function createWebServer(ctx: WebContext, options: WebServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ...(options.https ? { https: { key: options.https.key, cert: options.https.cert } } : {}),
    bodyLimit: 1024 * 1024,
    // Fastify's Ajv defaults silently drop unknown properties and coerce types
    // ("2" → 2); an automation API should say what is wrong instead.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false, allowUnionTypes: true } },
  });
  const security = options.security ?? createWebSecurity(ctx.clock);
  const auth = new WebAuthenticator(ctx.accounts, security.sessions, security.throttle, ctx.clock);
  const html = options.pageHtml ?? loadAdminHtml();

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

  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  registerWebGuard(app, auth);
  await registerUiAssets(app);
  registerLoginRoutes(app, { auth, loginsRevision: () => ctx.accounts.revision, logger: ctx.logger, pageHtml: (reply) => sendAdminHtml(reply, html) });

  await app.register(
    async (api) => {
      // The guard has identified the login; a route open to the user login says so in the route table (config.allowUser).
      api.addHook('onRequest', async (req) => {
        const allowUser = (req.routeOptions.config as { allowUser?: boolean } | undefined)?.allowUser === true;
        if (requestRole(req) !== 'admin' && !allowUser) throw new WebError('WEB_FORBIDDEN', 'the API needs the administrator login');
      });
      // Escene files arrive as raw bytes: the Escene reader checks encoding, BOM and size itself.
      api.addContentTypeParser([...XML_CONTENT_TYPES], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      await apiV1(api, ctx);
      managementApi(api, { ctx, auth, startedAt: ctx.clock.now(), ...(options.log ? { log: options.log } : {}), ...(options.reboot ? { reboot: options.reboot } : {}) });
      faceApi(api, ctx);
    },
    { prefix: '/api/v1' },
  );

  registerPhonePage(app);
  registerAdminPages(app, html);
  return app;
}
