import type { DirectorySearchBy, DirectoryEntry } from './directory-search.js';
import { dialChoices, type NumberChoice } from './dial-options-page.js';
import { InfoPage } from './info-page.js';
import { ListPage } from './list-page.js';
import { STAY, UNHANDLED, softKeys, type MenuContext, type MenuList, type MenuPage, type PageNode, type PageResult } from './menu-node.js';
import { RowListPage, type Row } from './row-list-page.js';
import { EntryPage } from './text-page.js';

const NUMBER_KINDS = ['field.number1', 'field.number2', 'field.number3'] as const;

function choices(e: DirectoryEntry): NumberChoice[] {
  return e.numbers.map((number, i) => ({ kind: NUMBER_KINDS[i] ?? 'field.number', number }));
}

/** What the directory found: Dial (with call options for several numbers), OK for the entry. */
function resultsPage(by: DirectorySearchBy, entries: DirectoryEntry[]): MenuPage {
  interface EntryRow extends Row {
    entry: DirectoryEntry;
  }
  return new RowListPage<EntryRow>({
    title: by === 'name' ? 'menu.searchName' : 'menu.searchNumber',
    rows: () => entries.map((entry) => ({ text: entry.name || entry.numbers[0] || '', right: entry.numbers[0] ?? '', entry })),
    softKeys: (c, row) => softKeys(c, row ? 'soft.dial' : '', '', '', 'soft.back'),
    onKey: (c, k, row) => {
      if (!row) return UNHANDLED;
      if (k.key === 'soft1') return dialChoices(c, choices(row.entry));
      if (k.key === 'ok' || k.key === 'right') {
        const info = new InfoPage({ text: row.entry.name }, (cc) => row.entry.numbers.map((n, i) => `${cc.t(NUMBER_KINDS[i] ?? 'field.number')}\t${n}`));
        return {
          kind: 'push',
          page: {
            title: info.title,
            view: (cc) => ({ ...info.view(cc), softKeys: softKeys(cc, 'soft.dial', '', '', 'soft.back') }),
            key: (cc, kk) => (kk.key === 'soft1' ? dialChoices(cc, choices(row.entry)) : info.key(cc, kk)),
          },
        };
      }
      return UNHANDLED;
    },
  });
}

/** "Search name->name" / "Search number->Number": type, then OK asks the directory. */
function searchPage(by: DirectorySearchBy): MenuPage {
  return new EntryPage({
    title: by === 'name' ? 'menu.searchName' : 'menu.searchNumber',
    prompt: by === 'name' ? 'field.name' : 'field.number',
    modes: by === 'name' ? ['ABC', 'abc', '123'] : ['123'],
    saveLabel: 'soft.search',
    onSave: async (ctx, text): Promise<PageResult> => {
      const dir = ctx.directory();
      if (!dir?.configured()) {
        ctx.notice(ctx.t('notice.ldapNotConfigured'));
        return STAY;
      }
      if (text.trim() === '') return STAY;
      let found: DirectoryEntry[];
      try {
        found = await dir.search(by, text.trim());
      } catch (err) {
        ctx.logger.info('LDAP search failed', { by, error: err instanceof Error ? err.message : String(err) });
        ctx.notice(ctx.t('notice.searchFailed'));
        return STAY;
      }
      if (found.length === 0) {
        ctx.notice(ctx.t('notice.noMatch'));
        return STAY;
      }
      return { kind: 'push', page: resultsPage(by, found) };
    },
  });
}

const ldapList: MenuList = {
  kind: 'list',
  label: 'menu.ldap',
  items: [
    { kind: 'page', label: 'menu.searchName', open: () => searchPage('name') },
    { kind: 'page', label: 'menu.searchNumber', open: () => searchPage('number') },
  ],
};

/** Phone book > LDAP: the two searches, or why there are none. */
export const ldapMenu: PageNode = {
  kind: 'page',
  label: 'menu.ldap',
  open: (ctx: MenuContext, role) => {
    if (ctx.directory()?.configured()) return new ListPage(ldapList, role);
    return new InfoPage('menu.ldap', (c) => [c.t('screen.ldapNotConfigured'), c.t('screen.ldapConfigureHint')]);
  },
};
