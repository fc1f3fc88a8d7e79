/**
 * REST API v1 routes over a fake phone (Fastify inject, admin login) — proves:
 *  - GET /status and /calls return the phone's view in the documented shape;
 *    GET /calls/{id} returns one call, 404 PHONE_NO_SUCH_CALL for an unknown id;
 *  - POST /calls {to, line?} → 201 {id} and reaches phone.dial with the line;
 *  - answer / hangup / reject (default and given status) / dtmf / hold / resume
 *    reach the phone's command and answer {ok: true};
 *  - validation → 400 WEB_VALIDATION with a JSON message, the phone never called:
 *    missing `to`, unknown fields, `line` as a string, line 0 / 4, line 3 on an ES320,
 *    bad DTMF digits (letters, too many, empty), reject status outside 400-699,
 *    an over-long call id, a body that is not JSON;
 *  - phone errors keep their code and map to HTTP: PHONE_NO_SUCH_CALL 404,
 *    PHONE_BAD_STATE 409, PHONE_BAD_TARGET 400, PHONE_NO_SUCH_LINE 400,
 *    PHONE_LINE_BUSY 409; a refused hold 409; an unexpected error 500 without detail.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhoneError } from '../../../src/phone/index.js';
import { ADMIN, makeTestServer, type FakePhone } from './fake-phone.js';

let app: FastifyInstance;
let phone: FakePhone;

beforeEach(async () => {
  ({ app, phone } = await makeTestServer());
});
afterEach(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: ADMIN } });
const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { authorization: ADMIN, ...headers },
    ...(payload !== undefined ? { payload: payload as string } : {}),
  });

describe('reading', () => {
  it('GET /status: model, mac, version, lines and calls', async () => {
    const call = phone.addCall();
    const res = await get('/status');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ model: 'ES330', mac: '02005e000001', version: 'test' });
    expect(body.lines).toHaveLength(3);
    expect(body.lines[0]).toEqual({ line: 1, user: '1007', server: '127.0.0.1', transport: 'udp', registered: true, state: 'registered', expires: 3600 });
    expect(body.calls).toEqual([{ id: call.id, line: 1, direction: 'incoming', remote: 'sip:1008@127.0.0.1', state: 'ringing', startedAt: call.startedAt }]);
  });

  it('GET /calls and GET /calls/{id}', async () => {
    expect((await get('/calls')).json()).toEqual([]);
    const a = phone.addCall();
    const b = phone.addCall({ direction: 'outgoing', state: 'connected', codec: 'G722', line: 2 });
    expect((await get('/calls')).json().map((c: { id: string }) => c.id)).toEqual([a.id, b.id]);
    const one = await get(`/calls/${b.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: b.id, line: 2, direction: 'outgoing', state: 'connected', codec: 'G722' });
    const none = await get('/calls/nope');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual({ error: 'PHONE_NO_SUCH_CALL', message: 'no call nope' });
  });

  it('serializes only documented fields (response schema)', async () => {
    phone.addCall({ secret: 'x' } as never);
    const [call] = (await get('/calls')).json();
    expect(call.secret).toBeUndefined();
  });
});

describe('commands', () => {
  it('POST /calls dials and answers 201 {id}', async () => {
    const res = await post('/calls', { to: '1008', line: 2 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: 'c1' });
    expect(phone.log).toEqual([{ cmd: 'dial', args: ['1008', { line: 2 }] }]);
    await post('/calls', { to: 'sip:1009@127.0.0.1' });
    expect(phone.log[1]).toEqual({ cmd: 'dial', args: ['sip:1009@127.0.0.1', {}] });
  });

  it('answer, dtmf, hold, resume, hangup', async () => {
    const call = phone.addCall();
    for (const [action, body, cmd, args] of [
      ['answer', undefined, 'answer', [call.id]],
      ['dtmf', { digits: '159#*ABCD' }, 'sendDtmf', [call.id, '159#*ABCD']],
      ['hold', undefined, 'hold', [call.id]],
      ['resume', undefined, 'resume', [call.id]],
      ['hangup', undefined, 'hangup', [call.id]],
    ] as const) {
      const res = await post(`/calls/${call.id}/${action}`, body);
      expect(res.statusCode, action).toBe(200);
      expect(res.json()).toEqual({ ok: true });
      expect(phone.log.at(-1)).toEqual({ cmd, args });
    }
    expect(phone.callMap.get(call.id)!.state).toBe('ended');
  });

  it('reject: 486 by default, or the given status; no body, null or {} all accepted', async () => {
    const a = phone.addCall();
    expect((await post(`/calls/${a.id}/reject`)).statusCode).toBe(200);
    expect(phone.log.at(-1)).toEqual({ cmd: 'reject', args: [a.id, undefined] });
    const b = phone.addCall();
    expect((await post(`/calls/${b.id}/reject`, { status: 603 })).statusCode).toBe(200);
    expect(phone.log.at(-1)).toEqual({ cmd: 'reject', args: [b.id, 603] });
    const c = phone.addCall();
    expect((await post(`/calls/${c.id}/reject`, 'null', { 'content-type': 'application/json' })).statusCode).toBe(200);
    const d = phone.addCall();
    expect((await post(`/calls/${d.id}/reject`, {})).statusCode).toBe(200);
  });
});

describe('validation errors: 400 with a JSON error, the phone not called', () => {
  it.each([
    ['missing to', '/calls', { line: 1 }, /required property 'to'/],
    ['empty to', '/calls', { to: '' }, /to/],
    ['unknown field', '/calls', { to: '1008', speaker: true }, /additional properties/],
    ['line as a string', '/calls', { to: '1008', line: '2' }, /line must be integer/],
    ['line 0', '/calls', { to: '1008', line: 0 }, /line must be >= 1/],
    ['line 4', '/calls', { to: '1008', line: 4 }, /line must be <= 3/],
    ['to as a number', '/calls', { to: 1008 }, /to must be string/],
    ['digits with letters', '/calls/c1/dtmf', { digits: '12x' }, /pattern/],
    ['33 digits', '/calls/c1/dtmf', { digits: '1'.repeat(33) }, /pattern/],
    ['empty digits', '/calls/c1/dtmf', { digits: '' }, /pattern/],
    ['no digits', '/calls/c1/dtmf', {}, /required property 'digits'/],
    ['dtmf extra field', '/calls/c1/dtmf', { digits: '1', duration: 100 }, /additional properties/],
    ['reject status 200', '/calls/c1/reject', { status: 200 }, /status must be >= 400/],
    ['reject status 700', '/calls/c1/reject', { status: 700 }, /status must be <= 699/],
    ['over-long call id', `/calls/${'x'.repeat(65)}/answer`, undefined, /id must NOT have more than 64/],
  ])('%s', async (_what, url, body, message) => {
    phone.addCall({ state: 'connected' });
    const res = await post(url, body);
    expect(res.statusCode).toBe(400);
    const json = res.json();
    expect(json.error).toBe('WEB_VALIDATION');
    expect(json.message).toMatch(message);
    expect(phone.log).toEqual([]);
  });

  it('line 3 on an ES320 (two lines)', async () => {
    await app.close();
    ({ app, phone } = await makeTestServer('ES320'));
    const res = await post('/calls', { to: '1008', line: 3 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'WEB_VALIDATION', message: 'body/line must be <= 2 on the ES320' });
    expect(phone.log).toEqual([]);
    expect((await post('/calls', { to: '1008', line: 2 })).statusCode).toBe(201);
  });

  it('a body that is not JSON, or no body where one is required', async () => {
    const bad = await post('/calls', '{"to":', { 'content-type': 'application/json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^WEB_/);
    const none = await post('/calls');
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toBe('WEB_VALIDATION');
    expect(phone.log).toEqual([]);
  });
});

describe('phone errors keep their code and map to HTTP', () => {
  it.each([
    ['PHONE_NO_SUCH_CALL', 404],
    ['PHONE_BAD_STATE', 409],
    ['PHONE_BAD_TARGET', 400],
    ['PHONE_NO_SUCH_LINE', 400],
    ['PHONE_LINE_BUSY', 409],
    ['PHONE_BAD_DIGITS', 400],
  ] as const)('%s → %i', async (code, status) => {
    phone.failNext = new PhoneError(code, `because ${code}`);
    const res = await post('/calls', { to: '1008' });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: code, message: `because ${code}` });
  });

  it('from the real command paths: unknown call 404, wrong state 409', async () => {
    expect((await post('/calls/zz/answer')).statusCode).toBe(404);
    expect((await post('/calls/zz/dtmf', { digits: '1' })).json().error).toBe('PHONE_NO_SUCH_CALL');
    const ringing = phone.addCall();
    const dtmf = await post(`/calls/${ringing.id}/dtmf`, { digits: '1' });
    expect(dtmf.statusCode).toBe(409);
    expect(dtmf.json().error).toBe('PHONE_BAD_STATE');
    expect((await post(`/calls/${ringing.id}/resume`)).statusCode).toBe(409);
    const out = phone.addCall({ direction: 'outgoing', state: 'dialing' });
    expect((await post(`/calls/${out.id}/answer`)).statusCode).toBe(409);
  });

  it('a hold the far end refuses is 409', async () => {
    const call = phone.addCall({ state: 'connected' });
    phone.reInviteAccepted = false;
    const res = await post(`/calls/${call.id}/hold`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('WEB_CONFLICT');
    expect(phone.callMap.get(call.id)!.state).toBe('connected');
  });

  it('an unexpected error is a 500 that does not leak its message', async () => {
    phone.failNext = new Error('secret internals');
    const res = await post('/calls', { to: '1008' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'WEB_INTERNAL', message: 'internal error' });
  });
});
