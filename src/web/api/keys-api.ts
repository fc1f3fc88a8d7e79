import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContactNumberKind, DialPlanRule, PhoneServiceCommands } from '../../phone/index.js';
import type { WebContext, WebPhone } from '../web-context.js';
import { WebError } from '../web-errors.js';
import type { ApiRouteSpec } from './api-routes.js';
import type { RouteRegistrar } from './api-v1.js';
import {
  contactDialBodySchema,
  dialPlanSchema,
  hookBodySchema,
  hookResultSchema,
  keyParamsSchema,
  keyPressResultSchema,
  lineBodySchema,
  numericIdParamsSchema,
  parkBodySchema,
  pickupBodySchema,
  predialBodySchema,
  predialResultSchema,
  programmableKeyListSchema,
} from './keys-schemas.js';
import { callIdParamsSchema, dialResultSchema, errorSchema, okSchema } from './schemas.js';

/**
 * Keys and services (issue #4): programmable keys (list, press), pickup, park,
 * the handset hook and pre-dial, the Message key, redial, dialling from the
 * call log and the phonebook, and the dial plan table. `/api/v1/keys` stays
 * free for the face's key presses (issue #5). Thin over the phone's
 * PhoneServiceCommands; a phone without them (a test double) answers 404.
 */
const authErrors = { 401: errorSchema, 403: errorSchema } as const;
const actionErrors = { ...authErrors, 400: errorSchema, 404: errorSchema, 409: errorSchema } as const;
const placed = { 201: dialResultSchema, ...actionErrors } as const;

export const KEYS_ROUTES = {
  listProgrammableKeys: {
    method: 'GET',
    url: '/programmable-keys',
    summary: 'The programmable keys with their function and lamp',
    description:
      'Memory keys ("1".."16"), expansion module keys ("e<module>-<key>") and line keys set to a key function ' +
      '("l<line key>") of the stored keys file, each with its ' +
      'function, line, number and label; BLF/BLA keys with the lamp of the watched extension (idle, ringing, busy, ' +
      'unknown while not subscribed), paging keys with whether they page now. Changes come as `key` events.',
    schema: { response: { 200: programmableKeyListSchema, ...authErrors } },
  },
  pressProgrammableKey: {
    method: 'POST',
    url: '/programmable-keys/:key/press',
    summary: 'Press a programmable key',
    description:
      'Speed dial dials; speed dial prefix opens the pre-dial with the prefix; DTMF sends its digits in the call; BLF ' +
      'picks up a ringing extension, else dials it (or transfers the call with BLF Transfer on); BLA picks up the ' +
      'shared line or seizes it; paging toggles a page; park parks the connected call (or dials the park number); ' +
      'intercom dials with auto-answer headers; pickup dials the pickup code and number.',
    schema: { params: keyParamsSchema, response: { 200: keyPressResultSchema, ...actionErrors } },
  },
  pickup: {
    method: 'POST',
    url: '/pickup',
    summary: 'Call pickup: group (pickup code) or directed (`target`)',
    description:
      'Dials `call.pickupCode` (group pickup), or the code followed by `target` (directed pickup). Without a pickup ' +
      'code, a directed pickup of an extension a BLF key sees ringing sends INVITE with Replaces to its caller (RFC 3891).',
    schema: { body: pickupBodySchema, response: placed },
  },
  park: {
    method: 'POST',
    url: '/calls/:id/park',
    summary: 'Park a connected call',
    description: 'Blind transfer (REFER) to `to`, the park code / extension (default: the first Call Park key), then BYE.',
    schema: { params: callIdParamsSchema, body: parkBodySchema, response: { 200: okSchema, ...actionErrors } },
  },
  hook: {
    method: 'POST',
    url: '/hook',
    summary: 'Lift or hang up the handset',
    description:
      'Off-hook answers a ringing call, else dials the hot number (hotline immediate) or gives a dial tone (with a ' +
      'delayed hotline that dials after `call.hotline.delay` s unless a key comes first). On-hook ends the pre-dial and ' +
      'the call in the handset.',
    schema: { body: hookBodySchema, response: { 200: hookResultSchema, ...actionErrors } },
  },
  predial: {
    method: 'POST',
    url: '/predial',
    summary: 'Keypad keys for the number being dialled',
    description:
      'Keys go into the pre-dial buffer; the send key (`dialplan.sendKey`, "#"), max digits, `send: true` or the dial ' +
      'timeout (`dialplan.timeout`) dial it (the answer has the call id when the keys completed it). `clear: true` gives up.',
    schema: { body: predialBodySchema, response: { 200: predialResultSchema, ...actionErrors } },
  },
  voicemail: {
    method: 'POST',
    url: '/voicemail',
    summary: 'The Message key: dial the voice mail',
    description: "Dials the line's voice-mail number (`account.<n>.voicemailNumber`, else `call.voicemailNumber`).",
    schema: { body: lineBodySchema, response: placed },
  },
  redial: {
    method: 'POST',
    url: '/redial',
    summary: 'Redial the last number',
    schema: { response: placed },
  },
  dialHistory: {
    method: 'POST',
    url: '/history/:id/dial',
    summary: 'Call back a call history entry',
    schema: { params: numericIdParamsSchema, response: placed },
  },
  dialContact: {
    method: 'POST',
    url: '/phonebook/contacts/:id/dial',
    summary: 'Dial a phonebook contact',
    description: 'Body `{"number": "office" | "mobile" | "other"}`; default the first one set. On the contact\'s account.',
    schema: { params: numericIdParamsSchema, body: contactDialBodySchema, response: placed },
  },
  getDialPlan: {
    method: 'GET',
    url: '/dial-plan',
    summary: 'The dial plan rules (Advance > Dial Plan)',
    description: 'Each rule: prefix, optional IP to call directly, digits to insert then delete (positions from 0).',
    schema: { response: { 200: dialPlanSchema, ...authErrors } },
  },
  putDialPlan: {
    method: 'PUT',
    url: '/dial-plan',
    summary: 'Replace the dial plan rules',
    schema: { body: dialPlanSchema, response: { 200: dialPlanSchema, ...authErrors, 400: errorSchema } },
  },
} as const satisfies Record<string, ApiRouteSpec>;

type ServicePhone = WebPhone & Partial<PhoneServiceCommands>;

export function keysApi(route: RouteRegistrar, ctx: WebContext): void {
  const phone = ctx.phone as ServicePhone;
  /** The command, or 404 on a phone without the keys-and-services commands. */
  const need = <K extends keyof PhoneServiceCommands>(name: K): PhoneServiceCommands[K] => {
    const fn = phone[name];
    if (typeof fn !== 'function') throw new WebError('WEB_NOT_FOUND', `this phone has no ${name}`);
    return (fn as (...a: unknown[]) => unknown).bind(phone) as PhoneServiceCommands[K];
  };
  const body = <T>(req: FastifyRequest): Partial<T> => (req.body ?? {}) as Partial<T>;
  const created = (reply: FastifyReply) => (r: { id: string }) => reply.code(201).send({ id: r.id });

  route(KEYS_ROUTES.listProgrammableKeys, async () => need('programmableKeys')());
  route(KEYS_ROUTES.pressProgrammableKey, async (req) => {
    const key = (req.params as { key: string }).key;
    if (!need('programmableKeys')().some((k) => k.id === key)) throw new WebError('WEB_NOT_FOUND', `no programmable key ${key}`);
    return need('pressProgrammableKey')(key);
  });
  route(KEYS_ROUTES.pickup, async (req, reply) => {
    const b = body<{ target: string; line: number }>(req);
    checkLine(phone, b.line);
    return created(reply)(await need('pickup')({ ...(b.target ? { target: b.target } : {}), ...(b.line !== undefined ? { line: b.line } : {}) }));
  });
  route(KEYS_ROUTES.park, async (req) => {
    await need('park')((req.params as { id: string }).id, body<{ to: string }>(req).to);
    return { ok: true };
  });
  route(KEYS_ROUTES.hook, async (req) => {
    const b = req.body as { offHook: boolean; line?: number };
    checkLine(phone, b.line);
    return b.offHook ? need('offHook')(b.line) : need('onHook')();
  });
  route(KEYS_ROUTES.predial, async (req) => {
    const b = body<{ digits: string; line: number; send: boolean; clear: boolean }>(req);
    checkLine(phone, b.line);
    if (b.clear) return { hook: need('clearPredial')() };
    return need('predial')(b.digits ?? '', { ...(b.line !== undefined ? { line: b.line } : {}), ...(b.send ? { send: true } : {}) });
  });
  route(KEYS_ROUTES.voicemail, async (req, reply) => {
    const b = body<{ line: number }>(req);
    checkLine(phone, b.line);
    return created(reply)(await need('dialVoicemail')(b.line));
  });
  route(KEYS_ROUTES.redial, async (_req, reply) => created(reply)(await need('redial')()));
  route(KEYS_ROUTES.dialHistory, async (req, reply) => created(reply)(await need('dialFromHistory')(Number((req.params as { id: string }).id))));
  route(KEYS_ROUTES.dialContact, async (req, reply) => {
    const which = body<{ number: ContactNumberKind }>(req).number;
    return created(reply)(await need('dialContact')(Number((req.params as { id: string }).id), which));
  });
  route(KEYS_ROUTES.getDialPlan, async () => need('dialPlan')());
  route(KEYS_ROUTES.putDialPlan, async (req) => need('setDialPlan')(req.body as DialPlanRule[]));
}

/** The schemas allow lines 1..3 (the ES330); an ES320 has two. */
function checkLine(phone: WebPhone, line: number | undefined): void {
  if (line === undefined) return;
  const { lines, model } = phone.status();
  if (line > lines.length) throw new WebError('WEB_VALIDATION', `line must be <= ${lines.length} on the ${model}`);
}
