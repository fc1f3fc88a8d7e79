import { emptyKeyLayout, parseKeysFile, writeKeysFile, type EsceneIssue, type KeyLayout } from './escene/index.js';
import type { PhoneDatabase } from './store/index.js';

/**
 * The programmable keys (`<account-1 number>_Extern.xml`, escene-formats.md §4:
 * memory keys, program keys / buttons, soft keys, expansion modules) kept in the
 * database as the canonical file the keys writer produces. An import replaces
 * the containers the file names (a download replaces what it carries) and is
 * all or nothing; the kept text holds unknown attributes too, so an export
 * gives back what was imported.
 */
export const KEPT_KEYS_TEXT = 'escene/Extern.xml';

export type KeysImportOutcome =
  | { ok: true; layout: KeyLayout; warnings: EsceneIssue[] }
  | { ok: false; errors: EsceneIssue[] };

export function keyLayout(db: PhoneDatabase, accountCount: number): KeyLayout {
  const text = db.keptTexts.get(KEPT_KEYS_TEXT);
  if (text === undefined) return emptyKeyLayout();
  const parsed = parseKeysFile(text, { file: KEPT_KEYS_TEXT, accountCount });
  // what we wrote ourselves always reads back; a failure means the row was edited by hand
  return parsed.ok ? parsed.layout : emptyKeyLayout();
}

export function importKeys(db: PhoneDatabase, xml: string | Uint8Array, opts: { accountCount: number; file?: string }): KeysImportOutcome {
  const parsed = parseKeysFile(xml, { accountCount: opts.accountCount, file: opts.file ?? 'Extern.xml' });
  if (!parsed.ok) return parsed;
  const current = keyLayout(db, opts.accountCount);
  const merged = mergeLayouts(current, parsed.layout);
  db.keptTexts.set(KEPT_KEYS_TEXT, writeKeysFile(merged));
  return { ok: true, layout: merged, warnings: parsed.warnings };
}

export function exportKeys(db: PhoneDatabase, accountCount: number): string {
  return writeKeysFile(keyLayout(db, accountCount));
}

/** The containers the new file carries replace ours; the others stay. */
function mergeLayouts(old: KeyLayout, incoming: KeyLayout): KeyLayout {
  const has = (c: string) => incoming.present.includes(c);
  const expansion = old.expansion.map((keys, i) =>
    has(i === 0 ? 'Extensions' : `Extension${i + 1}s`) ? incoming.expansion[i]! : keys,
  );
  const unknownNames = new Set(incoming.unknown.map((s) => s.container));
  return {
    memoryKeys: has('hotlines') ? incoming.memoryKeys : old.memoryKeys,
    programKeys: has('ProgramKeys') ? incoming.programKeys : old.programKeys,
    programButtons: has('Programbuttons') ? incoming.programButtons : old.programButtons,
    softKeys: has('SoftKeys') ? incoming.softKeys : old.softKeys,
    expansion,
    present: [...new Set([...old.present, ...incoming.present])],
    unknown: [...old.unknown.filter((s) => !unknownNames.has(s.container)), ...incoming.unknown],
  };
}
