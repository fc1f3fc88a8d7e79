import type { Contact, ContactInput } from '../../config/index.js';
import type { MessageId } from '../i18n/en.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { contactName, contactNumbers } from './call-history-pages.js';
import { dialChoices } from './dial-options-page.js';
import { ConfirmPage } from './info-page.js';
import { POP, STAY, UNHANDLED, softKeys, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';
import { pickPage } from './pick-page.js';
import { EntryPage } from './text-page.js';

/** The manual's limit: "the size of number is 19 byte" (§1). */
const NUMBER_MAX = 19;
const NAME_MAX = 32;

type Field = 'name' | 'mobile' | 'office' | 'other' | 'group';
const FIELDS: ReadonlyArray<{ field: Field; label: MessageId }> = [
  { field: 'name', label: 'field.name' },
  { field: 'mobile', label: 'field.number1' },
  { field: 'office', label: 'field.number2' },
  { field: 'other', label: 'field.number3' },
  { field: 'group', label: 'field.group' },
];

interface Draft {
  name: string;
  mobile: string;
  office: string;
  other: string;
  groupId: number | null;
}

/** A store refusal as a notice: its own words in English, a short text otherwise. */
export function storeFailure(ctx: MenuContext, err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'CFG_PHONEBOOK_FULL') return ctx.t('notice.phonebookFull');
  if (code === 'CFG_DUPLICATE') return ctx.t('notice.duplicate');
  if (ctx.language() === 'en' && err instanceof Error) return err.message.replace(/^[^:]*: /, '');
  return ctx.t('notice.saveFailed');
}

/**
 * Add or edit a personal contact (manual §5 "Add Contacts": "Use the navigation
 * keys to select content, press OK button to set and modify: Name, NO.1-3,
 * Group; Press Save soft key to complete"). Edits are kept on the page until
 * Save writes them to the phone book; Back leaves them.
 */
export class ContactFormPage implements MenuPage {
  readonly title: MessageId;
  private cursor = 0;
  private readonly draft: Draft;
  private readonly originalName: string;

  constructor(
    private readonly existing: Contact | undefined,
    groupId: number | null = null,
  ) {
    this.title = existing ? 'menu.editContact' : 'menu.addContact';
    this.originalName = existing ? contactName(existing) : '';
    this.draft = existing
      ? { name: this.originalName, mobile: existing.mobile, office: existing.office, other: existing.other, groupId: existing.groupId }
      : { name: '', mobile: '', office: '', other: '', groupId };
  }

  private value(ctx: MenuContext, f: Field): string {
    if (f !== 'group') return this.draft[f];
    const g = this.draft.groupId === null ? undefined : ctx.db?.groups.get(this.draft.groupId);
    return g ? g.name : ctx.t('value.none');
  }

  view(ctx: MenuContext): ScreenView {
    const rows = ctx.layout().textRows - 1;
    const top = Math.max(0, Math.min(this.cursor - rows + 1, FIELDS.length - rows));
    const shown = FIELDS.slice(top, top + rows).map((f) => {
      const v = this.value(ctx, f.field);
      return v === '' ? ctx.t(f.label) : `${ctx.t(f.label)}\t${v}`;
    });
    return {
      lines: [ctx.t(this.title), ...shown],
      softKeys: this.existing ? softKeys(ctx, 'soft.save', 'soft.dial', 'soft.del', 'soft.back') : softKeys(ctx, 'soft.save', '', '', 'soft.back'),
      selected: 1 + this.cursor - top,
      scroll: { up: top > 0, down: top + rows < FIELDS.length },
    };
  }

  async key(ctx: MenuContext, k: KeyPress): Promise<PageResult> {
    switch (k.key) {
      case 'up':
        this.cursor = (this.cursor + FIELDS.length - 1) % FIELDS.length;
        return STAY;
      case 'down':
        this.cursor = (this.cursor + 1) % FIELDS.length;
        return STAY;
      case 'ok':
      case 'right':
        return { kind: 'push', page: this.editor(FIELDS[this.cursor]!.field, FIELDS[this.cursor]!.label) };
      case 'soft1':
        return this.save(ctx);
      case 'soft2':
        return this.existing ? dialChoices(ctx, contactNumbers({ ...this.existing, ...this.draft })) : UNHANDLED;
      case 'soft3':
        if (!this.existing) return UNHANDLED;
        return { kind: 'push', page: deleteContactPage(this.existing, 2) };
      case 'c':
      case 'left':
      case 'soft4':
        return POP;
      default:
        if (/^[1-5]$/.test(k.key)) {
          this.cursor = Number(k.key) - 1;
          return { kind: 'push', page: this.editor(FIELDS[this.cursor]!.field, FIELDS[this.cursor]!.label) };
        }
        return UNHANDLED;
    }
  }

  private editor(field: Field, label: MessageId): MenuPage {
    if (field === 'group') return groupChoicePage((id) => (this.draft.groupId = id), () => this.draft.groupId);
    return new EntryPage({
      title: label,
      initial: this.draft[field],
      modes: field === 'name' ? ['ABC', 'abc', '123'] : ['123'],
      maxLength: field === 'name' ? NAME_MAX : NUMBER_MAX,
      onSave: (_ctx, text) => {
        this.draft[field] = field === 'name' ? text.trim() : text;
        return POP;
      },
    });
  }

  private save(ctx: MenuContext): PageResult {
    const db = ctx.db;
    if (!db) return STAY;
    const d = this.draft;
    if (d.name === '' && d.mobile === '' && d.office === '' && d.other === '') {
      ctx.notice(ctx.t('notice.nameOrNumber'));
      return STAY;
    }
    const fields: ContactInput = { mobile: d.mobile, office: d.office, other: d.other, groupId: d.groupId };
    // a changed name replaces the web's first/last/display names: the LCD has one Name field
    if (!this.existing || d.name !== this.originalName) Object.assign(fields, { firstName: d.name, lastName: '', displayName: '' });
    try {
      if (this.existing) db.contacts.update(this.existing.id, fields);
      else db.contacts.add(fields);
    } catch (err) {
      ctx.notice(storeFailure(ctx, err));
      return STAY;
    }
    return { kind: 'pop', notice: ctx.t('notice.saved') };
  }
}

/** "Delete contact?": OK removes it and leaves `pops` pages (the question, and the form it came from). */
export function deleteContactPage(c: Contact, pops = 1): MenuPage {
  return new ConfirmPage({ text: contactName(c) }, 'confirm.deleteContact', (ctx) => {
    try {
      ctx.db?.contacts.remove(c.id);
    } catch (err) {
      return storeFailure(ctx, err);
    }
    return ctx.t('notice.deleted');
  }, pops);
}

/** The groups to file a contact under, "None" first (manual §7: "the group is None by default"). */
function groupChoicePage(set: (id: number | null) => void, current: () => number | null): MenuPage {
  return pickPage<number | null>(
    'field.group',
    (ctx) => [{ value: null, text: ctx.t('value.none') }, ...(ctx.db?.groups.list() ?? []).map((g) => ({ value: g.id, text: g.name }))],
    current,
    (_ctx, id) => {
      set(id);
      return POP;
    },
  );
}
