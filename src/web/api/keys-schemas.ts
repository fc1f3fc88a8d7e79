/**
 * JSON schemas of the keys-and-services routes and status parts (issue #4):
 * programmable keys, message waiting, hook and pre-dial, paging, pickup, park,
 * voice mail, redial and the dial plan. Standalone (schemas.ts imports the
 * status parts from here), handed to Fastify and to the OpenAPI document as is.
 */
const line = { type: 'integer', minimum: 1, maximum: 3, description: 'line (ES320: 1-2, ES330: 1-3)' } as const;

export const messageWaitingSchema = {
  type: 'object',
  required: ['waiting', 'new', 'old'],
  description: 'Voice messages (RFC 3842 message-summary): the Message key light and counts',
  properties: {
    waiting: { type: 'boolean' },
    new: { type: 'integer' },
    old: { type: 'integer' },
    urgentNew: { type: 'integer' },
    urgentOld: { type: 'integer' },
  },
} as const;

export const sharedLineSchema = {
  type: 'object',
  required: ['number', 'lamp'],
  description: 'BLA on: the shared number and its dialog state',
  properties: { number: { type: 'string' }, lamp: { type: 'string', enum: ['idle', 'ringing', 'busy', 'unknown'] } },
} as const;

export const KEY_FUNCTIONS = ['blf', 'speed-dial-prefix', 'bla', 'dtmf', 'speed-dial', 'paging', 'park', 'intercom', 'pickup', 'broadsoft-group'] as const;

export const programmableKeySchema = {
  type: 'object',
  required: ['id', 'index', 'function', 'line', 'number', 'label'],
  properties: {
    id: { type: 'string', description: '"3" = memory key 3; "e1-5" = expansion module 1, key 5; "l2" = line key 2 set to a key function' },
    module: { type: 'integer', minimum: 1, maximum: 6 },
    lineKey: { type: 'boolean', enum: [true], description: 'a line key with a key function (manual §7 "Line Keys"); `index` is the line key' },
    index: { type: 'integer', minimum: 1 },
    function: { type: 'string', enum: KEY_FUNCTIONS },
    line: { anyOf: [{ type: 'integer' }, { type: 'string', enum: ['auto'] }] },
    number: { type: 'string' },
    label: { type: 'string' },
    lamp: { type: 'string', enum: ['idle', 'ringing', 'busy', 'unknown'], description: 'BLF/BLA: the watched extension (RFC 4235)' },
    paging: { type: 'boolean', description: 'paging keys: this key is paging now' },
  },
} as const;

export const programmableKeyListSchema = { type: 'array', items: programmableKeySchema } as const;

export const hookStatusSchema = {
  type: 'object',
  required: ['offHook'],
  properties: {
    offHook: { type: 'boolean' },
    predial: {
      type: 'object',
      required: ['digits'],
      properties: { line: { type: 'integer' }, digits: { type: 'string' } },
    },
    hotlineInMs: { type: 'integer', description: 'a delayed hotline dials in this many ms unless a key is pressed' },
  },
} as const;

const pagingGroupSchema = {
  type: 'object',
  required: ['address', 'port'],
  properties: { address: { type: 'string' }, port: { type: 'integer' }, group: { type: 'integer' }, barge: { type: 'boolean' } },
} as const;

export const pagingStatusSchema = {
  type: 'object',
  properties: { sending: pagingGroupSchema, hearing: pagingGroupSchema },
} as const;

export const keyParamsSchema = {
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: { key: { type: 'string', pattern: '^([1-9][0-9]?|e[1-6]-[1-9][0-9]?)$' } },
} as const;

export const keyPressResultSchema = {
  type: 'object',
  required: ['key', 'action'],
  properties: {
    key: { type: 'string' },
    action: { type: 'string', enum: ['dialed', 'predial', 'dtmf', 'pickup', 'parked', 'transferred', 'paging-started', 'paging-stopped'] },
    callId: { type: 'string' },
  },
} as const;

const number = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z*#+._-]+$' } as const;

export const pickupBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { target: { ...number, description: 'extension for a directed pickup; none: group pickup' }, line },
} as const;

export const parkBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { to: { ...number, description: 'park code / extension; default: the first Call Park key' } },
} as const;

export const hookBodySchema = {
  type: 'object',
  required: ['offHook'],
  additionalProperties: false,
  properties: { offHook: { type: 'boolean' }, line },
} as const;

export const hookResultSchema = {
  type: 'object',
  required: ['action', 'hook'],
  properties: {
    action: { type: 'string', enum: ['answered', 'hotline', 'dial-tone', 'none', 'hung-up'] },
    callId: { type: 'string' },
    hook: hookStatusSchema,
  },
} as const;

export const predialBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    digits: { type: 'string', pattern: '^[0-9*#]{0,64}$', description: 'keypad keys, as pressed' },
    line,
    send: { type: 'boolean', description: 'send the number now (the Send soft key)' },
    clear: { type: 'boolean', description: 'give up the number being dialled' },
  },
} as const;

export const predialResultSchema = {
  type: 'object',
  required: ['hook'],
  properties: { hook: hookStatusSchema, callId: { type: 'string', description: 'the call the keys completed' } },
} as const;

export const lineBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { line },
} as const;

export const numericIdParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,9}$' } },
} as const;

export const contactDialBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { number: { type: 'string', enum: ['office', 'mobile', 'other'], description: 'default: the first one set' } },
} as const;

const position = { type: 'integer', minimum: 0, maximum: 32 } as const;

export const dialPlanRuleSchema = {
  type: 'object',
  required: ['id', 'prefix'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1 },
    prefix: { type: 'string', pattern: '^[0-9*#+]{1,32}$' },
    ip: { type: 'string', maxLength: 64, description: 'IP[:port] of a phone to call directly' },
    insert: {
      type: 'object',
      required: ['position', 'digits'],
      additionalProperties: false,
      properties: { position, digits: { type: 'string', pattern: '^[0-9*#+]{1,32}$' } },
    },
    remove: {
      type: 'object',
      required: ['position', 'count'],
      additionalProperties: false,
      properties: { position, count: { type: 'integer', minimum: 1, maximum: 32 } },
    },
  },
} as const;

export const dialPlanSchema = { type: 'array', maxItems: 100, items: dialPlanRuleSchema } as const;
