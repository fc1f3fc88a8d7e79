import { API_ROUTES, type ApiRouteSpec } from './api-routes.js';

const STATUS_TEXT: Record<number, string> = {
  200: 'done',
  201: 'created',
  400: 'validation error (or a phone error caused by the request, such as a bad target)',
  401: 'authentication required (HTTP Basic)',
  403: 'not allowed for this login (the API needs the administrator login, except where a route says otherwise)',
  404: 'no such call',
  409: 'not possible in the call state',
  413: 'the body is larger than the route accepts',
  415: 'wrong content type (send application/xml or text/xml)',
};

/** The content types an XML upload is accepted as. */
export const XML_CONTENT_TYPES = ['application/xml', 'text/xml'] as const;

/** `/calls/:id/answer` → `/calls/{id}/answer` (OpenAPI path templating). */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

function operation(route: ApiRouteSpec): Record<string, unknown> {
  const json = (schema: object) => ({ content: { 'application/json': { schema } } });
  const params = route.schema.params as { properties?: Record<string, object>; required?: string[] } | undefined;
  const query = route.schema.querystring as { properties?: Record<string, object>; required?: string[] } | undefined;
  const parameters = [
    ...Object.entries(params?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'path',
      required: params?.required?.includes(name) ?? false,
      schema,
    })),
    ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query?.required?.includes(name) ?? false,
      schema,
    })),
  ];
  const responses: Record<string, unknown> = {};
  if (route.websocket) responses['101'] = { description: 'switching protocols to WebSocket' };
  else if (route.xmlResponse) responses['200'] = { description: route.xmlResponse, content: { 'application/xml': { schema: { type: 'string' } } } };
  else if (!route.schema.response[200] && !route.schema.response[201]) responses['200'] = { description: 'document' };
  for (const [status, schema] of Object.entries(route.schema.response)) {
    responses[status] = { description: STATUS_TEXT[Number(status)] ?? 'response', ...json(schema) };
  }
  const body = route.schema.body as { type?: unknown } | undefined;
  const bodyOptional = Array.isArray(body?.type) && body.type.includes('null');
  const xml = route.xmlBody
    ? {
        requestBody: {
          required: true,
          description: `XML document, at most ${route.xmlBody.maxBytes} bytes`,
          content: Object.fromEntries(XML_CONTENT_TYPES.map((t) => [t, { schema: { type: 'string' } }])),
        },
      }
    : {};
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: { required: !bodyOptional, ...json(body) } } : {}),
    ...xml,
    responses,
  };
}

/**
 * The OpenAPI 3.1 description served at /api/v1/openapi.json, generated from
 * the route table: every schema in it is the object the route validates with.
 */
export function buildOpenApi(version: string, routes: readonly ApiRouteSpec[] = Object.values(API_ROUTES)): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
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
    paths,
  };
}
