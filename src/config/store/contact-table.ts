import { CONTACT_COLUMNS, type Contact, type ContactInput, type ContactRow, contactFromRow, contactToRow } from './contact-fields.js';
import { prefixPattern } from './field-rules.js';
import type { GroupTable } from './group-table.js';
import { type StoreErrorCode, storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * A phonebook table with a hard size limit: the personal phonebook (300, manual
 * §7 "The phonebook can storage 300 contact entry") and the enterprise one (800).
 * A full book refuses the new entry with an error and writes nothing: the manual's
 * limits are never met by silent truncation.
 */
export interface PhonebookLimits {
  table: 'contacts' | 'enterprise_contacts';
  /** For messages: "personal phonebook". */
  label: string;
  max: number;
  fullCode: StoreErrorCode;
  /** Short text in the full error: "phonebook full (300)". */
  fullText: string;
  /** Speed-dial ids must be unique (personal book; a downloaded book is taken as served). */
  uniqueSpeedDial: boolean;
}

export interface PhonebookSearchOptions {
  /** At most this many results (default 50). */
  limit?: number;
}

const LIKE = "LIKE @pattern ESCAPE '\\'";

export class ContactTable {
  private readonly selectOne;
  private readonly selectAll;
  private readonly countAll;
  private readonly selectByNumber;
  private readonly selectBySpeedDial;
  private readonly searchStmt;
  private readonly insert;
  private readonly updateOne;
  private readonly deleteOne;
  private readonly deleteAll;

  constructor(
    private readonly ctx: StoreContext,
    private readonly groups: GroupTable,
    readonly limits: PhonebookLimits,
  ) {
    const t = limits.table;
    this.selectOne = ctx.prepare<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM ${t} WHERE id = ?`);
    this.selectAll = ctx.prepare<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM ${t} ORDER BY id`);
    this.countAll = ctx.prepare<number>(`SELECT count(*) FROM ${t}`).pluck();
    this.selectByNumber = ctx.prepare<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM ${t} WHERE mobile = @n OR office = @n OR other = @n ORDER BY id LIMIT 1`,
    );
    this.selectBySpeedDial = ctx.prepare<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM ${t} WHERE speed_dial = ? AND speed_dial > 0`);
    this.searchStmt = ctx.prepare<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM ${t}
       WHERE first_name ${LIKE} OR last_name ${LIKE} OR display_name ${LIKE}
          OR (first_name || ' ' || last_name) ${LIKE}
          OR mobile ${LIKE} OR office ${LIKE} OR other ${LIKE}
       ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id
       LIMIT @limit`,
    );
    this.insert = ctx.prepare(
      `INSERT INTO ${t} (${CONTACT_COLUMNS}) VALUES (@id, @first_name, @last_name, @display_name, @mobile, @office, @other,
        @group_id, @group_two_id, @account, @speed_dial, @use_blf)`,
    );
    this.updateOne = ctx.prepare(
      `UPDATE ${t} SET first_name = @first_name, last_name = @last_name, display_name = @display_name, mobile = @mobile,
        office = @office, other = @other, group_id = @group_id, group_two_id = @group_two_id, account = @account,
        speed_dial = @speed_dial, use_blf = @use_blf WHERE id = @id`,
    );
    this.deleteOne = ctx.prepare(`DELETE FROM ${t} WHERE id = ?`);
    this.deleteAll = ctx.prepare(`DELETE FROM ${t}`);
  }

  get(id: number): Contact | undefined {
    const row = this.ctx.read(`${this.limits.label} get`, () => this.selectOne.get(id));
    return row && contactFromRow(row);
  }

  /** Every entry, by serial number. */
  list(): Contact[] {
    return this.ctx.read(`${this.limits.label} list`, () => this.selectAll.all()).map(contactFromRow);
  }

  count(): number {
    return this.ctx.read(`${this.limits.label} count`, () => this.countAll.get() ?? 0);
  }

  /** The first entry with this exact number (caller-id name lookup). */
  findByNumber(number: string): Contact | undefined {
    if (number === '') return undefined;
    const row = this.ctx.read(`${this.limits.label} findByNumber`, () => this.selectByNumber.get({ n: number }));
    return row && contactFromRow(row);
  }

  /**
   * Entries whose first name, last name, "first last", display name or any number
   * starts with `text` (case-insensitive for ASCII letters), sorted by name: the
   * LCD narrows the list as digits or letters are typed while dialling.
   */
  search(text: string, options: PhonebookSearchOptions = {}): Contact[] {
    const limit = Math.max(1, Math.min(options.limit ?? 50, this.limits.max));
    const rows = this.ctx.read(`${this.limits.label} search`, () => this.searchStmt.all({ pattern: prefixPattern(text.trim()), limit }));
    return rows.map(contactFromRow);
  }

  /** Add one entry. The 301st personal contact is refused (CFG_PHONEBOOK_FULL) and nothing is written. */
  add(input: ContactInput): Contact {
    return this.addMany([input])[0]!;
  }

  /** Add several entries in one transaction: all of them, or none (an import that does not fit is refused whole). */
  addMany(inputs: ContactInput[]): Contact[] {
    const where = `${this.limits.label} add`;
    const rows = inputs.map((input) => contactToRow(where, input));
    if (rows.length === 0) return [];
    return this.ctx.write(where, () => {
      const count = this.count();
      if (count + rows.length > this.limits.max) {
        const extra = rows.length > 1 ? `: ${count} stored, ${rows.length} more do not fit` : '';
        throw storeError(this.limits.fullCode, `${this.limits.fullText}${extra}`);
      }
      return rows.map((row) => {
        if (row.id !== null && this.selectOne.get(row.id)) throw storeError('CFG_DUPLICATE', `${where}: id ${row.id} already exists`);
        this.checkReferences(where, row, undefined);
        const id = Number(this.insert.run(row).lastInsertRowid);
        return contactFromRow({ ...row, id });
      });
    });
  }

  /** Change fields of an entry; absent fields keep their value. */
  update(id: number, patch: Omit<ContactInput, 'id'>): Contact {
    const where = `${this.limits.label} update ${id}`;
    return this.ctx.write(where, () => {
      const current = this.selectOne.get(id);
      if (!current) throw storeError('CFG_NOT_FOUND', `${where}: no entry with id ${id}`);
      const row = { ...contactToRow(where, { ...contactFromRow(current), ...patch, id }), id };
      this.checkReferences(where, row, id);
      this.updateOne.run(row);
      return contactFromRow(row);
    });
  }

  remove(id: number): void {
    const where = `${this.limits.label} remove ${id}`;
    this.ctx.write(where, () => {
      if (this.deleteOne.run(id).changes === 0) throw storeError('CFG_NOT_FOUND', `${where}: no entry with id ${id}`);
    });
  }

  /** "Delete All Contact" (manual §7). */
  clear(): void {
    this.ctx.write(`${this.limits.label} clear`, () => this.deleteAll.run());
  }

  private checkReferences(where: string, row: Omit<ContactRow, 'id'>, self: number | undefined): void {
    for (const [field, groupId] of [['groupId', row.group_id], ['groupTwoId', row.group_two_id]] as const) {
      if (groupId !== null && !this.groups.get(groupId)) throw storeError('CFG_NOT_FOUND', `${where}: ${field} ${groupId}: no such group`);
    }
    if (this.limits.uniqueSpeedDial && row.speed_dial > 0) {
      const holder = this.selectBySpeedDial.get(row.speed_dial);
      if (holder && holder.id !== self) {
        throw storeError('CFG_DUPLICATE', `${where}: speed dial ${row.speed_dial} is already used by entry ${holder.id}`);
      }
    }
  }
}
