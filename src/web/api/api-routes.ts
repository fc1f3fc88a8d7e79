import { CALL_CONTROL_ROUTES } from './call-control-api.js';
import { CONFIG_ROUTES } from './config-api-routes.js';
import { FACE_ROUTES } from './face-api.js';
import { KEYS_ROUTES } from './keys-api.js';
import { KEY_LAYOUT_ROUTES } from './key-layout-api.js';
import { HISTORY_ROUTES } from './history-api.js';
import { TEXT_MESSAGE_ROUTES } from './text-messages-api.js';
import { MANAGEMENT_ROUTES } from './management-api.js';
import {
  callIdParamsSchema,
  callListSchema,
  callSchema,
  dialBodySchema,
  dialResultSchema,
  dtmfBodySchema,
  errorSchema,
  okSchema,
  rejectBodySchema,
  statusSchema,
} from './schemas.js';

/**
 * The REST API v1 route table: method, path, summary and the JSON schemas of
 * each route. api-v1.ts registers every entry with Fastify (which validates and
 * serializes with these schema objects) and openapi.ts describes every entry,
 * so a route cannot exist without being documented, nor differ from its document.
 */
export interface ApiRouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path below /api/v1 (`:id` style). */
  url: string;
  summary: string;
  description?: string;
  /** WebSocket upgrade route (documented as 101, no JSON schemas). */
  websocket?: boolean;
  /** The web user login may call it too (the handler then limits what it sees and changes). Default: admin only. */
  allowUser?: boolean;
  /** The request body is an XML document (application/xml or text/xml), taken as raw bytes up to maxBytes. */
  xmlBody?: { maxBytes: number };
  /** The 200 answer is an XML document (application/xml), not JSON: what it is. */
  xmlResponse?: string;
  schema: {
    params?: object;
    /** Query parameters (an object schema; each property is one parameter). */
    querystring?: object;
    body?: object;
    /** Keyed by HTTP status; every status the route answers with. */
    response: Record<number, object>;
  };
}

/** What the authentication hook answers on every route (RFC 7617 / RFC 9110 §15.5.4). */
const authErrors = { 401: errorSchema, 403: errorSchema } as const;
/** Answers of a route that acts on one call. */
const callErrors = { ...authErrors, 400: errorSchema, 404: errorSchema, 409: errorSchema } as const;

const callAction = (name: string, summary: string, body?: object, description?: string): ApiRouteSpec => ({
  method: 'POST',
  url: `/calls/:id/${name}`,
  summary,
  ...(description ? { description } : {}),
  schema: { params: callIdParamsSchema, ...(body ? { body } : {}), response: { 200: okSchema, ...callErrors } },
});

export const API_ROUTES = {
  status: {
    method: 'GET',
    url: '/status',
    summary: 'Phone, lines and calls',
    schema: { response: { 200: statusSchema, ...authErrors } },
  },
  listCalls: {
    method: 'GET',
    url: '/calls',
    summary: 'Calls in progress (ended calls stay listed for 30 s)',
    schema: { response: { 200: callListSchema, ...authErrors } },
  },
  dial: {
    method: 'POST',
    url: '/calls',
    summary: 'Place a call',
    description: 'Dials `to` (a number, user@host, an IP address or a sip: URI) on `line` or the first registered line.',
    schema: { body: dialBodySchema, response: { 201: dialResultSchema, ...authErrors, 400: errorSchema, 409: errorSchema } },
  },
  getCall: {
    method: 'GET',
    url: '/calls/:id',
    summary: 'One call',
    schema: { params: callIdParamsSchema, response: { 200: callSchema, ...authErrors, 400: errorSchema, 404: errorSchema } },
  },
  answer: callAction('answer', 'Answer a ringing call'),
  hangup: callAction('hangup', 'Hang up (or cancel) a call'),
  reject: callAction('reject', 'Reject a ringing call (with the given status, else "Return Code When Refuse", call.refuseCode, 486 by default)', rejectBodySchema),
  dtmf: callAction('dtmf', 'Send DTMF digits', dtmfBodySchema, 'By the line DTMF mode: RFC 4733 telephone-events or SIP INFO.'),
  hold: callAction('hold', 'Put a connected call on hold', undefined, 're-INVITE with a=sendonly (RFC 3264 §8.4); 409 when the far end refuses.'),
  resume: callAction('resume', 'Take a held call off hold', undefined, 're-INVITE with a=sendrecv; 409 when the far end refuses.'),
  events: {
    method: 'GET',
    url: '/events',
    websocket: true,
    summary: 'WebSocket: JSON events',
    description:
      'Upgrade to WebSocket. The first message is {"type":"status","data":<status>}; then each message is ' +
      '{"type":"registration"|"call"|"dtmf"|"lineFeatures"|"callFeature"|"missedCalls","data":{...}}: a line ' +
      'registration change (line status), a call state change (call), a DTMF digit received ({callId, digit, method}), ' +
      'the lines\' DND/forward/auto-answer changed ([{line, dnd, forward?, autoAnswer?}]), a feature acted on a call ' +
      '({callId, line, feature, detail}: dnd, busy, banlist, forward, call-waiting, auto-answer...), the unviewed ' +
      'missed-call count changed ({count}). Keys and services: `key` (a programmable key\'s lamp or paging state, as in ' +
      '/programmable-keys), `mwi` ({line, waiting, new, old, urgentNew, urgentOld}), `hook` (hook, pre-dial digits, ' +
      'pending hotline), `paging` ({direction: send|receive, active, address, port, group?, reason?}). Text messages: ' +
      '`textMessage` (a message received, or one sent changing state, as in /messages), `unreadTextMessages` ({count}).',
    schema: { response: { ...authErrors } },
  },
  openapi: {
    method: 'GET',
    url: '/openapi.json',
    summary: 'This document (OpenAPI 3.1)',
    schema: { response: { ...authErrors } },
  },
  ...CALL_CONTROL_ROUTES,
  ...CONFIG_ROUTES,
  ...KEYS_ROUTES,
  ...KEY_LAYOUT_ROUTES,
  ...HISTORY_ROUTES,
  ...TEXT_MESSAGE_ROUTES,
  ...MANAGEMENT_ROUTES,
  ...FACE_ROUTES,
} as const satisfies Record<string, ApiRouteSpec>;

export type ApiRouteName = keyof typeof API_ROUTES;
