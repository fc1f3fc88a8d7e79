/**
 * The generic model of every Escene XML file (escene-formats.md §7.1): root <all>,
 * then plural containers (<sipUsers>, <Privisions>, <hotlines>...), each holding
 * singular elements whose settings are all attributes. Order is kept everywhere
 * (containers, elements, attributes) and names keep their original spelling, because
 * the files are compared byte for byte after a round trip and the misspellings
 * (`Privisions`, `Freqency`, `DTMEFs`) are the wire format.
 *
 * The typed files (config-file, keys-file, phonebook-file) are views over this model.
 * The reader is escene-reader.ts; the writer is here.
 */
import { SayhiError } from '../../base/index.js';
import type { SourcePos } from './escene-issue.js';

export interface EsceneAttr {
  name: string;
  value: string;
  /** Where the value starts in the source; absent for attributes built in code. */
  pos?: SourcePos;
}

export interface EsceneElement {
  tag: string;
  attrs: EsceneAttr[];
  pos?: SourcePos;
}

export interface EsceneSection {
  /** The plural container under <all>: 'sipUsers', 'SoftKeys', 'PhoneBooks'. */
  container: string;
  /** Container attributes: only <SoftKeys Enable Status Selected> has them in the wild. */
  attrs: EsceneAttr[];
  items: EsceneElement[];
  pos?: SourcePos;
}

export interface EsceneDoc {
  sections: EsceneSection[];
}

/**
 * Attribute lookup: the exact name first, then case-insensitively (the phone's own
 * matching is unknown - escene-formats.md §7.2 - and being lenient on input costs
 * nothing). Exact first matters: <hotline> carries both `id` and `ID`.
 */
export function findAttr(attrs: readonly EsceneAttr[], name: string): EsceneAttr | undefined {
  for (const a of attrs) if (a.name === name) return a;
  const lower = name.toLowerCase();
  for (const a of attrs) if (a.name.toLowerCase() === lower) return a;
  return undefined;
}

export function attrValue(attrs: readonly EsceneAttr[], name: string): string | undefined {
  return findAttr(attrs, name)?.value;
}

/** Sets by exact name (so writing `ID` never overwrites `id`), appending when absent. */
export function setAttr(attrs: EsceneAttr[], name: string, value: string): void {
  const existing = attrs.find((a) => a.name === name);
  if (existing) existing.value = value;
  else attrs.push({ name, value });
}

/** The row id of a list element (`id="3"`), or undefined for a singleton. */
export function rowId(el: EsceneElement): string | undefined {
  return attrValue(el.attrs, 'id');
}

/** 'sipUsers/sipUser[id=0]' - the path used in issues. */
export function elementPath(container: string, el: EsceneElement): string {
  const id = rowId(el);
  return id === undefined ? `${container}/${el.tag}` : `${container}/${el.tag}[id=${id}]`;
}

/**
 * Identity of an element inside its container, used to merge and to detect
 * duplicates: rows by id (escene-formats.md §7.1 "List identity"), elements without
 * an id by their tag and how many of that tag came before (the n-th <route>).
 */
export function elementKeys(items: readonly EsceneElement[]): string[] {
  const seen = new Map<string, number>();
  return items.map((el) => {
    const id = rowId(el);
    if (id !== undefined) return `${el.tag}#${id}`;
    const n = seen.get(el.tag) ?? 0;
    seen.set(el.tag, n + 1);
    return `${el.tag}@${n}`;
  });
}

/** A deep copy without source positions (what is stored and written back). */
export function cloneDoc(doc: EsceneDoc): EsceneDoc {
  const attrs = (list: readonly EsceneAttr[]): EsceneAttr[] => list.map((a) => ({ name: a.name, value: a.value }));
  return {
    sections: doc.sections.map((s) => ({
      container: s.container,
      attrs: attrs(s.attrs),
      items: s.items.map((el) => ({ tag: el.tag, attrs: attrs(el.attrs) })),
    })),
  };
}

// XML 1.0 §2.2: these characters cannot appear in a document at all, not even as
// character references, so a value holding one cannot be written.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // XML 1.0 §3.3.3 normalises literal tab/CR/LF in attribute values to spaces;
  // written as character references they survive a round trip.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Attribute value text for a double-quoted attribute. Throws on characters XML cannot carry. */
export function escapeAttr(value: string): string {
  if (NOT_XML_CHAR.test(value)) {
    throw new SayhiError('CFG_XML_UNWRITABLE', `value ${JSON.stringify(value)} holds a control character XML 1.0 cannot carry`);
  }
  return value.replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c]!);
}

function startTag(name: string, attrs: readonly EsceneAttr[]): string {
  let s = `<${name}`;
  for (const a of attrs) s += ` ${a.name}="${escapeAttr(a.value)}"`;
  return s;
}

/**
 * Writes the document the way the PBX templates look (escene-formats.md §7.3): no
 * XML declaration, double quotes, one element per line, two-space indent, LF line
 * ends and a final newline. The same model always gives the same bytes.
 * An empty container is written as an open/close pair, not `<X/>`, as the templates do.
 */
export function writeEsceneDoc(doc: EsceneDoc): string {
  const lines = ['<all>'];
  for (const s of doc.sections) {
    const open = startTag(s.container, s.attrs) + '>';
    if (s.items.length === 0) {
      lines.push(`  ${open}</${s.container}>`);
      continue;
    }
    lines.push(`  ${open}`);
    for (const el of s.items) lines.push(`    ${startTag(el.tag, el.attrs)}/>`);
    lines.push(`  </${s.container}>`);
  }
  lines.push('</all>', '');
  return lines.join('\n');
}
