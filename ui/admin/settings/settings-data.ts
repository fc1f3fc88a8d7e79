import { api } from '../../shared/api-client.js';

/**
 * The settings registry as the pages see it: GET /api/v1/settings/schema (every
 * key the login may see, with label, type, range, role and effect) and GET
 * /api/v1/settings (values, passwords masked). The shape is src/config's
 * SettingSchemaEntry; kept here as the JSON the browser receives.
 */
export type SettingValue = string | number | boolean;

export interface EnumOption {
  value: string;
  label: string;
}

export interface SchemaEntry {
  key: string;
  kind: 'string' | 'password' | 'int' | 'bool' | 'enum' | 'host' | 'ip' | 'port';
  type: 'string' | 'integer' | 'boolean';
  default?: SettingValue;
  min?: number;
  max?: number;
  maxLength?: number;
  pattern?: string;
  options?: EnumOption[];
  unit?: string;
  role: 'admin' | 'user';
  effect: 'live' | 'reboot' | 'host';
  page: string;
  label: string;
  help?: string;
  menu?: string;
}

export interface SettingsSchema {
  version: number;
  model: string;
  count: number;
  settings: SchemaEntry[];
}

/** PATCH /api/v1/settings answer. */
export interface SaveResult {
  changed: Array<{ key: string; old: SettingValue; new: SettingValue; effect: string }>;
  reboot: string[];
  host: string[];
  pendingReboot: string[];
}

/** What the API shows instead of a stored password. */
export const PASSWORD_MASK = '********';

let schemaPromise: Promise<SettingsSchema> | undefined;

/** The schema does not change while the page is open: fetched once. */
export function loadSchema(): Promise<SettingsSchema> {
  schemaPromise ??= api<SettingsSchema>('GET', '/settings/schema').catch((err: unknown) => {
    schemaPromise = undefined;
    throw err;
  });
  return schemaPromise;
}

export function loadValues(): Promise<Record<string, SettingValue>> {
  return api<Record<string, SettingValue>>('GET', '/settings');
}

export function saveSettings(changes: Record<string, SettingValue>): Promise<SaveResult> {
  return api<SaveResult>('PATCH', '/settings', { body: changes });
}

/** Entries of the given registry pages, in the registry's order. */
export function entriesOf(schema: SettingsSchema, pages: readonly string[]): SchemaEntry[] {
  return pages.flatMap((p) => schema.settings.filter((e) => e.page === p));
}

/** Line numbers the model has (account.<n>.enabled in the schema). */
export function lineNumbers(schema: SettingsSchema): number[] {
  return schema.settings.map((e) => /^account\.(\d+)\.enabled$/.exec(e.key)?.[1]).filter((n): n is string => n !== undefined).map(Number);
}
