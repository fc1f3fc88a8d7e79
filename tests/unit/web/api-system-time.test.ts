/**
 * Proves that GET /api/v1/system-info reports the phone's clock (issue #5
 * "TIME"): its source, offset to the host, local time and zone, as PhoneTime
 * says, through the route's response schema (fields it does not declare are
 * dropped, so each one asserted here is declared); absent without a clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TypedEvents, VirtualClock, nullLogger } from '../../../src/base/index.js';
import { PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import type { PhoneTimeStatus, PhoneTimeView } from '../../../src/phone/index.js';
import { createWebServer } from '../../../src/web/index.js';
import { ADMIN, FakePhone } from './fake-phone.js';

const STATUS: PhoneTimeStatus = {
  source: 'sntp',
  offsetMs: 3_600_012,
  utc: '2026-07-01T10:30:00.000Z',
  local: '2026-07-01 12:30:00',
  utcOffsetMinutes: 120,
  zone: 13,
  zoneName: 'Berlin',
  ianaZone: 'Europe/Berlin',
  server: '127.0.0.1:1123',
  roundTripMs: 3,
  stratum: 2,
  syncedAt: '2026-07-01T09:30:00.000Z',
};

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(time?: PhoneTimeView): Promise<FastifyInstance> {
  const accounts = await WebAccounts.open(undefined);
  const config = await PhoneSettings.open({ model: 'ES330', accounts });
  app = await createWebServer({ phone: new FakePhone('ES330'), accounts, config, clock: new VirtualClock(), logger: nullLogger, version: 't', ...(time ? { time } : {}) });
  app.addHook('onClose', async () => config.close());
  return app;
}

describe('GET /api/v1/system-info: time', () => {
  it('shows the source, the offset, the local time and the zone', async () => {
    const view: PhoneTimeView = { wallTime: () => 0, status: () => STATUS, events: new TypedEvents<{ change: [PhoneTimeStatus] }>() };
    const res = await (await serve(view)).inject({ method: 'GET', url: '/api/v1/system-info', headers: { authorization: ADMIN } });
    expect(res.statusCode).toBe(200);
    expect(res.json().time).toEqual(STATUS);
  });

  it('says nothing about time when the phone has no clock of its own', async () => {
    const res = await (await serve()).inject({ method: 'GET', url: '/api/v1/system-info', headers: { authorization: ADMIN } });
    expect(res.json()).not.toHaveProperty('time');
  });
});
