/**
 * JSON schemas of the REST API v1. The route table (api-routes.ts) hands these
 * very objects to Fastify for validation and serialization, and the OpenAPI
 * document is built from the same table, so the two cannot drift apart.
 */
import { hookStatusSchema, messageWaitingSchema, pagingStatusSchema, programmableKeyListSchema, sharedLineSchema } from './keys-schemas.js';

export const lineStatusSchema = {
  type: 'object',
  required: ['line', 'user', 'server', 'registered', 'state'],
  properties: {
    line: { type: 'integer', minimum: 1 },
    user: { type: 'string' },
    server: { type: 'string' },
    transport: { type: 'string', enum: ['udp', 'tcp', 'tls'] },
    registered: { type: 'boolean' },
    state: {
      type: 'string',
      enum: ['disabled', 'peer-to-peer', 'registering', 'registered', 'unregistered', 'auth-failed', 'failed'],
    },
    reason: { type: 'string' },
    expires: { type: 'integer' },
    dnd: { type: 'boolean', description: 'the line is in DND (its own, or the phone-wide DND)' },
    forward: {
      type: 'object',
      description: 'call forwarding in force: the 302 target per condition',
      properties: {
        always: { type: 'string' },
        busy: { type: 'string' },
        noAnswer: { type: 'object', properties: { target: { type: 'string' }, afterRings: { type: 'integer' } } },
      },
    },
    autoAnswer: { type: 'string', enum: ['handsfree', 'handset', 'headset'], description: 'auto answer is on, in this mode' },
    messages: messageWaitingSchema,
    sharedLine: sharedLineSchema,
  },
} as const;

export const callSchema = {
  type: 'object',
  required: ['id', 'line', 'direction', 'remote', 'state'],
  properties: {
    id: { type: 'string' },
    line: { type: 'integer' },
    direction: { type: 'string', enum: ['incoming', 'outgoing'] },
    remote: { type: 'string' },
    remoteName: { type: 'string' },
    state: { type: 'string', enum: ['dialing', 'ringing', 'early', 'connected', 'held', 'ended'] },
    codec: { type: 'string' },
    endReason: { type: 'string' },
    startedAt: { type: 'number', description: 'epoch ms' },
    answeredAt: { type: 'number' },
    endedAt: { type: 'number' },
    conference: { type: 'array', items: { type: 'string' }, description: 'in a local conference: the ids of its calls' },
    transfer: {
      type: 'object',
      description: 'the latest transfer of this call (REFER sent or received) and how it goes',
      required: ['role', 'state', 'target'],
      properties: {
        role: { type: 'string', enum: ['transferor', 'transferee'] },
        state: { type: 'string', enum: ['trying', 'ringing', 'succeeded', 'failed'] },
        target: { type: 'string', description: 'whom the transferee calls' },
        withCall: { type: 'string', description: 'attended: the consultation call' },
        status: { type: 'integer', description: "the new call's last SIP status" },
        reason: { type: 'string' },
        newCall: { type: 'string', description: 'transferee: the call placed to the target' },
      },
    },
  },
} as const;

export const statusSchema = {
  type: 'object',
  required: ['model', 'mac', 'version', 'lines', 'calls'],
  properties: {
    model: { type: 'string', enum: ['ES320', 'ES330'] },
    mac: { type: 'string' },
    version: { type: 'string' },
    lines: { type: 'array', items: lineStatusSchema },
    calls: { type: 'array', items: callSchema },
    missedCalls: { type: 'integer', description: 'missed calls not yet viewed' },
    keys: programmableKeyListSchema,
    hook: hookStatusSchema,
    paging: pagingStatusSchema,
    unreadTextMessages: { type: 'integer', description: 'received text messages not yet read' },
  },
} as const;

export const dialBodySchema = {
  type: 'object',
  required: ['to'],
  additionalProperties: false,
  properties: {
    to: { type: 'string', minLength: 1, maxLength: 256, description: 'number, user@host, or sip: URI' },
    line: { type: 'integer', minimum: 1, maximum: 3, description: 'line to use (ES320: 1-2, ES330: 1-3); default: first registered' },
  },
} as const;

export const dtmfBodySchema = {
  type: 'object',
  required: ['digits'],
  additionalProperties: false,
  properties: { digits: { type: 'string', pattern: '^[0-9*#A-Da-d]{1,32}$' } },
} as const;

export const callListSchema = { type: 'array', items: callSchema } as const;

export const dialResultSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'call id for /calls/{id}/...' } },
} as const;

export const rejectBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { status: { type: 'integer', minimum: 400, maximum: 699 } },
} as const;

export const callIdParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

export const okSchema = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' } },
} as const;
