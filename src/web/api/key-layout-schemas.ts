/**
 * The programmable-keys layout as JSON (manual §7 "Programmable Keys": memory,
 * line, function and soft keys; "Expansion Module": 6 modules × 32 keys), the
 * schemas of its routes and the names the pages show. Standalone on purpose:
 * ui/admin imports this file, so it imports nothing (a unit test checks the
 * type lists against the keys file's code tables in src/config).
 */

/** Memory, line and expansion key types (keys file `Type` codes 1-9, 11), in the manual's order. */
export const MEMORY_KEY_TYPE_NAMES = [
  ['speed-dial', 'Speed Dial'],
  ['speed-dial-prefix', 'Speed Dial Prefix'],
  ['dtmf', 'DTMF'],
  ['blf', 'BLF'],
  ['bla', 'BLA'],
  ['paging', 'Paging'],
  ['park', 'Call Park'],
  ['intercom', 'Intercom'],
  ['pickup', 'Pickup'],
  ['broadsoft-group', 'BroadSoft Group'],
] as const;

/** Function-key (ProgramKey) types, keys file codes 0-20. */
export const PROGRAM_KEY_TYPE_NAMES = [
  ['default', 'Default'],
  ['redial', 'Redial'],
  ['dnd', 'DND'],
  ['contacts', 'Contacts'],
  ['enterprise-phonebook', 'Enterprise Phonebook'],
  ['ldap', 'LDAP'],
  ['directory', 'Directory'],
  ['speed-dial', 'Speed Dial'],
  ['call-list', 'Call List'],
  ['missed-calls', 'Missed Calls'],
  ['received-calls', 'Received Calls'],
  ['dialed-calls', 'Dialed Calls'],
  ['menu', 'Menu'],
  ['sms', 'SMS'],
  ['new-sms', 'New SMS'],
  ['call-forward', 'Call Forward'],
  ['status', 'Status'],
  ['account-toggle', 'Enable/Disable SIP Account'],
  ['xml-browser', 'XML Browser'],
  ['auto-provision', 'Auto Provision Now'],
  ['hot-desking', 'Hot Desking'],
] as const;

/** The fixed key each ProgramKey id 0-17 remaps (escene-formats.md §4). */
export const FUNCTION_KEY_NAMES = [
  'Idle Soft Key 1', 'Idle Soft Key 2', 'Idle Soft Key 3', 'Idle Soft Key 4',
  'Up', 'Down', 'Left', 'Right', 'OK',
  'Conference', 'Redial', 'Transfer', 'Hold', 'Service', 'Directories', 'Menu', 'Mute', 'Message',
] as const;

export const KEY_GROUP_NAMES = ['memory', 'line', 'function', 'soft', 'expansion1', 'expansion2', 'expansion3', 'expansion4', 'expansion5', 'expansion6'] as const;

const account = {
  anyOf: [{ type: 'integer', minimum: 1, maximum: 3 }, { type: 'string', enum: ['auto'] }],
  description: 'the line (1-based; ES320 1-2, ES330 1-3) or "auto" (the phone picks; keys file SipAccounts 127)',
} as const;

const keySchema = {
  type: 'object',
  required: ['index', 'type', 'account', 'number', 'label'],
  additionalProperties: false,
  properties: {
    index: { type: 'integer', minimum: 0, maximum: 32, description: 'memory 1-16, line 1-3, expansion 1-32; function keys: the ProgramKey id 0-17' },
    type: { type: 'string', maxLength: 32, description: 'memory/line/expansion: speed-dial, blf, ... (line keys also "line"); function keys: a program-key type' },
    account,
    number: { type: 'string', maxLength: 200, description: 'dialled / watched / parked number, DTMF digits, paging group' },
    label: { type: 'string', maxLength: 200 },
  },
} as const;

const softKeySchema = {
  type: 'object',
  required: ['index', 'values'],
  additionalProperties: false,
  properties: {
    index: { type: 'integer', minimum: 0, maximum: 11, description: 'the call state (SoftKey id)' },
    values: { type: 'array', maxItems: 4, items: { type: 'string', maxLength: 64 }, description: 'softkey1Value..softkey4Value as in the keys file; "" = none' },
  },
} as const;

const keyList = { type: 'array', maxItems: 40, items: keySchema } as const;

const layoutProperties = {
  memoryKeys: keyList,
  lineKeys: { ...keyList, description: 'line keys set to another function; a line key not listed selects its line' },
  functionKeys: keyList,
  softKeys: { type: 'array', maxItems: 12, items: softKeySchema },
  expansion: { type: 'array', maxItems: 6, items: keyList, description: 'modules 1-6 (ES330 only)' },
} as const;

export const keyLayoutSchema = {
  type: 'object',
  required: ['model', 'accounts', 'expansionModules', 'installedModules', 'memoryKeys', 'lineKeys', 'functionKeys', 'softKeys', 'expansion'],
  properties: {
    model: { type: 'string' },
    accounts: { type: 'integer', description: 'lines of the model' },
    expansionModules: { type: 'integer', description: 'EMS32 modules the model takes (ES330 6, ES320 0)' },
    installedModules: { type: 'integer', description: 'modules installed (expansion.modules)' },
    ...layoutProperties,
  },
} as const;

/** PUT body: the whole layout (the read-only facts of GET may come along and are ignored). */
export const keyLayoutBodySchema = {
  type: 'object',
  required: ['memoryKeys', 'lineKeys', 'functionKeys', 'softKeys', 'expansion'],
  additionalProperties: false,
  properties: {
    model: { type: 'string' },
    accounts: { type: 'integer' },
    expansionModules: { type: 'integer' },
    installedModules: { type: 'integer' },
    ...layoutProperties,
  },
} as const;

export const keyPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    type: keySchema.properties.type,
    account,
    number: keySchema.properties.number,
    label: keySchema.properties.label,
    values: softKeySchema.properties.values,
  },
} as const;

export const keyAtParamsSchema = {
  type: 'object',
  required: ['group', 'index'],
  additionalProperties: false,
  properties: {
    group: { type: 'string', enum: KEY_GROUP_NAMES },
    index: { type: 'string', pattern: '^[0-9]{1,2}$' },
  },
} as const;

/** A key as GET/PUT carry it. */
export interface KeyLayoutKey {
  index: number;
  type: string;
  account: number | 'auto';
  number: string;
  label: string;
}

/** GET /api/v1/programmable-keys/layout. */
export interface KeyLayoutAnswer {
  model: string;
  accounts: number;
  expansionModules: number;
  installedModules: number;
  memoryKeys: KeyLayoutKey[];
  lineKeys: KeyLayoutKey[];
  functionKeys: KeyLayoutKey[];
  softKeys: Array<{ index: number; values: string[] }>;
  expansion: KeyLayoutKey[][];
}
