/**
 * POST /calls/{id}/transfer and /calls/{id}/conference over a fake phone
 * (Fastify inject, admin login) — proves:
 *  - {to} (blind) and {withCall} (attended) reach phone.transfer as given and
 *    answer {ok: true}; a refused REFER is 409 WEB_CONFLICT with the reason;
 *  - {withCall} reaches phone.conference; the calls then show `conference`;
 *  - a call's `transfer` and `conference` survive the response serializer
 *    (GET /calls/{id});
 *  - validation → 400 and the phone is never called: empty body, both fields
 *    at once, unknown fields, an empty target; phone errors map as usual
 *    (PHONE_NO_SUCH_CALL 404, PHONE_BAD_STATE 409);
 *  - both routes are in the OpenAPI document.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, makeTestServer, type FakePhone } from './fake-phone.js';

let app: FastifyInstance;
let phone: FakePhone;

beforeEach(async () => {
  ({ app, phone } = await makeTestServer());
});
afterEach(() => app.close());

const post = (url: string, payload: unknown) =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization: ADMIN }, payload: payload as string });
const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: ADMIN } });

describe('transfer', () => {
  it('blind {to} and attended {withCall} reach the phone; progress shows in the call', async () => {
    const a = phone.addCall({ state: 'connected' });
    const b = phone.addCall({ state: 'held' });
    const blind = await post(`/calls/${a.id}/transfer`, { to: '1003' });
    expect(blind.statusCode).toBe(200);
    expect(blind.json()).toEqual({ ok: true });
    const attended = await post(`/calls/${b.id}/transfer`, { withCall: a.id });
    expect(attended.statusCode).toBe(200);
    expect(phone.log.filter((l) => l.cmd === 'transfer').map((l) => l.args)).toEqual([
      [a.id, { to: '1003' }],
      [b.id, { withCall: a.id }],
    ]);
    const shown = (await get(`/calls/${b.id}`)).json();
    expect(shown.transfer).toEqual({ role: 'transferor', state: 'trying', target: a.remote, withCall: a.id });
  });

  it('a refused REFER is 409 with the reason', async () => {
    const a = phone.addCall({ state: 'connected' });
    phone.reInviteAccepted = false;
    const res = await post(`/calls/${a.id}/transfer`, { to: '1003' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'WEB_CONFLICT', message: expect.stringContaining('603 Decline') });
  });

  it('validation: one of to / withCall, nothing else; the phone is not called', async () => {
    const a = phone.addCall({ state: 'connected' });
    for (const body of [{}, { to: '1003', withCall: a.id }, { to: '' }, { to: '1003', blind: true }, { withCall: 5 }]) {
      const res = await post(`/calls/${a.id}/transfer`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toBe('WEB_VALIDATION');
    }
    expect(phone.log.filter((l) => l.cmd === 'transfer')).toEqual([]);
  });

  it('phone errors: unknown call 404, wrong state 409', async () => {
    expect((await post('/calls/nope/transfer', { to: '1003' })).statusCode).toBe(404);
    const ringing = phone.addCall();
    const res = await post(`/calls/${ringing.id}/transfer`, { to: '1003' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('PHONE_BAD_STATE');
  });
});

describe('conference', () => {
  it('{withCall} joins two calls; both list the conference', async () => {
    const a = phone.addCall({ state: 'connected' });
    const b = phone.addCall({ state: 'held' });
    const res = await post(`/calls/${a.id}/conference`, { withCall: b.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const calls = (await get('/calls')).json();
    expect(calls.map((c: { conference?: string[] }) => c.conference)).toEqual([
      [a.id, b.id],
      [a.id, b.id],
    ]);
  });

  it('validation and phone errors', async () => {
    const a = phone.addCall({ state: 'connected' });
    expect((await post(`/calls/${a.id}/conference`, {})).statusCode).toBe(400);
    expect((await post(`/calls/${a.id}/conference`, { withCall: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await post(`/calls/${a.id}/conference`, { withCall: 'nope' })).statusCode).toBe(404);
    const ringing = phone.addCall();
    expect((await post(`/calls/${a.id}/conference`, { withCall: ringing.id })).statusCode).toBe(409);
  });

  it('both routes are documented in the OpenAPI file', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(doc.paths['/calls/{id}/transfer'].post.requestBody).toBeDefined();
    expect(doc.paths['/calls/{id}/conference'].post.requestBody).toBeDefined();
  });
});
