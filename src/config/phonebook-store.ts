import { SayhiError } from '../base/index.js';
import {
  type EsceneAttr,
  type EsceneContact,
  type EsceneGroup,
  type EsceneIssue,
  type EsceneSection,
  type PhonebookKind,
  esceneIssue,
  parsePhonebookFile,
  writePhonebookFile,
} from './escene/index.js';
import type { Contact, ContactInput, GroupInput, PhoneDatabase, PhoneGroup } from './store/index.js';

/**
 * The Escene phonebook files (`<account-1 number>_Phonebook.xml`,
 * `Enterprise_Phonebook.xml`, escene-formats.md §5) against the database: an
 * import replaces the phonebook as a whole, in one transaction (a download
 * replaces the book; one bad row, a 301st contact or a duplicate speed dial and
 * nothing changes). What the tables have no column for (row ids, NewVer, Photo,
 * unknown containers) is kept in `db.keptTexts` and written back by the export.
 */
export const KEPT_PHONEBOOK_TEXT: Record<PhonebookKind, string> = {
  personal: 'escene/Phonebook.xml',
  enterprise: 'escene/Enterprise_Phonebook.xml',
};

interface KeptPhonebookParts {
  unknown: EsceneSection[];
  /** Extra attributes by groupid / Bookid. */
  groups: Record<string, EsceneAttr[]>;
  contacts: Record<string, EsceneAttr[]>;
}

export type PhonebookImportOutcome =
  | { ok: true; groups: number; contacts: number; warnings: EsceneIssue[] }
  | { ok: false; errors: EsceneIssue[] };

export interface PhonebookImportOptions {
  kind: PhonebookKind;
  file?: string;
  /** SIP accounts of the model (a contact's accountid must name one). */
  accountCount: number;
}

const plain = (attrs: readonly EsceneAttr[]): EsceneAttr[] => attrs.map((a) => ({ name: a.name, value: a.value }));

export function importPhonebook(db: PhoneDatabase, xml: string | Uint8Array, options: PhonebookImportOptions): PhonebookImportOutcome {
  const file = options.file ?? (options.kind === 'enterprise' ? 'Enterprise_Phonebook.xml' : 'Phonebook.xml');
  const parsed = parsePhonebookFile(xml, { kind: options.kind, file, accountCount: options.accountCount });
  if (!parsed.ok) return parsed;
  const book = parsed.phonebook;
  const warnings = [...parsed.warnings];
  const groups: GroupInput[] = book.groups.map((g) => ({ id: g.id, name: g.name, description: g.description, ringType: g.ringType }));
  const idOf = new Map(groups.map((g) => [g.name, g.id!]));
  // A contact naming a group the file does not list: the group is created, so the contact keeps it.
  let nextId = Math.max(0, ...groups.map((g) => g.id! + 1));
  for (const c of book.contacts) {
    for (const name of [c.group, c.group2]) {
      if (name === undefined || idOf.has(name)) continue;
      groups.push({ id: nextId, name });
      idOf.set(name, nextId++);
    }
  }
  const contacts: ContactInput[] = book.contacts.map((c) => ({
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: c.displayName,
    mobile: c.mobile,
    office: c.office,
    other: c.other,
    groupId: c.group === undefined ? null : idOf.get(c.group)!,
    groupTwoId: c.group2 === undefined ? null : idOf.get(c.group2)!,
    account: c.account,
    speedDial: c.speedDial,
    useBlf: c.useBlf,
  }));
  const kept: KeptPhonebookParts = {
    unknown: book.unknown.map((s) => ({ container: s.container, attrs: plain(s.attrs), items: s.items.map((el) => ({ tag: el.tag, attrs: plain(el.attrs) })) })),
    groups: Object.fromEntries(book.groups.filter((g) => g.extra.length > 0).map((g) => [String(g.id), plain(g.extra)])),
    contacts: Object.fromEntries(book.contacts.filter((c) => c.extra.length > 0).map((c) => [String(c.id), plain(c.extra)])),
  };
  try {
    db.transaction(() => {
      if (options.kind === 'enterprise') {
        db.enterprise.replaceAll({ groups, contacts });
      } else {
        db.contacts.clear();
        db.groups.clear();
        for (const g of groups) db.groups.add(g);
        db.contacts.addMany(contacts);
      }
      db.keptTexts.set(KEPT_PHONEBOOK_TEXT[options.kind], JSON.stringify(kept));
    });
  } catch (err) {
    // the store's own limits (a duplicate speed dial, a full book): the file as a whole is refused
    if (err instanceof SayhiError && err.code.startsWith('CFG_') && !err.code.startsWith('CFG_DB')) {
      return { ok: false, errors: [esceneIssue('CFG_XML_VALUE', file, 'PhoneBooks', undefined, `${err.message}; nothing was imported`)] };
    }
    throw err;
  }
  return { ok: true, groups: groups.length, contacts: contacts.length, warnings };
}

export function exportPhonebook(db: PhoneDatabase, kind: PhonebookKind): string {
  const groups: PhoneGroup[] = kind === 'personal' ? db.groups.list() : db.enterprise.groups();
  const contacts: Contact[] = kind === 'personal' ? db.contacts.list() : db.enterprise.list();
  const kept = readKept(db, kind);
  const nameOf = new Map(groups.map((g) => [g.id, g.name]));
  const outGroups: EsceneGroup[] = groups.map((g) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    ringType: g.ringType,
    extra: kept.groups[String(g.id)] ?? [],
  }));
  const outContacts: EsceneContact[] = contacts.map((c) => {
    const group = c.groupId === null ? undefined : nameOf.get(c.groupId);
    const group2 = c.groupTwoId === null ? undefined : nameOf.get(c.groupTwoId);
    return {
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      displayName: c.displayName,
      mobile: c.mobile,
      office: c.office,
      other: c.other,
      ...(group !== undefined ? { group } : {}),
      ...(group2 !== undefined ? { group2 } : {}),
      account: c.account,
      speedDial: c.speedDial,
      useBlf: c.useBlf,
      extra: kept.contacts[String(c.id)] ?? [],
    };
  });
  return writePhonebookFile({ groups: outGroups, contacts: outContacts, unknown: kept.unknown });
}

function readKept(db: PhoneDatabase, kind: PhonebookKind): KeptPhonebookParts {
  const text = db.keptTexts.get(KEPT_PHONEBOOK_TEXT[kind]);
  const empty: KeptPhonebookParts = { unknown: [], groups: {}, contacts: {} };
  if (!text) return empty;
  try {
    return { ...empty, ...(JSON.parse(text) as Partial<KeptPhonebookParts>) };
  } catch {
    throw new SayhiError('CFG_BAD_FILE', `stored phonebook parts (${KEPT_PHONEBOOK_TEXT[kind]}) are damaged`);
  }
}
