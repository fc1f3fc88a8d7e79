import { SayhiError } from '../../base/index.js';
import type { SettingDef, SettingValue } from './setting-def.js';
import { findOption, validateSetting, type ValidationResult } from './setting-validation.js';

/**
 * Escene XML attribute text <-> registry value (escene-formats.md §3.1: "Values are
 * always quoted strings. Booleans are "0"/"1""). Enums are written with their XML
 * code; ints and ports in decimal; strings as they are (the XML layer escapes).
 */
export function settingToXml(def: SettingDef, value: SettingValue): string {
  const checked = validateSetting(def, value);
  if (!checked.ok) throw new SayhiError('CFG_VALUE', `cannot write XML: ${checked.reason}`);
  const v = checked.value;
  switch (def.kind) {
    case 'bool':
      return v === true ? '1' : '0';
    case 'enum': {
      const option = findOption(def, String(v));
      return option?.xml ?? String(v);
    }
    default:
      return String(v);
  }
}

/**
 * Reads an attribute. The phone's own files are strict "0"/"1" and codes, but
 * provisioning templates are hand-written, so the same coercion as every other
 * surface applies; a value that still does not fit is reported, never guessed.
 */
export function settingFromXml(def: SettingDef, text: string): ValidationResult {
  if (def.kind === 'enum') {
    // The XML code wins over a value or label spelled the same (definitionProblems forbids the clash anyway).
    const byCode = def.options?.find((o) => o.xml !== undefined && o.xml === text.trim());
    if (byCode) return { ok: true, value: byCode.value };
  }
  return validateSetting(def, text);
}
