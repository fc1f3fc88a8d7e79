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
import type { PhoneSettings } from './phone-settings.js';
import { isWebLoginKey, webLoginExportValue } from './web-logins.js';

/**
 * The main Escene config file (`<MAC>.xml` / `ESConfig.xml`) against a phone's
 * stored configuration: an import merges what the file names through
 * PhoneSettings.apply (atomic, logins hashed) and keeps the parts the phone does
 * not use in `db.keptTexts`, in the same transaction; an export writes every
 * setting plus those kept parts, so export -> import -> export is byte-identical
 * even across restarts (issue #3, "round trip is lossless").
 */
export const KEPT_CONFIG_TEXT = 'escene/ESConfig.xml';

export type EsceneImportOutcome =
  | { ok: true; changes: SettingChange[]; warnings: EsceneIssue[] }
  | { ok: false; errors: EsceneIssue[] };

export async function importEsceneConfig(
  store: PhoneSettings,
  xml: string | Uint8Array,
  options: { file?: string } = {},
): Promise<EsceneImportOutcome> {
  const file = options.file ?? 'ESConfig.xml';
  const read = importConfig(xml, { registry: store.registry, file });
  if (!read.ok) return read;
  const kept = serializeUnknown(mergeUnknown(parseUnknown(store.db.keptTexts.get(KEPT_CONFIG_TEXT) ?? ''), read.unknown));
  const applied = await store.apply(read.changes, {
    role: 'admin',
    keepEmptyPasswords: true,
    alongside: () => store.db.keptTexts.set(KEPT_CONFIG_TEXT, kept),
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
  return { ok: true, changes: applied.changes, warnings: read.warnings };
}

/** The full ESConfig.xml: every setting, the kept unknown parts, web login passwords left empty. */
export function exportEsceneConfig(store: PhoneSettings): string {
  return exportConfig({
    registry: store.registry,
    values: (key) => (isWebLoginKey(key) ? webLoginExportValue(store.accounts, key) : store.settings.get(key)),
    unknown: parseUnknown(store.db.keptTexts.get(KEPT_CONFIG_TEXT) ?? ''),
  });
}
