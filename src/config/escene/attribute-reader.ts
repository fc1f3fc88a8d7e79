/**
 * Reads the attributes of one row of a typed Escene file (Extern keys, phonebook)
 * into model fields, collecting issues with their place instead of stopping at the
 * first: an administrator fixes a whole template in one go. What the model does not
 * name is returned by `rest()` so that the row writes back unchanged.
 */
import { type EsceneAttr, type EsceneElement, type EsceneSection, elementPath } from './escene-doc.js';
import { type EsceneIssue, type EsceneIssueCode, esceneIssue } from './escene-issue.js';

// C0 controls and DEL never belong in a name or number (and break the LCD and XML).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export class AttributeReader {
  private readonly used = new Set<EsceneAttr>();
  readonly where: string;

  constructor(
    private readonly issues: EsceneIssue[],
    private readonly file: string,
    container: string,
    private readonly el: EsceneElement,
  ) {
    this.where = elementPath(container, el);
  }

  /** The attribute by exact name, else case-insensitively, among those not yet read. */
  take(name: string): EsceneAttr | undefined {
    let hit: EsceneAttr | undefined;
    for (const a of this.el.attrs) if (!this.used.has(a) && a.name === name) hit ??= a;
    if (!hit) {
      const lower = name.toLowerCase();
      for (const a of this.el.attrs) if (!this.used.has(a) && a.name.toLowerCase() === lower) hit ??= a;
    }
    if (hit) this.used.add(hit);
    return hit;
  }

  fail(code: EsceneIssueCode, attr: EsceneAttr | undefined, reason: string, name?: string): void {
    const at = attr ? `${this.where}@${attr.name}` : name ? `${this.where}@${name}` : this.where;
    this.issues.push(esceneIssue(code, this.file, at, attr?.pos ?? this.el.pos, reason));
  }

  /**
   * An integer attribute. Absent: `fallback` (or an issue when there is none).
   * `allowed` may accept values outside min..max (SipAccounts 127 = auto).
   */
  int(name: string, min: number, max: number, fallback: number | undefined, allowed: readonly number[] = []): number | undefined {
    const attr = this.take(name);
    if (!attr) {
      if (fallback === undefined) this.fail('CFG_XML_VALUE', undefined, `${name} is missing`, name);
      return fallback;
    }
    const t = attr.value.trim();
    const n = /^\d{1,9}$/.test(t) ? Number(t) : NaN;
    if (!((n >= min && n <= max) || allowed.includes(n))) {
      const also = allowed.length > 0 ? ` or ${allowed.join(', ')}` : '';
      this.fail('CFG_XML_VALUE', attr, `${JSON.stringify(attr.value)} is not an integer ${min}..${max}${also}`);
      return undefined;
    }
    return n;
  }

  /** A code from a table (`Type`): the attribute must be there and name an entry. */
  code<T>(name: string, lookup: (code: number) => T | undefined, what: string): T | undefined {
    const attr = this.take(name);
    if (!attr) {
      this.fail('CFG_XML_VALUE', undefined, `${name} is missing`, name);
      return undefined;
    }
    const t = attr.value.trim();
    const value = /^\d{1,9}$/.test(t) ? lookup(Number(t)) : undefined;
    if (value === undefined) this.fail('CFG_XML_VALUE', attr, `${JSON.stringify(attr.value)} is not ${what}`);
    return value;
  }

  /** A text attribute of at most `max` characters; absent is ''. */
  text(name: string, max: number): string {
    const attr = this.take(name);
    if (!attr) return '';
    const length = [...attr.value].length;
    if (length > max) this.fail('CFG_XML_VALUE', attr, `is ${length} characters; at most ${max}`);
    else if (CONTROL.test(attr.value)) this.fail('CFG_XML_VALUE', attr, 'contains control characters');
    return attr.value;
  }

  /** A number to dial: printable ASCII without spaces (as the phonebook store requires). */
  number(name: string, max: number): string {
    const attr = this.take(name);
    if (!attr) return '';
    if ([...attr.value].length > max) this.fail('CFG_XML_VALUE', attr, `${JSON.stringify(attr.value)} is longer than ${max} characters`);
    else if (!/^[\x21-\x7e]*$/.test(attr.value)) this.fail('CFG_XML_VALUE', attr, `${JSON.stringify(attr.value)} may hold only digits, * # + and URI characters, no spaces`);
    return attr.value;
  }

  /** A "0"/"1" flag; absent is `fallback`. */
  flag(name: string, fallback: boolean): boolean {
    const attr = this.take(name);
    if (!attr) return fallback;
    const t = attr.value.trim();
    if (t !== '0' && t !== '1') {
      this.fail('CFG_XML_VALUE', attr, `${JSON.stringify(attr.value)} is not 0 or 1`);
      return fallback;
    }
    return t === '1';
  }

  /** Attributes not read, in file order, without source positions. */
  rest(): EsceneAttr[] {
    return this.el.attrs.filter((a) => !this.used.has(a)).map((a) => ({ name: a.name, value: a.value }));
  }
}

/** The value of `name` in kept attributes (exact spelling), or `fallback`. */
export function keptValue(extra: readonly EsceneAttr[], name: string, fallback: string): string {
  return extra.find((a) => a.name === name)?.value ?? fallback;
}

/** Kept attributes minus the structural ones the writer places itself. */
export function withoutNames(extra: readonly EsceneAttr[], names: readonly string[]): EsceneAttr[] {
  return extra.filter((a) => !names.includes(a.name)).map((a) => ({ name: a.name, value: a.value }));
}

/** The kept section for a known container, created once (so stray rows of two same-named containers join). */
export function keptSection(unknown: EsceneSection[], container: string): EsceneSection {
  let section = unknown.find((s) => s.container === container);
  if (!section) unknown.push((section = { container, attrs: [], items: [] }));
  return section;
}
