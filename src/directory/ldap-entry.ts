/**
 * From an LDAP search result entry to what the phone shows: one name and the
 * entry's numbers (manual Appendix "LDAP 3.2.9/3.2.10": the Name and Number
 * Attributes say which attributes the server returns and the phone displays).
 */

/** What the LCD's LDAP pages show (the same shape as the device's DirectoryEntry). */
export interface LdapEntry {
  name: string;
  /** Values of the number attributes, attribute by attribute in the configured order. */
  numbers: string[];
}

/** An entry's attributes as the client library returns them (values as strings or raw octets). */
export type LdapAttributes = Readonly<Record<string, unknown>>;

function valuesOf(attributes: LdapAttributes, name: string): string[] {
  // RFC 4512 §2.5: attribute descriptions are case-insensitive ("Mobile" = "mobile").
  const wanted = name.toLowerCase();
  const key = Object.keys(attributes).find((k) => k.toLowerCase() === wanted);
  if (key === undefined) return [];
  const raw = attributes[key];
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const out: string[] = [];
  for (const v of list) {
    const s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : '';
    if (s.trim() !== '') out.push(s.trim());
  }
  return out;
}

/**
 * Name: the first name attribute the entry has a value for (so `displayName cn`
 * shows the display name where there is one, else cn). Numbers: every value of
 * every number attribute in order, each number once. Undefined when the entry
 * has neither: nothing could be shown or dialled.
 */
export function toLdapEntry(attributes: LdapAttributes, nameAttributes: readonly string[], numberAttributes: readonly string[]): LdapEntry | undefined {
  let name = '';
  for (const a of nameAttributes) {
    const [first] = valuesOf(attributes, a);
    if (first !== undefined) {
      name = first;
      break;
    }
  }
  const numbers: string[] = [];
  for (const a of numberAttributes) {
    for (const n of valuesOf(attributes, a)) if (!numbers.includes(n)) numbers.push(n);
  }
  if (name === '' && numbers.length === 0) return undefined;
  return { name, numbers };
}

/**
 * Manual 3.2.14 "LDAP Sorting Results": by name alphabetically, or by number when
 * the entries carry no names.
 */
export function sortLdapEntries(entries: readonly LdapEntry[]): LdapEntry[] {
  const byName = entries.some((e) => e.name !== '');
  return [...entries].sort((a, b) =>
    byName ? a.name.localeCompare(b.name) : (a.numbers[0] ?? '').localeCompare(b.numbers[0] ?? '', undefined, { numeric: true }),
  );
}
