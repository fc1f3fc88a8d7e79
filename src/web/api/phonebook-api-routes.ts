import type { ApiRouteSpec } from './api-routes.js';
import { errorSchema, okSchema } from './schemas.js';

/**
 * The Phone Book pages' rows (manual §7 Phone Book: Group, Contact, BanList,
 * Enterprise): add, edit, delete, delete all. Open to the user login as the
 * real phone's user pages are; the Escene files (GET/PUT /phonebook) stay the
 * administrator's.
 */
const authErrors = { 401: errorSchema, 403: errorSchema } as const;

const rowErrorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['key', 'reason'], properties: { key: { type: 'string' }, reason: { type: 'string' } } } },
  },
} as const;
const changeErrors = { ...authErrors, 400: rowErrorSchema, 404: rowErrorSchema, 409: rowErrorSchema } as const;

export const rowIdParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[0-9]{1,10}$', description: 'serial number' } },
} as const;

const account = { anyOf: [{ type: 'integer', minimum: 1, maximum: 16 }, { type: 'string', enum: ['auto'] }], description: 'line 1..3, or auto' } as const;
const groupRef = { type: ['integer', 'null'], minimum: 0, description: 'group id; null = None' } as const;

export const groupSchema = {
  type: 'object',
  required: ['id', 'name', 'description', 'ringType'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, description: { type: 'string' }, ringType: { type: 'string' } },
} as const;

const groupBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 0 }, name: { type: 'string' }, description: { type: 'string' }, ringType: { type: 'string' } },
} as const;

const contactProperties = {
  firstName: { type: 'string' },
  lastName: { type: 'string' },
  displayName: { type: 'string' },
  mobile: { type: 'string', description: 'Mobile Number (number 1)' },
  office: { type: 'string', description: 'Office Number (number 2)' },
  other: { type: 'string', description: 'Other Number (number 3)' },
  groupId: groupRef,
  groupTwoId: groupRef,
  account,
  speedDial: { type: 'integer', minimum: 0, maximum: 999 },
  useBlf: { type: 'boolean' },
} as const;

export const contactSchema = {
  type: 'object',
  required: ['id', 'firstName', 'lastName', 'mobile', 'office', 'other', 'groupId', 'account'],
  properties: { id: { type: 'integer' }, ...contactProperties },
} as const;

const contactBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 0 }, ...contactProperties },
} as const;

const banProperties = {
  description: { type: 'string' },
  firstName: { type: 'string' },
  lastName: { type: 'string' },
  mobile: { type: 'string' },
  home: { type: 'string' },
  office: { type: 'string' },
  account,
} as const;

export const banSchema = {
  type: 'object',
  required: ['id', 'mobile', 'home', 'office', 'account'],
  properties: { id: { type: 'integer' }, ...banProperties },
} as const;

const banBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 0 }, ...banProperties },
} as const;

const listOf = (items: object, limit: number) =>
  ({
    type: 'object',
    required: ['items', 'limit'],
    properties: { items: { type: 'array', items }, limit: { type: 'integer', description: `at most ${limit} rows` } },
  }) as const;

function rowRoutes(base: string, what: string, row: object, body: object, limit: number, allowUser: boolean) {
  return {
    list: { method: 'GET', url: base, summary: `The ${what}`, allowUser, schema: { response: { 200: listOf(row, limit), ...authErrors } } },
    add: { method: 'POST', url: base, summary: `Add to the ${what}`, allowUser, schema: { body, response: { 201: row, ...changeErrors } } },
    update: {
      method: 'PUT',
      url: `${base}/:id`,
      summary: `Edit an entry of the ${what} (absent fields keep their value)`,
      allowUser,
      schema: { params: rowIdParamsSchema, body, response: { 200: row, ...changeErrors } },
    },
    remove: {
      method: 'DELETE',
      url: `${base}/:id`,
      summary: `Delete an entry of the ${what}`,
      allowUser,
      schema: { params: rowIdParamsSchema, response: { 200: okSchema, ...changeErrors } },
    },
    clear: { method: 'DELETE', url: base, summary: `Delete all of the ${what}`, allowUser, schema: { response: { 200: okSchema, ...authErrors } } },
  } as const satisfies Record<string, ApiRouteSpec>;
}

const groups = rowRoutes('/phonebook/groups', 'phonebook groups', groupSchema, groupBodySchema, 100, true);
const contacts = rowRoutes('/phonebook/contacts', 'personal phonebook (300 contacts)', contactSchema, contactBodySchema, 300, true);
const banlist = rowRoutes('/banlist', 'banlist', banSchema, banBodySchema, 100, true);

export const PHONEBOOK_ROUTES = {
  listGroups: groups.list,
  addGroup: groups.add,
  updateGroup: groups.update,
  removeGroup: groups.remove,
  clearGroups: groups.clear,
  listContacts: contacts.list,
  addContact: contacts.add,
  updateContact: contacts.update,
  removeContact: contacts.remove,
  clearContacts: contacts.clear,
  listBanlist: banlist.list,
  addBan: banlist.add,
  updateBan: banlist.update,
  removeBan: banlist.remove,
  clearBanlist: banlist.clear,
  listEnterprise: {
    method: 'GET',
    url: '/phonebook/enterprise/contacts',
    summary: 'The enterprise phonebook (800 entries, read only: replaced as a whole by a download)',
    allowUser: true,
    schema: {
      response: {
        200: { ...listOf(contactSchema, 800), properties: { ...listOf(contactSchema, 800).properties, groups: { type: 'array', items: groupSchema } } },
        ...authErrors,
      },
    },
  },
  clearEnterprise: {
    method: 'DELETE',
    url: '/phonebook/enterprise/contacts',
    summary: 'Delete the enterprise phonebook',
    schema: { response: { 200: okSchema, ...authErrors } },
  },
} as const satisfies Record<string, ApiRouteSpec>;
