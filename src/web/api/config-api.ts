import type { FastifyRequest } from 'fastify';
import {
  accountCount,
  exportEsceneConfig,
  exportKeys,
  exportPhonebook,
  importKeys,
  formatEsceneIssue,
  importEsceneConfig,
  importPhonebook,
  type EsceneIssue,
  type KeyLayout,
  type PhonebookKind,
  type SettingChange,
} from '../../config/index.js';
import type { PhoneServiceCommands } from '../../phone/index.js';
import { requestRole } from '../request-login.js';
import type { WebContext } from '../web-context.js';
import { WebError } from '../web-errors.js';
import type { RouteRegistrar } from './api-v1.js';
import { CONFIG_ROUTES } from './config-api-routes.js';

const XML_TYPE = 'application/xml; charset=utf-8';

function keyCounts(layout: KeyLayout, warnings: EsceneIssue[]) {
  return {
    memoryKeys: layout.memoryKeys.length,
    programKeys: layout.programKeys.length + layout.programButtons.length,
    expansionKeys: layout.expansion.reduce((n, m) => n + m.length, 0),
    warnings,
  };
}

/** The raw bytes of an XML upload; JSON or form bodies are the wrong content type. */
function xmlBody(req: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(req.body)) {
    throw new WebError('WEB_UNSUPPORTED_MEDIA', 'send the file as application/xml or text/xml');
  }
  return req.body;
}

/** 400 for a refused Escene file: every problem, each as file:line:column: where: reason. */
function refusal(errors: EsceneIssue[]) {
  return { error: 'WEB_VALIDATION', message: errors.map(formatEsceneIssue).join('\n'), errors };
}

/**
 * Handlers of the configuration routes (CONFIG_ROUTES): Escene config and
 * phonebook files in and out, settings by key. Every change goes through
 * PhoneSettings, so the phone hears it (accounts re-register at once) and the
 * answer says what waits for a restart.
 */
export function configApi(route: RouteRegistrar, ctx: WebContext): void {
  const store = ctx.config;
  const answer = (changes: SettingChange[], warnings?: EsceneIssue[]) => ({
    changed: changes,
    ...store.effectsOf(changes),
    pendingReboot: store.pendingReboot(),
    ...(warnings ? { warnings } : {}),
  });

  route(CONFIG_ROUTES.getConfig, async (_req, reply) => reply.type(XML_TYPE).send(exportEsceneConfig(store)));

  route(CONFIG_ROUTES.putConfig, async (req, reply) => {
    const result = await importEsceneConfig(store, xmlBody(req), { file: 'ESConfig.xml' });
    if (!result.ok) return reply.code(400).send(refusal(result.errors));
    return answer(result.changes, result.warnings);
  });

  route(CONFIG_ROUTES.getSettings, async (req) => store.snapshot(requestRole(req)));

  route(CONFIG_ROUTES.patchSettings, async (req, reply) => {
    const result = await store.apply(req.body as Record<string, unknown>, { role: requestRole(req) });
    if (!result.ok) {
      const forbidden = result.status === 'forbidden';
      return reply.code(forbidden ? 403 : 400).send({
        error: forbidden ? 'WEB_FORBIDDEN' : 'WEB_VALIDATION',
        message: result.errors.map((e) => e.reason).join('; '),
        errors: result.errors,
      });
    }
    return answer(result.changes);
  });

  route(CONFIG_ROUTES.settingsSchema, async (req) => store.schema(requestRole(req)));

  const phonebook = (kind: PhonebookKind, get: typeof CONFIG_ROUTES.getPhonebook, put: typeof CONFIG_ROUTES.putPhonebook) => {
    route(get, async (_req, reply) => reply.type(XML_TYPE).send(exportPhonebook(store.db, kind)));
    route(put, async (req, reply) => {
      const result = importPhonebook(store.db, xmlBody(req), { kind, accountCount: accountCount(store.model) });
      if (!result.ok) return reply.code(400).send(refusal(result.errors));
      return { groups: result.groups, contacts: result.contacts, warnings: result.warnings };
    });
  };
  route(CONFIG_ROUTES.getKeys, async (_req, reply) => reply.type(XML_TYPE).send(exportKeys(store.db, accountCount(store.model))));
  route(CONFIG_ROUTES.putKeys, async (req, reply) => {
    const result = importKeys(store.db, xmlBody(req), { accountCount: accountCount(store.model), file: 'Extern.xml' });
    if (!result.ok) return reply.code(400).send(refusal(result.errors));
    // reading the key list makes the phone re-read the layout now (BLF subscriptions follow)
    (ctx.phone as Partial<PhoneServiceCommands>).programmableKeys?.();
    return keyCounts(result.layout, result.warnings);
  });

  phonebook('personal', CONFIG_ROUTES.getPhonebook, CONFIG_ROUTES.putPhonebook);
  phonebook('enterprise', CONFIG_ROUTES.getEnterprisePhonebook, CONFIG_ROUTES.putEnterprisePhonebook);
}
