import type { FastifyRequest } from 'fastify';
import { BANLIST_MAX, ENTERPRISE_MAX, GROUPS_MAX, accountCount } from '../../config/index.js';
import type { RouteRegistrar } from './api-v1.js';
import { sendFieldErrors, sendStoreError, type ManagementDeps } from './management-deps.js';
import { PHONEBOOK_ROUTES } from './phonebook-api-routes.js';

const CONTACTS_MAX = 300;
const GROUP_FIELDS = ['id', 'name', 'description', 'ringType'] as const;
const CONTACT_FIELDS = ['id', 'firstName', 'lastName', 'displayName', 'mobile', 'office', 'other', 'groupId', 'groupTwoId', 'account', 'speedDial', 'useBlf'] as const;
const BAN_FIELDS = ['id', 'description', 'firstName', 'lastName', 'mobile', 'home', 'office', 'account'] as const;

const rowId = (req: FastifyRequest) => Number((req.params as { id: string }).id);
const bodyOf = <T>(req: FastifyRequest) => req.body as T;

/**
 * Handlers of PHONEBOOK_ROUTES: thin over the phone database's tables, which
 * check every field (store errors come back as 400/404/409 naming the field).
 * The account a row names must exist on this model (line 3 on an ES320 is refused).
 */
export function phonebookApi(route: RouteRegistrar, deps: ManagementDeps): void {
  const db = deps.ctx.config.db;
  const lines = () => accountCount(deps.ctx.config.model);
  const badAccount = (body: { account?: unknown }) =>
    typeof body.account === 'number' && body.account > lines() ? `account: the ${deps.ctx.config.model} has ${lines()} lines` : undefined;

  // Group
  route(PHONEBOOK_ROUTES.listGroups, async () => ({ items: db.groups.list(), limit: GROUPS_MAX }));
  route(PHONEBOOK_ROUTES.addGroup, async (req, reply) => {
    try {
      return reply.code(201).send(db.groups.add(bodyOf<{ name: string }>(req)));
    } catch (err) {
      return sendStoreError(reply, err, GROUP_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.updateGroup, async (req, reply) => {
    try {
      return db.groups.update(rowId(req), bodyOf<{ name?: string }>(req));
    } catch (err) {
      return sendStoreError(reply, err, GROUP_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.removeGroup, async (req, reply) => {
    try {
      db.groups.remove(rowId(req));
      return { ok: true };
    } catch (err) {
      return sendStoreError(reply, err, GROUP_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.clearGroups, async () => (db.groups.clear(), { ok: true }));

  // Contact
  route(PHONEBOOK_ROUTES.listContacts, async () => ({ items: db.contacts.list(), limit: CONTACTS_MAX }));
  route(PHONEBOOK_ROUTES.addContact, async (req, reply) => {
    const body = bodyOf<{ account?: unknown }>(req);
    const bad = badAccount(body);
    if (bad) return sendFieldErrors(reply, [{ key: 'account', reason: bad }]);
    try {
      return reply.code(201).send(db.contacts.add(body as Parameters<typeof db.contacts.add>[0]));
    } catch (err) {
      return sendStoreError(reply, err, CONTACT_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.updateContact, async (req, reply) => {
    const body = bodyOf<{ account?: unknown; id?: number }>(req);
    const bad = badAccount(body);
    if (bad) return sendFieldErrors(reply, [{ key: 'account', reason: bad }]);
    const { id: _ignored, ...patch } = body;
    try {
      return db.contacts.update(rowId(req), patch as Parameters<typeof db.contacts.update>[1]);
    } catch (err) {
      return sendStoreError(reply, err, CONTACT_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.removeContact, async (req, reply) => {
    try {
      db.contacts.remove(rowId(req));
      return { ok: true };
    } catch (err) {
      return sendStoreError(reply, err, CONTACT_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.clearContacts, async () => (db.contacts.clear(), { ok: true }));

  // BanList
  route(PHONEBOOK_ROUTES.listBanlist, async () => ({ items: db.banlist.list(), limit: BANLIST_MAX }));
  route(PHONEBOOK_ROUTES.addBan, async (req, reply) => {
    const body = bodyOf<{ account?: unknown }>(req);
    const bad = badAccount(body);
    if (bad) return sendFieldErrors(reply, [{ key: 'account', reason: bad }]);
    try {
      return reply.code(201).send(db.banlist.add(body as Parameters<typeof db.banlist.add>[0]));
    } catch (err) {
      return sendStoreError(reply, err, BAN_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.updateBan, async (req, reply) => {
    const body = bodyOf<{ account?: unknown; id?: number }>(req);
    const bad = badAccount(body);
    if (bad) return sendFieldErrors(reply, [{ key: 'account', reason: bad }]);
    const { id: _ignored, ...patch } = body;
    try {
      return db.banlist.update(rowId(req), patch as Parameters<typeof db.banlist.update>[1]);
    } catch (err) {
      return sendStoreError(reply, err, BAN_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.removeBan, async (req, reply) => {
    try {
      db.banlist.remove(rowId(req));
      return { ok: true };
    } catch (err) {
      return sendStoreError(reply, err, BAN_FIELDS);
    }
  });
  route(PHONEBOOK_ROUTES.clearBanlist, async () => (db.banlist.clear(), { ok: true }));

  // Enterprise Phonebook
  route(PHONEBOOK_ROUTES.listEnterprise, async () => ({ items: db.enterprise.list(), groups: db.enterprise.groups(), limit: ENTERPRISE_MAX }));
  route(PHONEBOOK_ROUTES.clearEnterprise, async () => (db.enterprise.clear(), { ok: true }));
}
