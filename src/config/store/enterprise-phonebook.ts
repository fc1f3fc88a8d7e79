import type { Contact, ContactInput } from './contact-fields.js';
import { ContactTable, type PhonebookSearchOptions } from './contact-table.js';
import { GroupTable, type GroupInput, type PhoneGroup } from './group-table.js';
import { storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * The enterprise phonebook: "download with server, and it support 800 contacts"
 * (manual, feature list; §7 Phone Book > Enterprise Phonebook). The phone never
 * edits it: a download replaces it as a whole, in one transaction, so a bad or
 * oversized file leaves the previous book untouched.
 */
export const ENTERPRISE_MAX = 800;

export interface EnterpriseDownload {
  /** Give ids when contacts refer to groups by id; Escene files join by name, so the importer assigns them. */
  groups: GroupInput[];
  contacts: ContactInput[];
}

export class EnterprisePhonebook {
  private readonly groupTable: GroupTable;
  private readonly contactTable: ContactTable;

  constructor(private readonly ctx: StoreContext) {
    this.groupTable = new GroupTable(ctx, 'enterprise_groups', 'enterprise groups');
    this.contactTable = new ContactTable(ctx, this.groupTable, {
      table: 'enterprise_contacts',
      label: 'enterprise phonebook',
      max: ENTERPRISE_MAX,
      fullCode: 'CFG_ENTERPRISE_FULL',
      fullText: `enterprise phonebook full (${ENTERPRISE_MAX})`,
      uniqueSpeedDial: false,
    });
  }

  list(): Contact[] {
    return this.contactTable.list();
  }

  get(id: number): Contact | undefined {
    return this.contactTable.get(id);
  }

  count(): number {
    return this.contactTable.count();
  }

  groups(): PhoneGroup[] {
    return this.groupTable.list();
  }

  search(text: string, options?: PhonebookSearchOptions): Contact[] {
    return this.contactTable.search(text, options);
  }

  findByNumber(number: string): Contact | undefined {
    return this.contactTable.findByNumber(number);
  }

  /** Replace the whole book with a download. All or nothing. */
  replaceAll(download: EnterpriseDownload): { groups: number; contacts: number } {
    if (download.contacts.length > ENTERPRISE_MAX) {
      throw storeError(
        'CFG_ENTERPRISE_FULL',
        `enterprise phonebook full (${ENTERPRISE_MAX}): the download has ${download.contacts.length} entries, nothing was changed`,
      );
    }
    return this.ctx.write('enterprise phonebook replace', () => {
      this.contactTable.clear();
      this.groupTable.clear();
      for (const group of download.groups) this.groupTable.add(group);
      this.contactTable.addMany(download.contacts);
      return { groups: download.groups.length, contacts: download.contacts.length };
    });
  }

  clear(): void {
    this.ctx.write('enterprise phonebook clear', () => {
      this.contactTable.clear();
      this.groupTable.clear();
    });
  }
}
