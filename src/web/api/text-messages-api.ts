import type { FastifyRequest } from 'fastify';
import { TEXT_MESSAGE_BODY_MAX, TEXT_MESSAGES_MAX } from '../../config/index.js';
import type { PhoneServiceCommands } from '../../phone/index.js';
import type { WebContext, WebPhone } from '../web-context.js';
import { WebError } from '../web-errors.js';
import type { ApiRouteSpec } from './api-routes.js';
import type { RouteRegistrar } from './api-v1.js';
import { numericIdParamsSchema } from './keys-schemas.js';
import { errorSchema, okSchema } from './schemas.js';

const authErrors = { 401: errorSchema, 403: errorSchema } as const;
const directionSchema = { type: 'string', enum: ['in', 'out'] } as const;

export const textMessageSchema = {
  type: 'object',
  required: ['id', 'direction', 'time', 'line', 'remoteUri', 'remoteName', 'number', 'body', 'status', 'read'],
  properties: {
    id: { type: 'integer' },
    direction: { ...directionSchema, description: 'in: received; out: sent' },
    time: { type: 'number', description: 'epoch ms' },
    line: { type: 'integer' },
    remoteUri: { type: 'string' },
    remoteName: { type: 'string' },
    number: { type: 'string', description: 'the sender (in) or the addressee (out) as the LCD shows it' },
    body: { type: 'string' },
    status: { type: 'string', description: "sent ones: 'sending', 'sent' or 'failed: <reason>'; '' for received ones" },
    read: { type: 'boolean' },
  },
} as const;

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    direction: { ...directionSchema, description: 'only received or only sent; both (newest first) when absent' },
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$', description: `at most this many (1..${TEXT_MESSAGES_MAX * 2})` },
  },
} as const;

const listSchema = {
  type: 'object',
  required: ['messages', 'unread'],
  properties: { messages: { type: 'array', items: textMessageSchema }, unread: { type: 'integer', description: 'received, not yet read' } },
} as const;

const sendBodySchema = {
  type: 'object',
  required: ['to', 'text'],
  additionalProperties: false,
  properties: {
    to: { type: 'string', minLength: 1, maxLength: 256, description: 'number, user@host, sip: URI or IP address, as dialled' },
    // characters, not bytes: the phone refuses more than TEXT_MESSAGE_BODY_MAX bytes of UTF-8 with a clear reason
    text: { type: 'string', minLength: 1, maxLength: TEXT_MESSAGE_BODY_MAX, description: `plain text, at most ${TEXT_MESSAGE_BODY_MAX} bytes of UTF-8 (RFC 3428 §8)` },
    line: { type: 'integer', minimum: 1, maximum: 3, description: 'line to send from; default: the first registered' },
  },
} as const;

const readBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 1, description: 'one message; all received ones when absent' } },
} as const;

const unreadSchema = { type: 'object', required: ['ok', 'unread'], properties: { ok: { type: 'boolean' }, unread: { type: 'integer' } } } as const;

/** Text messages (the manual's "SMS": SIP MESSAGE, RFC 3428): the phone's user reads and writes them, so the user login may too. */
export const TEXT_MESSAGE_ROUTES = {
  listTextMessages: {
    method: 'GET',
    url: '/messages',
    summary: 'Text messages received and sent (SMS, SIP MESSAGE)',
    description: `Newest first; ${TEXT_MESSAGES_MAX} of each direction are kept (the oldest go). New ones and status changes come as \`textMessage\` events.`,
    allowUser: true,
    schema: { querystring: listQuerySchema, response: { 200: listSchema, ...authErrors, 400: errorSchema } },
  },
  sendTextMessage: {
    method: 'POST',
    url: '/messages',
    summary: 'Send a text message',
    description:
      'One SIP MESSAGE (text/plain; charset UTF-8) through the line\'s server (digest auth, outbound proxy) or straight to an ' +
      'IP address. Answers when the far end or a server answered: `status` is "sent" (2xx) or "failed: <reason>".',
    allowUser: true,
    schema: { body: sendBodySchema, response: { 201: textMessageSchema, ...authErrors, 400: errorSchema, 404: errorSchema } },
  },
  readTextMessages: {
    method: 'POST',
    url: '/messages/read',
    summary: 'Mark received messages read (one, or all)',
    allowUser: true,
    schema: { body: readBodySchema, response: { 200: unreadSchema, ...authErrors, 400: errorSchema } },
  },
  deleteTextMessage: {
    method: 'DELETE',
    url: '/messages/:id',
    summary: 'Delete one text message',
    allowUser: true,
    schema: { params: numericIdParamsSchema, response: { 200: okSchema, ...authErrors, 404: errorSchema } },
  },
} as const satisfies Record<string, ApiRouteSpec>;

type TextPhone = WebPhone & Partial<PhoneServiceCommands>;

export function textMessagesApi(route: RouteRegistrar, ctx: WebContext): void {
  const phone = ctx.phone as TextPhone;
  const need = <K extends 'textMessages' | 'sendTextMessage' | 'markTextMessagesRead' | 'deleteTextMessage'>(name: K): PhoneServiceCommands[K] => {
    const fn = phone[name];
    if (typeof fn !== 'function') throw new WebError('WEB_NOT_FOUND', `this phone has no ${name}`);
    return (fn as (...a: unknown[]) => unknown).bind(phone) as PhoneServiceCommands[K];
  };
  // the phone keeps the count (its status, and the LCD, show it); no need to read the whole inbox
  const unread = (): number => phone.status().unreadTextMessages ?? 0;

  route(TEXT_MESSAGE_ROUTES.listTextMessages, async (req: FastifyRequest) => {
    const q = req.query as { direction?: 'in' | 'out'; limit?: string };
    const messages = need('textMessages')({ ...(q.direction ? { direction: q.direction } : {}), ...(q.limit ? { limit: Number(q.limit) } : {}) });
    return { messages, unread: unread() };
  });
  route(TEXT_MESSAGE_ROUTES.sendTextMessage, async (req: FastifyRequest, reply) => {
    const b = req.body as { to: string; text: string; line?: number };
    if (b.line !== undefined && b.line > phone.status().lines.length) throw new WebError('WEB_VALIDATION', `line must be <= ${phone.status().lines.length}`);
    const sent = await need('sendTextMessage')(b.to, b.text, b.line !== undefined ? { line: b.line } : {});
    return reply.code(201).send(sent);
  });
  route(TEXT_MESSAGE_ROUTES.readTextMessages, async (req: FastifyRequest) => {
    const b = req.body as { id?: number } | null | undefined;
    need('markTextMessagesRead')(b?.id);
    return { ok: true, unread: unread() };
  });
  route(TEXT_MESSAGE_ROUTES.deleteTextMessage, async (req: FastifyRequest) => {
    const id = Number((req.params as { id: string }).id);
    if (!need('deleteTextMessage')(id)) throw new WebError('WEB_NOT_FOUND', `no text message ${id}`);
    return { ok: true };
  });
}
