/**
 * The event WebSocket GET /api/v1/events, on a real listening server (127.0.0.1,
 * port 0) with the `ws` client — proves:
 *  - the upgrade needs the admin login: none → 401 (with the Basic challenge), user → 403,
 *    and no socket opens;
 *  - the first message is {type: "status", data: <phone status>};
 *  - phone events arrive as {type, data}: registration, call, dtmf, in order;
 *  - two clients both get the events; a closed client's listeners are removed;
 *  - closing the server closes the open sockets (the phone can stop with clients attached).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LineStatus } from '../../../src/phone/index.js';
import { ADMIN, USER, makeTestServer, type FakePhone } from './fake-phone.js';

let app: FastifyInstance;
let phone: FakePhone;
let url: string;

beforeAll(async () => {
  ({ app, phone } = await makeTestServer());
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  url = `${address.replace(/^http/, 'ws')}/api/v1/events`;
});
afterAll(() => app.close());

/** A client that queues every JSON message it receives. */
async function connect(authorization: string): Promise<{ ws: WebSocket; next(): Promise<{ type: string; data: unknown }> }> {
  const ws = new WebSocket(url, { headers: { authorization } });
  const queue: Array<{ type: string; data: unknown }> = [];
  const waiters: Array<(m: { type: string; data: unknown }) => void> = [];
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as { type: string; data: unknown };
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r))) };
}

/** The HTTP status of a refused upgrade. */
function refusedWith(headers: Record<string, string>): Promise<{ status: number; challenge: string | undefined; opened: boolean }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    let opened = false;
    ws.on('open', () => {
      opened = true;
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'], opened });
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => resolve({ status: 0, challenge: undefined, opened }));
  });
}

const closed = (ws: WebSocket) => new Promise<void>((r) => (ws.readyState === ws.CLOSED ? r() : ws.once('close', () => r())));

describe('GET /api/v1/events (WebSocket)', () => {
  it('refuses an upgrade without the admin login', async () => {
    const anon = await refusedWith({});
    expect(anon).toEqual({ status: 401, challenge: expect.stringContaining('Basic'), opened: false });
    const user = await refusedWith({ authorization: USER });
    expect(user.status).toBe(403);
    expect(user.opened).toBe(false);
    expect(phone.events.listenerCount('call')).toBe(0);
  });

  it('sends the status first, then phone events as {type, data}', async () => {
    const client = await connect(ADMIN);
    const first = await client.next();
    expect(first.type).toBe('status');
    expect(first.data).toEqual(JSON.parse(JSON.stringify(phone.status())));

    const reg: LineStatus = { line: 1, user: '1007', server: '127.0.0.1', transport: 'udp', registered: false, state: 'failed', reason: '408 Request Timeout' };
    phone.events.emit('registration', reg);
    const call = phone.addCall();
    phone.events.emit('dtmf', { callId: call.id, digit: '5', method: 'rfc4733' });

    expect(await client.next()).toEqual({ type: 'registration', data: reg });
    expect(await client.next()).toEqual({ type: 'call', data: JSON.parse(JSON.stringify(call)) });
    expect(await client.next()).toEqual({ type: 'dtmf', data: { callId: call.id, digit: '5', method: 'rfc4733' } });
    client.ws.close();
    await closed(client.ws);
  });

  it('serves several clients and drops a closed client\'s listeners', async () => {
    const before = phone.events.listenerCount('call');
    const a = await connect(ADMIN);
    const b = await connect(ADMIN);
    await a.next();
    await b.next();
    expect(phone.events.listenerCount('call')).toBe(before + 2);
    const call = phone.addCall({ state: 'connected' });
    expect((await a.next()).data).toMatchObject({ id: call.id, state: 'connected' });
    expect((await b.next()).data).toMatchObject({ id: call.id });
    a.ws.close();
    await closed(a.ws);
    for (let i = 0; i < 50 && phone.events.listenerCount('call') !== before + 1; i++) await new Promise((r) => setImmediate(r));
    expect(phone.events.listenerCount('call')).toBe(before + 1);
    expect(phone.events.listenerCount('dtmf')).toBe(before + 1);
    b.ws.close();
    await closed(b.ws);
  });

  it('closing the server closes open sockets', async () => {
    const c = await connect(ADMIN);
    await c.next();
    await app.close();
    await closed(c.ws);
    expect(c.ws.readyState).toBe(WebSocket.CLOSED);
  });
});
