import type { FastifyInstance, FastifyReply } from 'fastify';
import { SayhiError } from '../../base/index.js';
import type { LogBuffer } from '../log-buffer.js';
import type { WebAuthenticator } from '../session/index.js';
import type { WebContext } from '../web-context.js';
import type { RouteRegistrar } from './api-v1.js';

/** What the management routes (session, password, phonebook rows, maintenance) need besides the WebContext. */
export interface ManagementDeps {
  ctx: WebContext;
  auth: WebAuthenticator;
  log?: LogBuffer;
  reboot?: () => Promise<void>;
  /** clock.now() when the server started (uptime on Phone Status). */
  startedAt: number;
}

/** Registers a route-table entry the way api-v1.ts does (schema from the table, allowUser in the route config). */
export function routeRegistrar(app: FastifyInstance): RouteRegistrar {
  return (spec, handler) =>
    app.route({
      method: spec.method,
      url: spec.url,
      schema: spec.schema,
      config: { allowUser: spec.allowUser === true },
      ...(spec.xmlBody ? { bodyLimit: spec.xmlBody.maxBytes } : {}),
      handler,
    });
}

/** One refused field: the pages show `reason` next to the field named `key`. */
export interface FieldError {
  key: string;
  reason: string;
}

export function sendFieldErrors(reply: FastifyReply, errors: FieldError[], status = 400): FastifyReply {
  return reply.code(status).send({ error: 'WEB_VALIDATION', message: errors.map((e) => e.reason).join('; '), errors });
}

const STORE_STATUS: Record<string, number> = {
  CFG_INVALID: 400,
  CFG_RANGE: 400,
  CFG_NOT_FOUND: 404,
  CFG_DUPLICATE: 409,
  CFG_PHONEBOOK_FULL: 409,
  CFG_ENTERPRISE_FULL: 409,
  CFG_BANLIST_FULL: 409,
  CFG_GROUPS_FULL: 409,
};

/**
 * A refusal of the config store (storage-layer catalogue) as an HTTP answer: the
 * status by code and, when the message names a field ("contacts add: firstName
 * is 40 characters..."), that field as the error's key. Anything else is rethrown.
 */
export function sendStoreError(reply: FastifyReply, err: unknown, fields: readonly string[] = []): FastifyReply {
  if (!(err instanceof SayhiError) || STORE_STATUS[err.code] === undefined) throw err;
  const status = STORE_STATUS[err.code]!;
  const named = /^[^:]+: (\w+) /.exec(err.message)?.[1];
  const field = named !== undefined && fields.includes(named) ? named : '';
  const code = status === 404 ? 'WEB_NOT_FOUND' : status === 409 ? 'WEB_CONFLICT' : 'WEB_VALIDATION';
  return reply.code(status).send({ error: code, message: err.message, errors: [{ key: field, reason: err.message }] });
}
