import type { FastifyReply } from 'fastify';
import {
  accountCount,
  editKey,
  expansionModuleCount,
  keyLayout,
  keyLayoutView,
  saveKeyLayoutView,
  type KeyEditOutcome,
  type KeyGroup,
  type KeyLayoutView,
  type KeyLimits,
  type KeyPatch,
} from '../../config/index.js';
import type { PhoneServiceCommands } from '../../phone/index.js';
import type { WebContext } from '../web-context.js';
import type { ApiRouteSpec } from './api-routes.js';
import type { RouteRegistrar } from './api-v1.js';
import { settingsErrorSchema } from './config-schemas.js';
import { keyAtParamsSchema, keyLayoutBodySchema, keyLayoutSchema, keyPatchSchema, type KeyLayoutAnswer } from './key-layout-schemas.js';
import { sendFieldErrors } from './management-deps.js';
import { errorSchema } from './schemas.js';

/**
 * The programmable-keys layout as the management pages edit it (manual §7
 * "Programmable Keys" and "Expansion Module"): read, replace whole, change or
 * clear one key. Stored as the keys file (config keys-store), so the Escene
 * download carries the edits; the phone re-reads it at once (its key list is
 * asked for after every write, which reloads it and re-subscribes BLF lamps).
 * Administrator only, like the pages.
 */
const authErrors = { 401: errorSchema, 403: errorSchema } as const;
const editAnswers = { 200: keyLayoutSchema, ...authErrors, 400: settingsErrorSchema } as const;

export const KEY_LAYOUT_ROUTES = {
  getKeyLayout: {
    method: 'GET',
    url: '/programmable-keys/layout',
    summary: 'The programmable keys as set: memory, line, function, soft keys and expansion modules',
    description:
      'Memory keys (index 1-16), line keys set to another function (1-3), function keys (ProgramKey id 0-17: idle soft ' +
      'keys 1-4, Up, Down, Left, Right, OK, Conference, Redial, Transfer, Hold, Service, Directories, Menu, Mute, Message), ' +
      'soft keys per call state (0-11) and expansion modules 1-6 of 32 keys (ES330). Keys not listed are unset. ' +
      'Lamps and paging state are in GET /programmable-keys.',
    schema: { response: { 200: keyLayoutSchema, ...authErrors } },
  },
  putKeyLayout: {
    method: 'PUT',
    url: '/programmable-keys/layout',
    summary: 'Replace the whole programmable-keys layout',
    description:
      'All or nothing: 400 lists every refused field as `<group>.<index>.<field>` (memory.3.number) with its reason. ' +
      'BLF subscriptions and the face follow at once.',
    schema: { body: keyLayoutBodySchema, response: editAnswers },
  },
  patchKey: {
    method: 'PATCH',
    url: '/programmable-keys/layout/:group/:index',
    summary: 'Change one key (type, account, number, label; soft keys: values)',
    description:
      'group: memory, line, function, soft, expansion1..expansion6; index as in the layout. The fields given replace the ' +
      'stored ones; a key not set yet needs its type. The answer is the whole layout.',
    schema: { params: keyAtParamsSchema, body: keyPatchSchema, response: editAnswers },
  },
  clearKey: {
    method: 'DELETE',
    url: '/programmable-keys/layout/:group/:index',
    summary: 'Clear one key (a line key selects its line again, a function key does its own job)',
    schema: { params: keyAtParamsSchema, response: editAnswers },
  },
} as const satisfies Record<string, ApiRouteSpec>;

export function keyLayoutApi(route: RouteRegistrar, ctx: WebContext): void {
  const store = ctx.config;
  const limits: KeyLimits = { accountCount: accountCount(store.model), expansionModules: expansionModuleCount(store.model) };
  const answer = (view: KeyLayoutView): KeyLayoutAnswer => ({
    model: store.model,
    accounts: limits.accountCount,
    expansionModules: limits.expansionModules,
    installedModules: store.registry.find('expansion.modules') ? Number(store.settings.get('expansion.modules')) : 0,
    ...view,
    expansion: Array.from({ length: 6 }, (_, i) => view.expansion[i] ?? []),
  });
  /** The phone re-reads the keys file when asked for its keys: lamps and the face follow now, not at the next poll. */
  const applied = (reply: FastifyReply, outcome: KeyEditOutcome) => {
    if (!outcome.ok) return sendFieldErrors(reply, outcome.errors);
    (ctx.phone as Partial<PhoneServiceCommands>).programmableKeys?.();
    return answer(outcome.view);
  };
  const at = (params: unknown) => {
    const p = params as { group: KeyGroup; index: string };
    return { group: p.group, index: Number(p.index) };
  };

  route(KEY_LAYOUT_ROUTES.getKeyLayout, async () => answer(keyLayoutView(keyLayout(store.db, limits.accountCount))));
  route(KEY_LAYOUT_ROUTES.putKeyLayout, async (req, reply) => {
    const body = req.body as KeyLayoutView;
    const view: KeyLayoutView = { ...body, expansion: body.expansion.map((m) => m ?? []) };
    return applied(reply, saveKeyLayoutView(store.db, view, limits));
  });
  route(KEY_LAYOUT_ROUTES.patchKey, async (req, reply) => applied(reply, editKey(store.db, at(req.params), req.body as KeyPatch, limits)));
  route(KEY_LAYOUT_ROUTES.clearKey, async (req, reply) => applied(reply, editKey(store.db, at(req.params), null, limits)));
}
