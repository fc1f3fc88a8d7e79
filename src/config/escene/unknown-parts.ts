/**
 * The parts of a config file this phone does not apply - unknown containers,
 * elements and attributes, and real-phone attributes with no setting behind them -
 * kept so that an export writes them back (issue #3: "round trip is lossless").
 *
 * Stored by the caller as one text blob: the kept parts written as an Escene
 * document (readable, and read back with the same reader). Successive imports merge
 * into it the way the phone merges a partial file: a later value for the same
 * container/element/attribute wins, everything else stays.
 */
import { SayhiError } from '../../base/index.js';
import { type EsceneDoc, type EsceneSection, cloneDoc, elementKeys, setAttr, writeEsceneDoc } from './escene-doc.js';
import { CONFIG_FILE_LIMITS } from './escene-issue.js';
import { readEsceneDoc } from './escene-reader.js';

export const EMPTY_UNKNOWN: EsceneDoc = Object.freeze({ sections: [] }) as EsceneDoc;

/** One section per container name (a file may repeat a container; its rows are joined in order). */
export function joinSections(doc: EsceneDoc): EsceneDoc {
  const out: EsceneSection[] = [];
  const byName = new Map<string, EsceneSection>();
  for (const s of cloneDoc(doc).sections) {
    const seen = byName.get(s.container);
    if (!seen) {
      byName.set(s.container, s);
      out.push(s);
      continue;
    }
    for (const a of s.attrs) setAttr(seen.attrs, a.name, a.value);
    seen.items.push(...s.items);
  }
  return { sections: out };
}

/**
 * `later` over `earlier`: containers by name, elements by row id (or tag and
 * position when they have none), attributes by exact name. Order: what `earlier`
 * had, in its order, then what is new, in `later`'s order.
 */
export function mergeUnknown(earlier: EsceneDoc, later: EsceneDoc): EsceneDoc {
  const result = joinSections(earlier);
  const byName = new Map(result.sections.map((s) => [s.container, s]));
  for (const s of joinSections(later).sections) {
    const target = byName.get(s.container);
    if (!target) {
      result.sections.push(s);
      byName.set(s.container, s);
      continue;
    }
    for (const a of s.attrs) setAttr(target.attrs, a.name, a.value);
    const targetKeys = elementKeys(target.items);
    const index = new Map(targetKeys.map((k, n) => [k, target.items[n]!]));
    const laterKeys = elementKeys(s.items);
    s.items.forEach((el, n) => {
      const match = index.get(laterKeys[n]!);
      if (match) for (const a of el.attrs) setAttr(match.attrs, a.name, a.value);
      else target.items.push(el);
    });
  }
  return result;
}

/** The blob to store. */
export function serializeUnknown(doc: EsceneDoc): string {
  return writeEsceneDoc(joinSections(doc));
}

/** Reads a stored blob back; '' is "nothing kept". A corrupt blob is a storage bug: it throws. */
export function parseUnknown(text: string): EsceneDoc {
  if (text.trim() === '') return { sections: [] };
  const read = readEsceneDoc(text, { file: 'kept config parts', limits: CONFIG_FILE_LIMITS });
  if (!read.ok) throw new SayhiError('CFG_BAD_FILE', `stored unknown config parts are damaged: ${read.error.reason}`);
  return cloneDoc(read.doc);
}
