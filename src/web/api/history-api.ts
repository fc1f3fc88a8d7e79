import type { FastifyRequest } from 'fastify';
import { CALL_HISTORY_TYPES, HISTORY_MAX_PER_TYPE, type CallHistoryType, type CallRecord } from '../../config/index.js';
import { readIpStrategyList, writeIpStrategyList } from '../../phone/index.js';
import type { WebContext } from '../web-context.js';
import { WebError } from '../web-errors.js';
import type { ApiRouteSpec } from './api-routes.js';
import type { RouteRegistrar } from './api-v1.js';
import { errorSchema, okSchema } from './schemas.js';

const authErrors = { 401: errorSchema, 403: errorSchema } as const;

const historyTypeSchema = { type: 'string', enum: [...CALL_HISTORY_TYPES] } as const;

export const callRecordSchema = {
  type: 'object',
  required: ['id', 'type', 'time', 'durationS', 'line', 'remoteUri', 'remoteName', 'number', 'endReason'],
  properties: {
    id: { type: 'integer', description: 'grows with every record: a larger id is a later call' },
    type: historyTypeSchema,
    time: { type: 'number', description: 'call start, epoch ms' },
    durationS: { type: 'integer', description: 'talk time in seconds (0 when not answered)' },
    line: { type: 'integer' },
    remoteUri: { type: 'string' },
    remoteName: { type: 'string' },
    number: { type: 'string', description: 'what the LCD shows and redials' },
    endReason: { type: 'string', description: "e.g. 'remote hangup', 'cancelled by caller', 'forwarded to sip:1003@pbx'" },
  },
} as const;

const historyQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { ...historyTypeSchema, description: 'one list; all three (newest first) when absent' },
    // query values are strings: the server's Ajv does not coerce types
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$', description: `at most this many records (1..${HISTORY_MAX_PER_TYPE * 3})` },
  },
} as const;

const deleteQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { type: { ...historyTypeSchema, description: 'clear one list; all three when absent' } },
} as const;

const historyListSchema = {
  type: 'object',
  required: ['records', 'missedCalls'],
  properties: {
    records: { type: 'array', items: callRecordSchema },
    missedCalls: { type: 'integer', description: 'missed calls not yet viewed' },
  },
} as const;

const viewedBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { type: { ...historyTypeSchema, description: "default 'missed'" } },
} as const;

const missedSchema = {
  type: 'object',
  required: ['ok', 'missedCalls'],
  properties: { ok: { type: 'boolean' }, missedCalls: { type: 'integer' } },
} as const;

const ipStrategySchema = {
  type: 'object',
  required: ['enabled', 'addresses'],
  properties: {
    enabled: { type: 'boolean', description: 'the setting ipStrategy.enabled (change it through /settings)' },
    addresses: { type: 'array', items: { type: 'string' } },
  },
} as const;

const ipStrategyBodySchema = {
  type: 'object',
  required: ['addresses'],
  additionalProperties: false,
  properties: {
    addresses: {
      type: 'array',
      maxItems: 32,
      items: { type: 'string', maxLength: 64 },
      description: 'IP addresses (IPv4 or IPv6) or IPv4 ranges a.b.c.d/len allowed to call when IP Strategy is on',
    },
  },
} as const;

/**
 * Call history (manual §5 "Using Call Logs") and the IP Strategy list (manual
 * §7 "Advance > IP Strategy"), part of API_ROUTES (registered and documented
 * like every other route).
 */
export const HISTORY_ROUTES = {
  getHistory: {
    method: 'GET',
    url: '/history',
    summary: 'Call history: missed, received and dialed calls',
    description: 'Newest first, up to 200 per list. Reading does not mark missed calls viewed: POST /history/viewed does.',
    schema: { querystring: historyQuerySchema, response: { 200: historyListSchema, ...authErrors, 400: errorSchema } },
  },
  deleteHistory: {
    method: 'DELETE',
    url: '/history',
    summary: 'Clear the call history (one list, or all three)',
    schema: { querystring: deleteQuerySchema, response: { 200: okSchema, ...authErrors, 400: errorSchema } },
  },
  historyViewed: {
    method: 'POST',
    url: '/history/viewed',
    summary: 'Mark a list viewed (the missed-call count goes to 0)',
    schema: { body: viewedBodySchema, response: { 200: missedSchema, ...authErrors, 400: errorSchema } },
  },
  getIpStrategy: {
    method: 'GET',
    url: '/ip-strategy',
    summary: 'IP Strategy: the addresses allowed to call directly',
    schema: { response: { 200: ipStrategySchema, ...authErrors } },
  },
  putIpStrategy: {
    method: 'PUT',
    url: '/ip-strategy',
    summary: 'Replace the IP Strategy list',
    description: "Calls from our lines' SIP servers are always accepted; the list guards direct calls. 400 (nothing changed) when an entry is not an address.",
    schema: { body: ipStrategyBodySchema, response: { 200: ipStrategySchema, ...authErrors, 400: errorSchema } },
  },
} as const satisfies Record<string, ApiRouteSpec>;

export function historyApi(route: RouteRegistrar, ctx: WebContext): void {
  const db = ctx.config.db;
  const history = db.callHistory;
  const missedNow = (): number => {
    const count = history.unviewedCount('missed');
    ctx.phone.events.emit('missedCalls', { count });
    return count;
  };

  route(HISTORY_ROUTES.getHistory, async (req: FastifyRequest) => {
    const q = req.query as { type?: CallHistoryType; limit?: string };
    const limit = Math.min(Number(q.limit ?? HISTORY_MAX_PER_TYPE * 3), HISTORY_MAX_PER_TYPE * 3);
    const types = q.type ? [q.type] : CALL_HISTORY_TYPES;
    const records: CallRecord[] = types.flatMap((t) => history.list(t, Math.min(limit, HISTORY_MAX_PER_TYPE)));
    records.sort((a, b) => b.id - a.id);
    return { records: records.slice(0, limit), missedCalls: history.unviewedCount('missed') };
  });

  route(HISTORY_ROUTES.deleteHistory, async (req: FastifyRequest) => {
    const q = req.query as { type?: CallHistoryType };
    history.clear(q.type);
    missedNow();
    return { ok: true };
  });

  route(HISTORY_ROUTES.historyViewed, async (req: FastifyRequest) => {
    const body = req.body as { type?: CallHistoryType } | null | undefined;
    history.markViewed(body?.type ?? 'missed');
    return { ok: true, missedCalls: missedNow() };
  });

  const ipStrategy = () => ({ enabled: ctx.config.settings.get('ipStrategy.enabled') === true, addresses: readIpStrategyList(db) });
  route(HISTORY_ROUTES.getIpStrategy, async () => ipStrategy());
  route(HISTORY_ROUTES.putIpStrategy, async (req: FastifyRequest) => {
    const written = writeIpStrategyList(db, (req.body as { addresses: string[] }).addresses);
    if (!written.ok) throw new WebError('WEB_VALIDATION', written.reason);
    return ipStrategy();
  });
}
