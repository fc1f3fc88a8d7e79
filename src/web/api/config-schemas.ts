/**
 * JSON schemas of the configuration routes (settings, Escene config and
 * phonebook files). Like schemas.ts, these very objects are handed to Fastify
 * and to the OpenAPI document. The per-key rules (type, range, enum, role) are
 * not repeated here: they come from the settings registry at request time and
 * are served by GET /settings/schema.
 */
const settingValue = { type: ['string', 'integer', 'boolean'] } as const;

export const settingsValuesSchema = {
  type: 'object',
  description: 'Effective value by registry key (docs/settings.md); passwords shown as "********"',
  additionalProperties: settingValue,
} as const;

export const settingsPatchSchema = {
  type: 'object',
  description: 'Registry key → new value. Applied atomically: every key or none. A password given as "********" stays unchanged.',
  minProperties: 1,
  maxProperties: 1000,
  additionalProperties: settingValue,
} as const;

const enumOptionSchema = {
  type: 'object',
  required: ['value', 'label'],
  properties: { value: { type: 'string' }, label: { type: 'string' }, xml: { type: 'string' } },
} as const;

const xmlLocationSchema = {
  type: 'object',
  required: ['container', 'element', 'attribute'],
  properties: {
    container: { type: 'string' },
    element: { type: 'string' },
    attribute: { type: 'string' },
    id: { type: 'integer', description: 'row id of a list element (sipUser id = line - 1)' },
  },
} as const;

export const settingSchemaEntrySchema = {
  type: 'object',
  required: ['key', 'kind', 'type', 'role', 'effect', 'page', 'label'],
  properties: {
    key: { type: 'string' },
    kind: { type: 'string', enum: ['string', 'password', 'int', 'bool', 'enum', 'host', 'ip', 'port'] },
    type: { type: 'string', enum: ['string', 'integer', 'boolean'] },
    default: settingValue,
    min: { type: 'integer' },
    max: { type: 'integer' },
    maxLength: { type: 'integer' },
    pattern: { type: 'string' },
    options: { type: 'array', items: enumOptionSchema },
    unit: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'user'] },
    effect: {
      type: 'string',
      enum: ['live', 'reboot', 'host'],
      description: 'live: applied at once; reboot: at the next start; host: the host OS owns it (stored and exported only)',
    },
    page: { type: 'string' },
    label: { type: 'string' },
    help: { type: 'string' },
    menu: { type: 'string' },
    xml: xmlLocationSchema,
  },
} as const;

export const settingsSchemaSchema = {
  type: 'object',
  required: ['version', 'model', 'count', 'settings'],
  properties: {
    version: { type: 'integer' },
    model: { type: 'string' },
    count: { type: 'integer' },
    settings: { type: 'array', items: settingSchemaEntrySchema },
  },
} as const;

/** One problem with an Escene file: file:line:column, the place inside it and why. */
export const esceneIssueSchema = {
  type: 'object',
  required: ['code', 'file', 'where', 'line', 'column', 'reason'],
  properties: {
    code: { type: 'string' },
    file: { type: 'string' },
    where: { type: 'string', description: 'container/element[id=N]@attribute' },
    line: { type: 'integer', description: '1-based; 0 when the issue has no single place' },
    column: { type: 'integer' },
    reason: { type: 'string' },
  },
} as const;

const stringList = { type: 'array', items: { type: 'string' } } as const;

export const settingsChangeResultSchema = {
  type: 'object',
  required: ['changed', 'reboot', 'pendingReboot', 'host'],
  properties: {
    changed: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'old', 'new', 'effect'],
        properties: { key: { type: 'string' }, old: settingValue, new: settingValue, effect: { type: 'string', enum: ['live', 'reboot', 'host'] } },
      },
    },
    reboot: { ...stringList, description: 'changed keys that take effect at the next start' },
    pendingReboot: { ...stringList, description: 'every key changed since the start that still waits for a restart' },
    host: { ...stringList, description: 'changed keys the host OS owns: stored and exported, not applied' },
    warnings: { type: 'array', items: esceneIssueSchema, description: 'parts of the file not applied (kept for export)' },
  },
} as const;

export const phonebookImportResultSchema = {
  type: 'object',
  required: ['groups', 'contacts', 'warnings'],
  properties: { groups: { type: 'integer' }, contacts: { type: 'integer' }, warnings: { type: 'array', items: esceneIssueSchema } },
} as const;

/** 400/403 of PATCH /settings: every refused key with its reason. */
export const settingsErrorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['key', 'reason'], properties: { key: { type: 'string' }, reason: { type: 'string' } } } },
  },
} as const;

/** 400 of an Escene file upload: every problem, with file, line and column. */
export const esceneErrorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' }, errors: { type: 'array', items: esceneIssueSchema } },
} as const;

export const keysImportResultSchema = {
  type: 'object',
  required: ['memoryKeys', 'programKeys', 'expansionKeys', 'warnings'],
  properties: {
    memoryKeys: { type: 'integer' },
    programKeys: { type: 'integer' },
    expansionKeys: { type: 'integer' },
    warnings: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;
