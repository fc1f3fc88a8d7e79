import {
  callSchema,
  dialBodySchema,
  dtmfBodySchema,
  errorSchema,
  okSchema,
  rejectBodySchema,
  statusSchema,
} from './schemas.js';

/** The OpenAPI 3.1 description served at /api/v1/openapi.json. */
export function buildOpenApi(version: string): Record<string, unknown> {
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const errors = {
    '400': { description: 'validation error', ...json(errorSchema) },
    '401': { description: 'authentication required', ...json(errorSchema) },
    '404': { description: 'no such call', ...json(errorSchema) },
    '409': { description: 'not possible in the call state', ...json(errorSchema) },
  };
  const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  const callAction = (summary: string, body?: unknown) => ({
    post: {
      summary,
      parameters: idParam,
      ...(body ? { requestBody: { required: true, ...json(body) } } : {}),
      responses: { '200': { description: 'done', ...json(okSchema) }, ...errors },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sayhi phone API',
      version,
      description:
        'Automation API of one Sayhi phone (ES320/ES330). HTTP Basic authentication with the web admin login (default root/root).',
    },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } } },
    security: [{ basic: [] }],
    paths: {
      '/status': { get: { summary: 'Phone, lines and calls', responses: { '200': { description: 'status', ...json(statusSchema) } } } },
      '/calls': {
        get: { summary: 'Calls in progress', responses: { '200': { description: 'calls', ...json({ type: 'array', items: callSchema }) } } },
        post: {
          summary: 'Place a call',
          requestBody: { required: true, ...json(dialBodySchema) },
          responses: { '201': { description: 'call created', ...json({ type: 'object', properties: { id: { type: 'string' } } }) }, ...errors },
        },
      },
      '/calls/{id}/answer': callAction('Answer a ringing call'),
      '/calls/{id}/hangup': callAction('Hang up (or cancel) a call'),
      '/calls/{id}/reject': callAction('Reject a ringing call (default 486, or the given status)', rejectBodySchema),
      '/calls/{id}/dtmf': callAction('Send DTMF digits (by the line DTMF mode: RFC 4733 or SIP INFO)', dtmfBodySchema),
      '/events': {
        get: {
          summary: 'WebSocket: JSON events',
          description:
            'Upgrade to WebSocket. Each message is {"type":"registration"|"call"|"dtmf","data":{...}}; the first message is {"type":"status","data":<status>}.',
          responses: { '101': { description: 'switching protocols' } },
        },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
  };
}
