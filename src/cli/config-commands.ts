import { writeFileSync } from 'node:fs';
import {
  accountCount,
  exportEsceneConfig,
  exportKeys,
  exportPhonebook,
  importEsceneConfig,
  importKeys,
  importPhonebook,
  type PhoneSettings,
  type PhonebookKind,
} from '../config/index.js';
import { phoneMac, rememberedModel } from './phone-identity.js';
import { describeIssues, openPhoneStore, readInputFile } from './phone-store.js';
import { OptionError, resolveDataDir } from './start-options.js';

/**
 * `sayhi config export|import`, `sayhi phonebook export|import` and
 * `sayhi factory-reset`: the data directory's settings and phonebooks as Escene
 * files, without starting the phone. A phone running on the same directory does
 * not see these changes until it restarts; for a running phone use the API
 * (PUT /api/v1/config), which applies them at once.
 */
export interface DataDirOptions {
  data?: string;
}

async function withStore<T>(options: DataDirOptions, fn: (store: PhoneSettings, dataDir: string) => Promise<T> | T): Promise<T> {
  const dataDir = resolveDataDir(options.data);
  const store = await openPhoneStore(dataDir, rememberedModel(dataDir) ?? 'ES330');
  try {
    return await fn(store, dataDir);
  } finally {
    store.close();
  }
}

/** FILE, or standard output for '-'. */
function writeOutput(file: string, text: string): void {
  if (file === '-') process.stdout.write(text);
  else writeFileSync(file, text);
}

function say(file: string, line: string): void {
  // with the document on stdout, the report goes to stderr
  (file === '-' ? process.stderr : process.stdout).write(`${line}\n`);
}

export async function configExport(file: string, options: DataDirOptions & { format?: string }): Promise<void> {
  const format = options.format ?? 'escene';
  if (format !== 'escene' && format !== 'json') throw new OptionError(`--format must be escene or json, got "${format}"`);
  await withStore(options, (store, dataDir) => {
    if (format === 'escene') writeOutput(file, exportEsceneConfig(store));
    else writeOutput(file, `${JSON.stringify(store.snapshot('admin'), null, 2)}\n`);
    say(file, `exported the ${store.model} settings of ${dataDir} (${store.registry.size} keys, ${format === 'escene' ? 'Escene XML' : 'JSON, passwords masked'}) to ${file === '-' ? 'stdout' : file}`);
  });
}

export async function configImport(file: string, options: DataDirOptions): Promise<void> {
  const xml = readInputFile(file);
  await withStore(options, async (store, dataDir) => {
    const result = await importEsceneConfig(store, xml, { file });
    if (!result.ok) throw new OptionError(describeIssues(result.errors));
    const changed = result.changes.map((c) => c.key);
    const { reboot, host } = store.effectsOf(result.changes);
    const lines = [
      `imported ${file} into ${dataDir}: ${changed.length} setting${changed.length === 1 ? '' : 's'} changed${changed.length ? ` (${changed.join(', ')})` : ''}`,
      ...(result.warnings.length ? [`  ${result.warnings.length} part${result.warnings.length === 1 ? '' : 's'} not used by this phone, kept for export`] : []),
      ...(reboot.length ? [`  at the next start: ${reboot.join(', ')}`] : []),
      ...(host.length ? [`  host-managed (stored, not applied): ${host.join(', ')}`] : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

export async function phonebookExport(file: string, options: DataDirOptions & { enterprise?: boolean }): Promise<void> {
  const kind: PhonebookKind = options.enterprise ? 'enterprise' : 'personal';
  await withStore(options, (store) => {
    writeOutput(file, exportPhonebook(store.db, kind));
    const count = kind === 'personal' ? store.db.contacts.count() : store.db.enterprise.count();
    say(file, `exported the ${kind} phonebook (${count} contacts) to ${file === '-' ? 'stdout' : file}`);
  });
}

export async function phonebookImport(file: string, options: DataDirOptions & { enterprise?: boolean }): Promise<void> {
  const kind: PhonebookKind = options.enterprise ? 'enterprise' : 'personal';
  const xml = readInputFile(file);
  await withStore(options, (store) => {
    const result = importPhonebook(store.db, xml, { kind, file, accountCount: accountCount(store.model) });
    if (!result.ok) throw new OptionError(describeIssues(result.errors));
    process.stdout.write(`imported ${file}: the ${kind} phonebook now holds ${result.contacts} contacts in ${result.groups} groups\n`);
  });
}

/** No question asked (a script runs it); says what it removed and what it kept. */
export async function factoryReset(options: DataDirOptions): Promise<void> {
  await withStore(options, async (store, dataDir) => {
    const mac = phoneMac(dataDir, undefined);
    const r = await store.factoryReset();
    process.stdout.write(
      `factory reset of ${dataDir}:\n` +
        `  settings: ${r.settings} stored values removed (all ${store.registry.size} back to their defaults)\n` +
        `  personal phonebook: ${r.contacts} contacts and ${r.groups} groups removed\n` +
        `  enterprise phonebook: ${r.enterprise} contacts removed\n` +
        `  banlist: ${r.banlist} entries removed; call history: ${r.callHistory} records removed\n` +
        `  kept Escene file parts: ${r.keptTexts} removed\n` +
        `  web logins: back to root/root (administrator) and user/user\n` +
        `  kept: MAC ${mac} and model ${store.model} (${dataDir}/identity.json)\n`,
    );
  });
}

export async function keysExport(file: string, options: DataDirOptions): Promise<void> {
  await withStore(options, (store) => {
    writeOutput(file, exportKeys(store.db, accountCount(store.model)));
    say(file, `exported the programmable keys to ${file === '-' ? 'stdout' : file}`);
  });
}

export async function keysImport(file: string, options: DataDirOptions): Promise<void> {
  const xml = readInputFile(file);
  await withStore(options, (store) => {
    const result = importKeys(store.db, xml, { accountCount: accountCount(store.model), file });
    if (!result.ok) throw new OptionError(describeIssues(result.errors));
    const l = result.layout;
    const expansion = l.expansion.reduce((n, m) => n + m.length, 0);
    process.stdout.write(
      `imported ${file}: ${l.memoryKeys.length} memory keys, ${l.programKeys.length + l.programButtons.length} program keys, ${expansion} expansion keys\n`,
    );
  });
}
