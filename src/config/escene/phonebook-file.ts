/**
 * The phonebook files `Enterprise_Phonebook.xml` and `<account-1 number>_Phonebook.xml`
 * (escene-formats.md §5; manual §2.5: "They use same XML format"):
 * `<all><PhoneGroups><group/></PhoneGroups><PhoneBooks><book/></PhoneBooks></all>`.
 * A contact names its groups (GroupName, GroupNameTwo), it does not point at an id.
 *
 * A download replaces the phonebook (escene-formats.md §7.2), so the whole file is
 * checked first: more contacts than the phone holds (manual §7: personal 300; the
 * enterprise book 800) or any bad field rejects it with nothing applied.
 * Field limits follow the phonebook store (src/config/store/field-rules.ts) so a
 * file that passes here also stores.
 */
import { type EsceneAttr, type EsceneElement, type EsceneSection, writeEsceneDoc } from './escene-doc.js';
import { type EsceneIssue, type EsceneLimits, PHONEBOOK_FILE_LIMITS, esceneIssue } from './escene-issue.js';
import { readEsceneDoc } from './escene-reader.js';
import { AttributeReader, keptSection, keptValue, withoutNames } from './attribute-reader.js';
import { AUTO_ACCOUNT_CODE, type EsceneAccount, accountFromCode, accountToCode } from './key-types.js';

export interface EsceneGroup {
  /** `groupid`. */
  id: number;
  name: string;
  /** `Descriptor`. */
  description: string;
  ringType: string;
  extra: EsceneAttr[];
}

export interface EsceneContact {
  /** `Bookid`: the contact's serial number. */
  id: number;
  firstName: string;
  lastName: string;
  /** `Username`: the full name as the PBX wrote it. */
  displayName: string;
  /** `MobileNum`, `OfficeNum`, `OtherNum` (manual: Number1..3). */
  mobile: string;
  office: string;
  other: string;
  /** `GroupName` / `GroupNameTwo`; undefined = group "None". */
  group?: string;
  group2?: string;
  /** `accountid` (0-based, 127 = auto) as a 1-based line or 'auto'. */
  account: EsceneAccount;
  /** `speedid`; 0 = none. */
  speedDial: number;
  /** `ISUseBLF`. */
  useBlf: boolean;
  extra: EsceneAttr[];
}

export interface EscenePhonebook {
  groups: EsceneGroup[];
  contacts: EsceneContact[];
  /** Containers other than PhoneGroups/PhoneBooks, and stray rows: written back after. */
  unknown: EsceneSection[];
}

export type PhonebookKind = 'personal' | 'enterprise';

/** Manual §7 Phone Book: "The phonebook can storage 300 contact entry"; enterprise 800 (issue #3). */
export const PHONEBOOK_CAPACITY: Record<PhonebookKind, number> = { personal: 300, enterprise: 800 };
/** The store's project limit for groups (the manual gives none). */
export const PHONEBOOK_GROUPS_MAX = 100;
/** Manual feature list: "the size of number is 19 byte". */
const NUMBER_MAX = 19;
const NAME_MAX = 32;
const DISPLAY_NAME_MAX = 64;
const DESCRIPTION_MAX = 64;
const RING_TYPE_MAX = 32;
const SPEED_DIAL_MAX = 999;
const ID_MAX = 2_147_483_647;

export interface PhonebookFileOptions {
  kind: PhonebookKind;
  file?: string;
  /** SIP accounts of the model: accountid must name one, or be 127. Default 3. */
  accountCount?: number;
  limits?: EsceneLimits;
}

export type PhonebookFileResult = { ok: true; phonebook: EscenePhonebook; warnings: EsceneIssue[] } | { ok: false; errors: EsceneIssue[] };

export function parsePhonebookFile(xml: string | Uint8Array, options: PhonebookFileOptions): PhonebookFileResult {
  const file = options.file ?? (options.kind === 'enterprise' ? 'Enterprise_Phonebook.xml' : 'Phonebook.xml');
  const read = readEsceneDoc(xml, { file, limits: options.limits ?? PHONEBOOK_FILE_LIMITS });
  if (!read.ok) return { ok: false, errors: [read.error] };
  const capacity = PHONEBOOK_CAPACITY[options.kind];
  const accountCount = options.accountCount ?? 3;
  const errors: EsceneIssue[] = [];
  const warnings: EsceneIssue[] = [];
  const phonebook: EscenePhonebook = { groups: [], contacts: [], unknown: [] };
  const keep = (container: string, el: EsceneElement, tag: string): void => {
    warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, `${container}/${el.tag}`, el.pos, `<${container}> holds <${tag}> rows; kept, not applied`));
    keptSection(phonebook.unknown, container).items.push({ tag: el.tag, attrs: withoutNames(el.attrs, []) });
  };

  const books = read.doc.sections.filter((s) => s.container === 'PhoneBooks');
  const bookCount = books.reduce((n, s) => n + s.items.filter((el) => el.tag === 'book').length, 0);
  if (bookCount > capacity) {
    const reason = `phonebook full (${capacity}): the file has ${bookCount} contacts, the ${options.kind} phonebook holds ${capacity}; nothing was imported`;
    return { ok: false, errors: [esceneIssue('CFG_XML_LIMIT', file, 'PhoneBooks', books[0]?.pos, reason)] };
  }
  const groupSections = read.doc.sections.filter((s) => s.container === 'PhoneGroups');
  const groupCount = groupSections.reduce((n, s) => n + s.items.filter((el) => el.tag === 'group').length, 0);
  if (groupCount > PHONEBOOK_GROUPS_MAX) {
    const reason = `too many groups: the file has ${groupCount}, the phone holds ${PHONEBOOK_GROUPS_MAX}; nothing was imported`;
    return { ok: false, errors: [esceneIssue('CFG_XML_LIMIT', file, 'PhoneGroups', groupSections[0]?.pos, reason)] };
  }

  const groupNames = new Set<string>();
  const groupIds = new Set<number>();
  const bookIds = new Set<number>();
  const pendingGroupRefs: Array<{ name: string; at: string; attr: EsceneAttr | undefined; el: EsceneElement }> = [];
  for (const section of read.doc.sections) {
    if (section.container === 'PhoneGroups') {
      section.items.forEach((el) => {
        if (el.tag !== 'group') return keep(section.container, el, 'group');
        const before = errors.length;
        const r = new AttributeReader(errors, file, section.container, el);
        const id = r.int('groupid', 0, ID_MAX, phonebook.groups.length);
        const nameAttr = r.take('name');
        const name = nameAttr?.value ?? '';
        if (name.trim() === '') r.fail('CFG_XML_VALUE', nameAttr, 'a group needs a name (contacts join groups by name)', 'name');
        else if ([...name].length > NAME_MAX) r.fail('CFG_XML_VALUE', nameAttr, `is ${[...name].length} characters; at most ${NAME_MAX}`);
        const group = { description: r.text('Descriptor', DESCRIPTION_MAX), ringType: r.text('RingType', RING_TYPE_MAX) };
        if (errors.length > before || id === undefined) return;
        if (groupNames.has(name)) return r.fail('CFG_XML_DUPLICATE', nameAttr, `group "${name}" appears twice`);
        if (groupIds.has(id)) return r.fail('CFG_XML_DUPLICATE', undefined, `groupid ${id} appears twice`);
        groupNames.add(name);
        groupIds.add(id);
        phonebook.groups.push({ id, name, ...group, extra: r.rest() });
      });
    } else if (section.container === 'PhoneBooks') {
      section.items.forEach((el) => {
        if (el.tag !== 'book') return keep(section.container, el, 'book');
        const before = errors.length;
        const r = new AttributeReader(errors, file, section.container, el);
        const idAttr = el.attrs.find((a) => a.name === 'id');
        const fallbackId = idAttr && /^\d{1,9}$/.test(idAttr.value.trim()) ? Number(idAttr.value.trim()) : phonebook.contacts.length;
        const id = r.int('Bookid', 0, ID_MAX, fallbackId);
        const groupAttr = r.take('GroupName');
        const group2Attr = r.take('GroupNameTwo');
        const accountCode = r.int('accountid', 0, accountCount - 1, AUTO_ACCOUNT_CODE, [AUTO_ACCOUNT_CODE]);
        const contact = {
          firstName: r.text('FirstName', NAME_MAX),
          lastName: r.text('LastName', NAME_MAX),
          displayName: r.text('Username', DISPLAY_NAME_MAX),
          mobile: r.number('MobileNum', NUMBER_MAX),
          office: r.number('OfficeNum', NUMBER_MAX),
          other: r.number('OtherNum', NUMBER_MAX),
          speedDial: r.int('speedid', 0, SPEED_DIAL_MAX, 0) ?? 0,
          useBlf: r.flag('ISUseBLF', false),
        };
        if (errors.length > before || id === undefined) return;
        const named = [contact.firstName, contact.lastName, contact.displayName].some((s) => s.trim() !== '');
        if (!named && !contact.mobile && !contact.office && !contact.other) return r.fail('CFG_XML_VALUE', undefined, 'a contact needs a name or a number');
        if (bookIds.has(id)) return r.fail('CFG_XML_DUPLICATE', undefined, `Bookid ${id} appears twice`);
        bookIds.add(id);
        const entry: EsceneContact = { id, ...contact, account: accountFromCode(accountCode ?? AUTO_ACCOUNT_CODE), extra: r.rest() };
        for (const [attr, field] of [[groupAttr, 'group'], [group2Attr, 'group2']] as const) {
          if (!attr || attr.value === '') continue;
          entry[field] = attr.value;
          pendingGroupRefs.push({ name: attr.value, at: `${r.where}@${attr.name}`, attr, el });
        }
        phonebook.contacts.push(entry);
      });
    } else {
      warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, section.container, section.pos, 'container not used in a phonebook; kept'));
      phonebook.unknown.push({ container: section.container, attrs: withoutNames(section.attrs, []), items: section.items.map((el) => ({ tag: el.tag, attrs: withoutNames(el.attrs, []) })) });
    }
    if ((section.container === 'PhoneGroups' || section.container === 'PhoneBooks') && section.attrs.length > 0) {
      warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, section.container, section.pos, 'container attributes not used; kept'));
      keptSection(phonebook.unknown, section.container).attrs.push(...withoutNames(section.attrs, []));
    }
  }
  for (const ref of pendingGroupRefs) {
    if (!groupNames.has(ref.name)) {
      warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, ref.at, ref.attr?.pos ?? ref.el.pos, `group "${ref.name}" is not in <PhoneGroups>`));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, phonebook, warnings };
}

/**
 * The phonebook file in the shape FusionPBX serves (escene-formats.md §5): groups,
 * then contacts, with `speedid="0" accountid="127" NewVer="1" ISUseBLF="0"` unless the
 * contact says otherwise. Row `id`s count from 0 unless a kept one says otherwise.
 */
export function writePhonebookFile(phonebook: EscenePhonebook): string {
  const groups: EsceneElement[] = phonebook.groups.map((g, n) => ({
    tag: 'group',
    attrs: [
      ...attrs([
        ['id', keptValue(g.extra, 'id', String(n))],
        ['groupid', String(g.id)],
        ['name', g.name],
        ['Descriptor', g.description],
        ['RingType', g.ringType],
      ]),
      ...withoutNames(g.extra, ['id']),
    ],
  }));
  const books: EsceneElement[] = phonebook.contacts.map((c, n) => ({
    tag: 'book',
    attrs: [
      ...attrs([
        ['id', keptValue(c.extra, 'id', String(n))],
        ['Bookid', String(c.id)],
        ['speedid', String(c.speedDial)],
        ['accountid', String(accountToCode(c.account))],
        ['NewVer', keptValue(c.extra, 'NewVer', '1')],
        ['ISUseBLF', c.useBlf ? '1' : '0'],
        ['GroupName', c.group ?? ''],
        ['GroupNameTwo', c.group2 ?? ''],
        ['FirstName', c.firstName],
        ['LastName', c.lastName],
        ['MobileNum', c.mobile],
        ['OfficeNum', c.office],
        ['OtherNum', c.other],
        ['Username', c.displayName],
      ]),
      ...withoutNames(c.extra, ['id', 'NewVer']),
    ],
  }));
  const kept = (name: string): EsceneSection | undefined => phonebook.unknown.find((s) => s.container === name);
  const known = (container: string, items: EsceneElement[]): EsceneSection => ({
    container,
    attrs: kept(container)?.attrs.map((a) => ({ ...a })) ?? [],
    items: [...items, ...(kept(container)?.items ?? [])],
  });
  const others = phonebook.unknown.filter((s) => s.container !== 'PhoneGroups' && s.container !== 'PhoneBooks');
  return writeEsceneDoc({ sections: [known('PhoneGroups', groups), known('PhoneBooks', books), ...others] });
}

function attrs(pairs: Array<[string, string]>): EsceneAttr[] {
  return pairs.map(([name, value]) => ({ name, value }));
}
