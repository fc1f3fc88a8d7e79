import { SayhiError } from '../base/index.js';
import { readDialPlan, writeDialPlan } from './dial-plan-table.js';
import {
  type EsceneIssue,
  esceneIssue,
  exportConfig,
  importConfig,
  mergeUnknown,
  parseUnknown,
  serializeUnknown,
} from './escene/index.js';
import { type SettingChange, xmlLocationId } from './registry/index.js';
import { readIpStrategyList, writeIpStrategyList } from './ip-strategy-list.js';
import type { PhoneSettings } from './phone-settings.js';
import { isWebLoginKey, webLoginExportValue } from './web-logins.js';

/**
 * The main Escene config file (`<MAC>.xml` / `ESConfig.xml`) against a phone's
 * stored configuration: an import merges what the file names through
 * PhoneSettings.apply (atomic, logins hashed) and keeps the parts the phone does
 * not use in `db.keptTexts`, in the same transaction; an export writes every
 * setting plus those kept parts, so export -> import -> export is byte-identical
 * even across restarts (issue #3, "round trip is lossless").
 *
 * The Dial Plan rules and the IP Strategy list ride along as the rows of
 * `RouteTabs` / `WhiteTabs` (escene/table-rows.ts): a file holding one of those
 * containers replaces that table, in the same transaction as the settings, so a
 * refused file changes neither.
 */
export const KEPT_CONFIG_TEXT = 'escene/ESConfig.xml';

export type EsceneImportOutcome =
  | {
      ok: true;
      changes: SettingChange[];
      warnings: EsceneIssue[];
      /** The tables the file replaced (it held their container). */
      tables: Array<'dialPlan' | 'ipStrategy'>;
    }
  | { ok: false; errors: EsceneIssue[] };

export async function importEsceneConfig(
  store: PhoneSettings,
  xml: string | Uint8Array,
  options: { file?: string } = {},
): Promise<EsceneImportOutcome> {
  const file = options.file ?? 'ESConfig.xml';
  const read = importConfig(xml, { registry: store.registry, file });
  if (!read.ok) return read;
  const { dialPlan, ipStrategy } = read.tables;
  const kept = serializeUnknown(mergeUnknown(parseUnknown(store.db.keptTexts.get(KEPT_CONFIG_TEXT) ?? ''), read.unknown));
  const applied = await store.apply(read.changes, {
    role: 'admin',
    keepEmptyPasswords: true,
    alongside: () => {
      store.db.keptTexts.set(KEPT_CONFIG_TEXT, kept);
      // already checked row by row; a refusal here is a bug, and throwing rolls the transaction back
      if (dialPlan && !writeDialPlan(store.db, dialPlan).ok) throw new SayhiError('CFG_INVALID', 'checked dial plan refused on write');
      if (ipStrategy && !writeIpStrategyList(store.db, ipStrategy).ok) throw new SayhiError('CFG_INVALID', 'checked IP strategy list refused on write');
    },
  });
  if (!applied.ok) {
    // the file's values each passed; what fails here are rules across keys (RTP start < end, a codec twice)
    const errors = applied.errors.map((e) => {
      const def = store.registry.find(e.key);
      const where = def?.xml ? xmlLocationId(def.xml) : e.key;
      return esceneIssue('CFG_XML_VALUE', file, where, undefined, e.reason);
    });
    return { ok: false, errors };
  }
  const tables = [...(dialPlan ? (['dialPlan'] as const) : []), ...(ipStrategy ? (['ipStrategy'] as const) : [])];
  return { ok: true, changes: applied.changes, warnings: read.warnings, tables };
}

/** The full ESConfig.xml: every setting, the two tables, the kept unknown parts, web login passwords left empty. */
export function exportEsceneConfig(store: PhoneSettings): string {
  return exportConfig({
    registry: store.registry,
    values: (key) => (isWebLoginKey(key) ? webLoginExportValue(store.accounts, key) : store.settings.get(key)),
    unknown: parseUnknown(store.db.keptTexts.get(KEPT_CONFIG_TEXT) ?? ''),
    tables: { dialPlan: readDialPlan(store.db), ipStrategy: readIpStrategyList(store.db) },
  });
}
