import type { ApiRouteSpec } from './api-routes.js';
import {
  esceneErrorSchema,
  keysImportResultSchema,
  phonebookImportResultSchema,
  settingsChangeResultSchema,
  settingsErrorSchema,
  settingsPatchSchema,
  settingsSchemaSchema,
  settingsValuesSchema,
} from './config-schemas.js';
import { errorSchema } from './schemas.js';

/** Escene config files: 1 MiB like the reader's limit; phonebooks up to 4 MiB (800 contacts and more). */
export const CONFIG_BODY_LIMIT = 1024 * 1024;
export const PHONEBOOK_BODY_LIMIT = 4 * 1024 * 1024;

const authErrors = { 401: errorSchema, 403: errorSchema } as const;
const uploadErrors = { ...authErrors, 400: esceneErrorSchema, 413: errorSchema, 415: errorSchema } as const;

const phonebookFile = (url: string, which: string, file: string): { get: ApiRouteSpec; put: ApiRouteSpec } => ({
  get: {
    method: 'GET',
    url,
    summary: `The ${which} phonebook as an Escene phonebook file`,
    description: `\`${file}\` (escene-formats.md §5): PhoneGroups/group, then PhoneBooks/book.`,
    xmlResponse: `the ${which} phonebook (Escene XML)`,
    schema: { response: { ...authErrors } },
  },
  put: {
    method: 'PUT',
    url,
    summary: `Replace the ${which} phonebook with an Escene phonebook file`,
    description:
      'Body: the XML file (content-type application/xml or text/xml). All or nothing: a bad row, too many contacts ' +
      `(${which === 'personal' ? 300 : 800}) or a duplicate speed dial refuses the whole file with 400 and the reasons.`,
    xmlBody: { maxBytes: PHONEBOOK_BODY_LIMIT },
    schema: { response: { 200: phonebookImportResultSchema, ...uploadErrors } },
  },
});

const personal = phonebookFile('/phonebook', 'personal', '<account-1 number>_Phonebook.xml');
const enterprise = phonebookFile('/phonebook/enterprise', 'enterprise', 'Enterprise_Phonebook.xml');

/**
 * Configuration routes (issue #3): the whole Escene config, settings by registry
 * key, the registry's schema, and the phonebook files. Part of API_ROUTES, so
 * they are registered and documented like every other route.
 */
export const CONFIG_ROUTES = {
  getConfig: {
    method: 'GET',
    url: '/config',
    summary: 'The full Escene config file (ESConfig.xml)',
    description:
      'Every setting in the real phone\'s order with its original names, plus the unknown parts kept from imports. ' +
      'Contains the SIP passwords, as the real ESConfig.xml does; the web login passwords are written empty.',
    xmlResponse: 'ESConfig.xml (Escene XML, no declaration)',
    schema: { response: { ...authErrors } },
  },
  putConfig: {
    method: 'PUT',
    url: '/config',
    summary: 'Merge an Escene config file (like an import / provisioning)',
    description:
      'Body: a `<MAC>.xml` / ESConfig.xml file (application/xml or text/xml, up to 1 MiB). Only what the file names ' +
      'changes; accounts re-register at once. A bad file is refused whole: 400 with file/line/column/reason, nothing applied. ' +
      'Web login passwords in the file set the (hashed) logins; an empty one leaves a login unchanged.',
    xmlBody: { maxBytes: CONFIG_BODY_LIMIT },
    schema: { response: { 200: settingsChangeResultSchema, ...uploadErrors } },
  },
  getSettings: {
    method: 'GET',
    url: '/settings',
    summary: 'Settings by registry key',
    description: 'The administrator sees every key, the user login the user keys only. Passwords are masked.',
    allowUser: true,
    schema: { response: { 200: settingsValuesSchema, ...authErrors } },
  },
  patchSettings: {
    method: 'PATCH',
    url: '/settings',
    summary: 'Change settings (atomic)',
    description:
      'JSON object key → value. Every key known, allowed and valid, or nothing changes: 400 lists each invalid key, ' +
      '403 each key the login may not change (the user login may change user keys only). The answer says which ' +
      'changed keys wait for a restart (`reboot`) and which the host OS owns (`host`).',
    allowUser: true,
    schema: { body: settingsPatchSchema, response: { 200: settingsChangeResultSchema, ...authErrors, 400: settingsErrorSchema, 403: settingsErrorSchema } },
  },
  settingsSchema: {
    method: 'GET',
    url: '/settings/schema',
    summary: 'Every settings key with type, default, range, role, effect and Escene XML location',
    allowUser: true,
    schema: { response: { 200: settingsSchemaSchema, ...authErrors } },
  },
  getKeys: {
    method: 'GET',
    url: '/config/keys',
    summary: 'The programmable keys as an Escene keys file (<account-1 number>_Extern.xml)',
    description: 'Memory keys (hotlines/hotline), ProgramKeys, Programbuttons, SoftKeys and expansion modules 1-6 (escene-formats.md §4).',
    xmlResponse: 'the keys file (Escene XML)',
    schema: { response: { ...authErrors } },
  },
  putKeys: {
    method: 'PUT',
    url: '/config/keys',
    summary: 'Load an Escene keys file (<account-1 number>_Extern.xml)',
    description:
      'Body: the XML file. The containers it carries replace ours, the others stay; a bad type code or key id refuses the whole file (400, nothing applied).',
    xmlBody: { maxBytes: CONFIG_BODY_LIMIT },
    schema: { response: { 200: keysImportResultSchema, ...uploadErrors } },
  },
  getPhonebook: personal.get,
  putPhonebook: personal.put,
  getEnterprisePhonebook: enterprise.get,
  putEnterprisePhonebook: enterprise.put,
} as const satisfies Record<string, ApiRouteSpec>;
