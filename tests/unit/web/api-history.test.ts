/**
 * Call history and IP Strategy routes, and the line feature fields of
 * GET /status (issue #4), with Fastify inject() over a fake phone and an
 * in-memory database. Proves:
 *  - GET /history lists one type (?type=missed) or all three newest first,
 *    with the unviewed missed count; a bad type → 400; ?limit cuts the list;
 *  - POST /history/viewed zeroes the missed count (and says so as a
 *    missedCalls event); DELETE /history?type= clears one list, without
 *    type all three;
 *  - GET/PUT /ip-strategy stores the list; a bad address → 400, nothing changed;
 *  - GET /status keeps dnd / forward / autoAnswer per line and missedCalls
 *    (the response schema would drop fields it does not declare);
 *  - the OpenAPI document lists the routes with the type query parameter.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneSettings } from '../../../src/config/index.js';
import { buildOpenApi } from '../../../src/web/index.js';
import { ADMIN, USER, makeTestServer, type FakePhone } from './fake-phone.js';

let app: FastifyInstance;
let phone: FakePhone;
let config: PhoneSettings;

beforeAll(async () => {
  ({ app, phone, config } = await makeTestServer('ES330'));
});
afterAll(() => app.close());

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, authorization = ADMIN) =>
  app.inject({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}), headers: { authorization } });

function seed(): void {
  const h = config.db.callHistory;
  h.clear();
  h.add({ type: 'dialed', time: 1000, line: 1, remoteUri: 'sip:1003@pbx', number: '1003', durationS: 12, endReason: 'local hangup' });
  h.add({ type: 'missed', time: 2000, line: 1, remoteUri: 'sip:1002@pbx', number: '1002', endReason: 'forwarded to sip:1003@pbx' });
  h.add({ type: 'received', time: 3000, line: 2, remoteUri: 'sip:1004@pbx', number: '1004', durationS: 5, endReason: 'remote hangup' });
  h.add({ type: 'missed', time: 4000, line: 1, remoteUri: 'sip:anonymous@anonymous.invalid', number: 'anonymous', endReason: 'cancelled by caller' });
}

describe('call history routes', () => {
  it('GET /history: one list, or all three newest first, with the missed count', async () => {
    seed();
    const missed = await req('GET', '/history?type=missed');
    expect(missed.statusCode).toBe(200);
    expect(missed.json()).toEqual({
      records: [
        expect.objectContaining({ type: 'missed', number: 'anonymous', time: 4000, durationS: 0 }),
        expect.objectContaining({ type: 'missed', number: '1002', endReason: 'forwarded to sip:1003@pbx' }),
      ],
      missedCalls: 2,
    });
    const all = (await req('GET', '/history')).json() as { records: Array<{ type: string }> };
    expect(all.records.map((r) => r.type)).toEqual(['missed', 'received', 'missed', 'dialed']);
    expect(((await req('GET', '/history?limit=1')).json() as { records: unknown[] }).records).toHaveLength(1);
    expect((await req('GET', '/history?type=forwarded')).statusCode).toBe(400);
    expect((await req('GET', '/history', undefined, USER)).statusCode).toBe(403);
  });

  it('POST /history/viewed zeroes the missed count and says so', async () => {
    seed();
    const counts: number[] = [];
    const off = phone.events.on('missedCalls', (m) => counts.push(m.count));
    const res = await req('POST', '/history/viewed', {});
    expect(res.json()).toEqual({ ok: true, missedCalls: 0 });
    expect(counts).toEqual([0]);
    expect(((await req('GET', '/history?type=missed')).json() as { records: unknown[] }).records).toHaveLength(2);
    off();
  });

  it('DELETE /history?type= clears one list; without type all of them', async () => {
    seed();
    expect((await req('DELETE', '/history?type=missed')).json()).toEqual({ ok: true });
    expect(config.db.callHistory.count('missed')).toBe(0);
    expect(config.db.callHistory.count('dialed')).toBe(1);
    expect((await req('DELETE', '/history')).statusCode).toBe(200);
    expect(config.db.callHistory.count('dialed') + config.db.callHistory.count('received')).toBe(0);
  });
});

describe('IP strategy routes', () => {
  it('PUT stores the list, GET reads it with the switch; a bad entry changes nothing', async () => {
    const put = await req('PUT', '/ip-strategy', { addresses: ['192.0.2.10', '198.51.100.0/24'] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ enabled: false, addresses: ['192.0.2.10', '198.51.100.0/24'] });
    config.settings.set('ipStrategy.enabled', true);
    const bad = await req('PUT', '/ip-strategy', { addresses: ['192.0.2.10', 'not-an-ip'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not-an-ip/);
    expect((await req('GET', '/ip-strategy')).json()).toEqual({ enabled: true, addresses: ['192.0.2.10', '198.51.100.0/24'] });
  });
});

describe('GET /status with line features', () => {
  it('keeps dnd, forward and autoAnswer per line and the missed count', async () => {
    phone.lines[0] = {
      ...phone.lines[0]!,
      dnd: true,
      forward: { always: 'sip:1003@pbx', noAnswer: { target: 'sip:1005@pbx', afterRings: 3 } },
      autoAnswer: 'headset',
    };
    const status = phone.status.bind(phone);
    phone.status = () => ({ ...status(), missedCalls: 4 });
    const body = (await req('GET', '/status')).json();
    expect(body.missedCalls).toBe(4);
    expect(body.lines[0]).toMatchObject({
      dnd: true,
      forward: { always: 'sip:1003@pbx', noAnswer: { target: 'sip:1005@pbx', afterRings: 3 } },
      autoAnswer: 'headset',
    });
  });

  it('the OpenAPI document has the history routes and their query parameter', () => {
    const doc = buildOpenApi('x') as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    expect(Object.keys(doc.paths['/history']!).sort()).toEqual(['delete', 'get']);
    expect(doc.paths['/history']!.get!.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'type', in: 'query' })]));
    expect(doc.paths['/history/viewed']!.post).toBeDefined();
    expect(Object.keys(doc.paths['/ip-strategy']!).sort()).toEqual(['get', 'put']);
  });
});
