import type { FastifyRequest } from 'fastify';
import type { TransferRequest } from '../../phone/index.js';
import type { WebContext } from '../web-context.js';
import { WebError } from '../web-errors.js';
import type { ApiRouteSpec } from './api-routes.js';
import type { RouteRegistrar } from './api-v1.js';
import { callIdParamsSchema, errorSchema, okSchema } from './schemas.js';

/**
 * Transfer and conference (issue #4, manual §4 "Transferring Calls" and
 * "3-way Conference"): the route table entries and their handlers, thin over
 * Phone.transfer / Phone.conference. Progress and membership are in the call
 * itself (`transfer`, `conference`), so they arrive as `call` events.
 */
const callErrors = { 401: errorSchema, 403: errorSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema } as const;

const callIdProperty = { type: 'string', minLength: 1, maxLength: 64 } as const;

export const transferBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    to: { type: 'string', minLength: 1, maxLength: 256, description: 'blind transfer: number, user@host or sip: URI' },
    withCall: { ...callIdProperty, description: 'attended transfer: the call whose party the call is transferred to (consultation or held line)' },
  },
} as const;

export const conferenceBodySchema = {
  type: 'object',
  required: ['withCall'],
  additionalProperties: false,
  properties: { withCall: { ...callIdProperty, description: 'the other call to join (held calls are resumed)' } },
} as const;

export const CALL_CONTROL_ROUTES = {
  transfer: {
    method: 'POST',
    url: '/calls/:id/transfer',
    summary: 'Transfer a call (REFER)',
    description:
      'Body `{"to": "1003"}`: blind transfer (RFC 5589 §6). Body `{"withCall": "<call id>"}`: attended transfer to that ' +
      "call's party, a consultation call or a held line (REFER with Replaces, RFC 5589 §7). A connected call is held " +
      'first. 200 once the far end accepted the REFER; progress follows in the call\'s `transfer` (trying, ringing, ' +
      'succeeded, failed) as `call` events, and on success the call ends. 409 when the far end refused the REFER.',
    schema: { params: callIdParamsSchema, body: transferBodySchema, response: { 200: okSchema, ...callErrors } },
  },
  conference: {
    method: 'POST',
    url: '/calls/:id/conference',
    summary: 'Join two calls into a local 3-way conference',
    description:
      'Body `{"withCall": "<call id>"}`. Both calls must be connected or held (held ones are resumed); other calls are ' +
      "held. The phone mixes the audio (16 kHz, each party hears the other two). Each call's `conference` lists the " +
      'calls in it. Hanging up a conference call ends the conference by the `call.conferenceExit` setting: end-all, or ' +
      'keep-others (the two parties are connected to each other by transfer).',
    schema: { params: callIdParamsSchema, body: conferenceBodySchema, response: { 200: okSchema, ...callErrors } },
  },
} as const satisfies Record<string, ApiRouteSpec>;

export function callControlApi(route: RouteRegistrar, ctx: WebContext): void {
  const { phone } = ctx;
  const callId = (req: FastifyRequest) => (req.params as { id: string }).id;
  route(CALL_CONTROL_ROUTES.transfer, async (req) => {
    const result = await phone.transfer(callId(req), req.body as TransferRequest);
    if (!result.ok) throw new WebError('WEB_CONFLICT', `the far end refused the transfer (${result.reason})`);
    return { ok: true };
  });
  route(CALL_CONTROL_ROUTES.conference, async (req) => {
    await phone.conference(callId(req), (req.body as { withCall: string }).withCall);
    return { ok: true };
  });
}
