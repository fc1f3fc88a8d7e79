import type { Contact, PhoneGroup } from '../../config/index.js';
import type { Label } from '../i18n/label.js';
import { contactName, contactNumbers } from './call-history-pages.js';
import { ContactFormPage, deleteContactPage, storeFailure } from './contact-form-page.js';
import { dialChoices } from './dial-options-page.js';
import { ConfirmPage, InfoPage } from './info-page.js';
import { ldapMenu } from './ldap-pages.js';
import { STAY, UNHANDLED, softKeys, type MenuContext, type MenuList, type MenuNode, type MenuPage, type PageResult } from './menu-node.js';
import { RowListPage, type Row } from './row-list-page.js';
import { EntryPage } from './text-page.js';

/**
 * Phone book (manual §5 "Using the phone book"): MENU or OK > Phone book >
 * Personal phone book > View all (Dial, Add, Del; OK edits), Search, Add
 * contact, Add group, Modify group, Delete group, then one item per group
 * ("or select a contact who are belong to different group"); the Enterprise
 * phone book (downloaded, read-only); LDAP (ldap-pages.ts).
 */
const GROUP_NAME_MAX = 32;

interface ContactRow extends Row {
  contact: Contact;
}

function firstNumber(c: Contact): string {
  return c.mobile || c.office || c.other;
}

/** A list of personal contacts: Dial, Add, Del; OK opens the contact to edit. */
export function contactListPage(title: Label, list: (ctx: MenuContext) => Contact[], groupId: number | null = null): MenuPage {
  return new RowListPage<ContactRow>({
    title,
    rows: (ctx) => list(ctx).map((contact) => ({ text: contactName(contact), right: firstNumber(contact), contact })),
    softKeys: (ctx, row) => softKeys(ctx, row ? 'soft.dial' : '', 'soft.add', row ? 'soft.del' : '', 'soft.back'),
    onKey: (ctx, k, row) => {
      switch (k.key) {
        case 'soft2':
          return { kind: 'push', page: new ContactFormPage(undefined, groupId) };
        case 'soft1':
          return row ? dialChoices(ctx, contactNumbers(row.contact)) : UNHANDLED;
        case 'soft3':
          return row ? { kind: 'push', page: deleteContactPage(row.contact) } : UNHANDLED;
        case 'ok':
        case 'right': {
          const fresh = row && ctx.db?.contacts.get(row.contact.id);
          return fresh ? { kind: 'push', page: new ContactFormPage(fresh) } : UNHANDLED;
        }
        default:
          return UNHANDLED;
      }
    },
  });
}

/** A read-only entry (enterprise book): its numbers, Dial. */
function entryPage(c: Contact): MenuPage {
  const info = new InfoPage({ text: contactName(c) }, (ctx) => contactNumbers(c).map((n) => `${ctx.t(n.kind)}\t${n.number}`));
  return {
    title: info.title,
    view: (ctx) => ({ ...info.view(ctx), softKeys: softKeys(ctx, 'soft.dial', '', '', 'soft.back') }),
    key: (ctx, k) => (k.key === 'soft1' ? dialChoices(ctx, contactNumbers(c)) : info.key(ctx, k)),
  };
}

/** Enterprise phone book: "download with server" (§1), so it is only viewed and dialled here. */
function enterprisePage(): MenuPage {
  return new RowListPage<ContactRow>({
    title: 'menu.enterprisePhoneBook',
    rows: (ctx) => (ctx.db?.enterprise.list() ?? []).map((contact) => ({ text: contactName(contact), right: firstNumber(contact), contact })),
    softKeys: (ctx, row) => softKeys(ctx, row ? 'soft.dial' : '', '', '', 'soft.back'),
    onKey: (ctx, k, row) => {
      if (!row) return UNHANDLED;
      if (k.key === 'soft1') return dialChoices(ctx, contactNumbers(row.contact));
      if (k.key === 'ok' || k.key === 'right') return { kind: 'push', page: entryPage(row.contact) };
      return UNHANDLED;
    },
  });
}

/** Search: a name or number typed (letters by multi-tap), OK lists the contacts that start with it. */
function searchPage(): MenuPage {
  return new EntryPage({
    title: 'menu.search',
    prompt: 'field.nameOrNumber',
    modes: ['ABC', 'abc', '123'],
    saveLabel: 'soft.search',
    onSave: (ctx, text): PageResult => {
      const q = text.trim();
      if (q === '') return STAY;
      const ids = (ctx.db?.contacts.search(q) ?? []).map((c) => c.id);
      if (ids.length === 0) {
        ctx.notice(ctx.t('notice.noMatch'));
        return STAY;
      }
      return { kind: 'push', page: contactListPage('menu.searchResults', (c) => ids.map((id) => c.db?.contacts.get(id)).filter((x): x is Contact => !!x)) };
    },
  });
}

/** A group name typed and saved (Add group; Modify group with the old name to start from). */
function groupNamePage(title: Label, group: PhoneGroup | undefined): MenuPage {
  return new EntryPage({
    title,
    prompt: 'field.groupName',
    initial: group?.name ?? '',
    modes: ['ABC', 'abc', '123'],
    maxLength: GROUP_NAME_MAX,
    onSave: (ctx, text): PageResult => {
      const name = text.trim();
      if (name === '') {
        ctx.notice(ctx.t('notice.nameRequired'));
        return STAY;
      }
      try {
        if (group) ctx.db?.groups.update(group.id, { name });
        else ctx.db?.groups.add({ name });
      } catch (err) {
        ctx.notice(storeFailure(ctx, err));
        return STAY;
      }
      return { kind: 'pop', count: group ? 2 : 1, notice: ctx.t('notice.saved') };
    },
  });
}

interface GroupRow extends Row {
  group: PhoneGroup;
}

/** Pick a group for Modify group / Delete group ("Select the group ..., press the OK button"). */
function groupPickPage(title: Label, picked: (ctx: MenuContext, g: PhoneGroup) => PageResult): MenuPage {
  return new RowListPage<GroupRow>({
    title,
    rows: (ctx) => (ctx.db?.groups.list() ?? []).map((group) => ({ text: group.name, group })),
    softKeys: (ctx, row) => softKeys(ctx, row ? 'soft.ok' : '', '', '', 'soft.back'),
    onKey: (ctx, k, row) => (row && (k.key === 'ok' || k.key === 'soft1') ? picked(ctx, row.group) : UNHANDLED),
  });
}

const groupsOf = (ctx: MenuContext): PhoneGroup[] => ctx.db?.groups.list() ?? [];

export const personalBookMenu: MenuList = {
  kind: 'list',
  label: 'menu.personalPhoneBook',
  items: (ctx): MenuNode[] => [
    { kind: 'page', label: 'menu.viewAll', open: () => contactListPage('menu.viewAll', (c) => c.db?.contacts.list() ?? []) },
    { kind: 'page', label: 'menu.search', open: () => searchPage() },
    { kind: 'page', label: 'menu.addContact', open: () => new ContactFormPage(undefined) },
    { kind: 'page', label: 'menu.addGroup', open: () => groupNamePage('menu.addGroup', undefined) },
    {
      kind: 'page',
      label: 'menu.modifyGroup',
      open: () => groupPickPage('menu.modifyGroup', (_c, g) => ({ kind: 'push', page: groupNamePage('menu.modifyGroup', g) })),
    },
    {
      kind: 'page',
      label: 'menu.deleteGroup',
      open: () =>
        groupPickPage('menu.deleteGroup', (_c, g) => ({
          kind: 'push',
          page: new ConfirmPage({ text: g.name }, 'confirm.deleteGroup', (c) => {
            try {
              c.db?.groups.remove(g.id);
            } catch (err) {
              return storeFailure(c, err);
            }
            return c.t('notice.deleted');
          }),
        })),
    },
    ...groupsOf(ctx).map(
      (g): MenuNode => ({
        kind: 'page',
        label: { text: g.name },
        open: () => contactListPage({ text: g.name }, (c) => (c.db?.contacts.list() ?? []).filter((x) => x.groupId === g.id || x.groupTwoId === g.id), g.id),
      }),
    ),
  ],
};

export const phoneBookMenu: MenuList = {
  kind: 'list',
  label: 'menu.phoneBook',
  items: [personalBookMenu, { kind: 'page', label: 'menu.enterprisePhoneBook', open: () => enterprisePage() }, ldapMenu],
};

