/**
 * The OpenAPI document (GET /api/v1/openapi.json) — proves:
 *  - it is served (admin only) and looks like OpenAPI 3.1: info, basic security scheme,
 *    every operation with a summary and responses, every path parameter declared;
 *  - it describes exactly the routes Fastify has under /api/v1 (method and path, both ways);
 *  - the schemas in it are the very objects Fastify validates and serializes each route
 *    with (captured from request.routeOptions.schema), not copies that could drift;
 *  - the request bodies and responses of the issue are there: dial {to, line?} → 201 {id},
 *    dtmf {digits}, call {id, line, direction, remote, state, codec} with the six states.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, buildOpenApi, callSchema, openApiPath, type ApiRouteSpec } from '../../../src/web/index.js';
import { ADMIN, makeTestServer } from './fake-phone.js';

type Operation = {
  summary: string;
  parameters?: Array<{ name: string; in: string; required: boolean; schema: object }>;
  requestBody?: { required: boolean; content: { 'application/json': { schema: object } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: object } } }>;
};
type Doc = { openapi: string; info: { version: string }; paths: Record<string, Record<string, Operation>>; components: unknown; security: unknown };

let app: FastifyInstance;
/** route schema Fastify used, by "METHOD /url-pattern" */
const usedSchemas = new Map<string, unknown>();

beforeAll(async () => {
  ({ app } = await makeTestServer());
  app.addHook('onRequest', async (req) => {
    usedSchemas.set(`${req.method} ${req.routeOptions.url}`, req.routeOptions.schema);
  });
});
afterAll(() => app.close());

const routes: ApiRouteSpec[] = Object.values(API_ROUTES);

describe('OpenAPI document', () => {
  it('is served to the admin and looks like OpenAPI 3.1', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { authorization: ADMIN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const doc = res.json() as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9-test');
    expect(doc.components).toEqual({ securitySchemes: { basic: { type: 'http', scheme: 'basic' } } });
    expect(doc.security).toEqual([{ basic: [] }]);
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApi('9.9.9-test'))));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method} ${path}`;
        expect(op.summary, where).toBeTruthy();
        expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
        expect(op.responses['401'], where).toBeDefined();
        for (const r of Object.values(op.responses)) expect(r.description, where).toBeTruthy();
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const inPath = (op.parameters ?? []).filter((p) => p.in === 'path');
        expect(inPath.map((p) => p.name), where).toEqual(templated);
        for (const p of inPath) expect(p).toMatchObject({ in: 'path', required: true });
        // the rest are query parameters (e.g. GET /history?type=missed)
        for (const p of op.parameters ?? []) expect(['path', 'query'], where).toContain(p.in);
      }
    }
  });

  it('describes exactly the routes Fastify has under /api/v1', () => {
    const doc = buildOpenApi('x') as Doc;
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} /api/v1${path}`))
      .sort();
    const registered = routes.map((r) => `${r.method} /api/v1${openApiPath(r.url)}`).sort();
    expect(documented).toEqual(registered);
    for (const r of routes) {
      expect(app.hasRoute({ method: r.method, url: `/api/v1${r.url}` }), `${r.method} ${r.url}`).toBe(true);
    }
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/status',
        'GET /api/v1/calls',
        'POST /api/v1/calls',
        'GET /api/v1/calls/{id}',
        'POST /api/v1/calls/{id}/answer',
        'POST /api/v1/calls/{id}/hangup',
        'POST /api/v1/calls/{id}/reject',
        'POST /api/v1/calls/{id}/dtmf',
        'POST /api/v1/calls/{id}/hold',
        'POST /api/v1/calls/{id}/resume',
        'GET /api/v1/events',
        'GET /api/v1/openapi.json',
      ]),
    );
  });

  it('uses the very schema objects the routes validate and serialize with', async () => {
    for (const r of routes) {
      // admin: the capturing hook was added last, so it runs after the authentication hook
      await app.inject({ method: r.method, url: `/api/v1${r.url.replace(':id', 'c1')}`, headers: { authorization: ADMIN } });
    }
    const doc = buildOpenApi('x') as Doc;
    let compared = 0;
    for (const r of routes) {
      const used = usedSchemas.get(`${r.method} /api/v1${r.url}`) as ApiRouteSpec['schema'] | undefined;
      expect(used, `${r.method} ${r.url} was requested`).toBeDefined();
      expect(used, `${r.method} ${r.url}: Fastify has the table's schema`).toBe(r.schema);
      const op = doc.paths[openApiPath(r.url)]![r.method.toLowerCase()]!;
      if (used!.body) {
        expect(op.requestBody!.content['application/json'].schema).toBe(used!.body);
        compared++;
      }
      for (const [status, schema] of Object.entries(used!.response)) {
        expect(op.responses[status]!.content!['application/json'].schema, `${r.url} ${status}`).toBe(schema);
        compared++;
      }
      const params = used!.params as { properties: Record<string, object> } | undefined;
      const query = used!.querystring as { properties: Record<string, object> } | undefined;
      for (const p of op.parameters ?? []) {
        expect(p.schema).toBe((p.in === 'query' ? query : params)!.properties[p.name]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('has the issue\'s bodies and call shape', () => {
    const doc = buildOpenApi('x') as Doc;
    const dial = doc.paths['/calls']!.post!;
    expect(dial.requestBody!.required).toBe(true);
    expect(dial.requestBody!.content['application/json'].schema).toMatchObject({ required: ['to'], properties: { to: {}, line: {} } });
    expect(dial.responses['201']!.content!['application/json'].schema).toMatchObject({ required: ['id'] });
    expect(doc.paths['/calls/{id}/dtmf']!.post!.requestBody!.content['application/json'].schema).toMatchObject({ required: ['digits'] });
    expect(doc.paths['/calls/{id}/reject']!.post!.requestBody!.required).toBe(false);
    expect(doc.paths['/events']!.get!.responses['101']).toBeDefined();
    expect(Object.keys(callSchema.properties)).toEqual(expect.arrayContaining(['id', 'line', 'direction', 'remote', 'state', 'codec']));
    expect(callSchema.properties.state.enum).toEqual(['dialing', 'ringing', 'early', 'connected', 'held', 'ended']);
  });
});
