import { networkInterfaces } from 'node:os';
import { formatLogLine } from '../log-buffer.js';
import { requestIdentity } from '../session/index.js';
import type { ApiRouteSpec } from './api-routes.js';
import type { RouteRegistrar } from './api-v1.js';
import type { ManagementDeps } from './management-deps.js';
import { errorSchema, okSchema } from './schemas.js';

const authErrors = { 401: errorSchema, 403: errorSchema } as const;

const systemInfoSchema = {
  type: 'object',
  required: ['model', 'version', 'mac', 'uptimeSeconds', 'lines', 'addresses'],
  properties: {
    model: { type: 'string' },
    version: { type: 'string' },
    mac: { type: 'string' },
    uptimeSeconds: { type: 'integer' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['line', 'state', 'registered'],
        properties: {
          line: { type: 'integer' },
          label: { type: 'string' },
          user: { type: 'string' },
          server: { type: 'string' },
          transport: { type: 'string' },
          state: { type: 'string' },
          registered: { type: 'boolean' },
          reason: { type: 'string' },
        },
      },
    },
    addresses: {
      type: 'array',
      description: "the host's network addresses (the host OS owns the network)",
      items: { type: 'object', properties: { interface: { type: 'string' }, family: { type: 'string' }, address: { type: 'string' } } },
    },
    calls: { type: 'integer', description: 'calls in progress' },
    time: {
      type: 'object',
      description: "the phone's clock (manual §4 Time & Date): host time plus the offset of its source",
      required: ['source', 'offsetMs', 'utc', 'local', 'utcOffsetMinutes', 'zone'],
      properties: {
        source: { type: 'string', enum: ['sntp', 'sip-server', 'manual', 'host'] },
        offsetMs: { type: 'integer', description: 'phone time minus host time' },
        utc: { type: 'string' },
        local: { type: 'string', description: 'local time in the phone zone, YYYY-MM-DD HH:MM:SS' },
        utcOffsetMinutes: { type: 'integer', description: 'zone and DST in force' },
        zone: { type: 'integer', description: 'Escene time-zone code (time.zone)' },
        zoneName: { type: 'string' },
        ianaZone: { type: 'string' },
        server: { type: 'string', description: 'the SNTP server that answered' },
        roundTripMs: { type: 'integer' },
        stratum: { type: 'integer' },
        syncedAt: { type: 'string' },
        reason: { type: 'string', description: 'why the host time is used, or the last SNTP failure' },
      },
    },
  },
} as const;

const logSchema = {
  type: 'object',
  required: ['kept', 'records'],
  properties: {
    kept: { type: 'boolean', description: 'false: this phone was started without a log buffer' },
    capacity: { type: 'integer' },
    dropped: { type: 'integer', description: 'older records let go' },
    records: {
      type: 'array',
      items: {
        type: 'object',
        required: ['time', 'level', 'msg'],
        properties: { time: { type: 'number' }, level: { type: 'string' }, msg: { type: 'string' }, fields: { type: 'object', additionalProperties: true } },
      },
    },
  },
} as const;

const factoryResetSchema = {
  type: 'object',
  required: ['ok', 'removed'],
  properties: {
    ok: { type: 'boolean' },
    removed: {
      type: 'object',
      properties: Object.fromEntries(['settings', 'contacts', 'groups', 'enterprise', 'banlist', 'callHistory', 'keptTexts'].map((k) => [k, { type: 'integer' }])),
    },
  },
} as const;

const emptyBody = { type: ['object', 'null'], additionalProperties: false, properties: {} } as const;

export const MAINTENANCE_ROUTES = {
  systemInfo: {
    method: 'GET',
    url: '/system-info',
    summary: 'Phone Status and About: model, software version, MAC, uptime, line registrations, host addresses',
    allowUser: true,
    schema: { response: { 200: systemInfoSchema, ...authErrors } },
  },
  getLog: {
    method: 'GET',
    url: '/log',
    summary: 'The latest log records (Phone Maintenance > Log)',
    schema: { response: { 200: logSchema, ...authErrors } },
  },
  downloadLog: {
    method: 'GET',
    url: '/log/download',
    summary: 'The latest log records as a text file (sayhi.log)',
    schema: { response: { ...authErrors } },
  },
  clearLog: {
    method: 'DELETE',
    url: '/log',
    summary: 'Forget the kept log records',
    schema: { response: { 200: okSchema, ...authErrors } },
  },
  factoryReset: {
    method: 'POST',
    url: '/maintenance/factory-reset',
    summary: 'Reset to Factory Setting (manual §7 Default Setting)',
    description:
      'Every setting back to its default, phonebooks, banlist, call history and keys deleted, web logins back to root/root ' +
      'and user/user. Every browser session ends. Lines re-register as the defaults say (none).',
    schema: { body: emptyBody, response: { 200: factoryResetSchema, ...authErrors } },
  },
  reboot: {
    method: 'POST',
    url: '/maintenance/reboot',
    summary: 'Reboot the phone (manual §7 Reboot): settings that wait for a restart take effect',
    schema: { body: emptyBody, response: { 200: okSchema, ...authErrors, 501: errorSchema } },
  },
} as const satisfies Record<string, ApiRouteSpec>;

/** Handlers of MAINTENANCE_ROUTES. */
export function maintenanceApi(route: RouteRegistrar, deps: ManagementDeps): void {
  const { ctx } = deps;

  route(MAINTENANCE_ROUTES.systemInfo, async (req) => {
    const status = ctx.phone.status();
    const admin = requestIdentity(req)?.role === 'admin';
    const addresses = Object.entries(networkInterfaces()).flatMap(([name, list]) =>
      (list ?? []).filter((a) => !a.internal).map((a) => ({ interface: name, family: a.family, address: a.address })),
    );
    return {
      model: status.model,
      version: status.version,
      mac: status.mac,
      uptimeSeconds: Math.floor((ctx.clock.now() - deps.startedAt) / 1000),
      lines: status.lines.map((l) => ({
        line: l.line,
        label: String(ctx.config.settings.get(`account.${l.line}.label`) ?? ''),
        state: l.state,
        registered: l.registered,
        ...(admin ? { user: l.user, server: l.server, ...(l.transport ? { transport: l.transport } : {}) } : {}),
        ...(l.reason ? { reason: l.reason } : {}),
      })),
      addresses: admin ? addresses : [],
      calls: status.calls.filter((c) => c.state !== 'ended').length,
      ...(ctx.time ? { time: ctx.time.status() } : {}),
    };
  });

  route(MAINTENANCE_ROUTES.getLog, async () => {
    const log = deps.log;
    if (!log) return { kept: false, records: [] };
    return { kept: true, capacity: log.capacity, dropped: log.droppedCount, records: log.records() };
  });

  route(MAINTENANCE_ROUTES.downloadLog, async (_req, reply) => {
    const text = deps.log ? deps.log.records().map(formatLogLine).join('') : '';
    return reply.type('text/plain; charset=utf-8').header('Content-Disposition', 'attachment; filename="sayhi.log"').send(text);
  });

  route(MAINTENANCE_ROUTES.clearLog, async () => (deps.log?.clear(), { ok: true }));

  route(MAINTENANCE_ROUTES.factoryReset, async (req) => {
    const who = requestIdentity(req);
    const removed = await ctx.config.factoryReset();
    deps.auth.sessions.destroyAll();
    ctx.logger.warn('factory reset from the web page', { by: who?.username ?? '?' });
    return { ok: true, removed };
  });

  route(MAINTENANCE_ROUTES.reboot, async (_req, reply) => {
    const reboot = deps.reboot;
    if (!reboot) return reply.code(501).send({ error: 'WEB_NOT_AVAILABLE', message: 'this phone was started without a reboot handler' });
    ctx.logger.warn('reboot from the web page');
    // answer first: the restart closes this very server
    reply.raw.once('finish', () => void reboot().catch((err: unknown) => ctx.logger.error('reboot failed', { error: String(err) })));
    return { ok: true };
  });
}
