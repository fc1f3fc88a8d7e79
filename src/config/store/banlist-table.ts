import {
  type AccountChoice,
  DESCRIPTION_MAX,
  NAME_MAX,
  accountFromColumn,
  accountToColumn,
  checkAccount,
  checkId,
  checkPhoneNumber,
  checkText,
} from './field-rules.js';
import { storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * The banlist (blacklist). Fields are the manual's Phone Book > BanList page
 * (§7): Serial Number, Description, First Name, Last Name, Mobile / Home / Office
 * Number, Account ("the ban contact can't dial to this SIP account").
 */
export interface BanEntry {
  id: number;
  description: string;
  firstName: string;
  lastName: string;
  mobile: string;
  home: string;
  office: string;
  /** The account the ban applies to; 'auto' = every account. */
  account: AccountChoice;
}

export type BanInput = Partial<Omit<BanEntry, 'id'>> & { id?: number };

/** Project limit: the manual gives none for the banlist. 100 rows, matched on every incoming call. */
export const BANLIST_MAX = 100;

interface BanRow {
  id: number;
  description: string;
  first_name: string;
  last_name: string;
  mobile: string;
  home: string;
  office: string;
  account: number | null;
}

const COLUMNS = 'id, description, first_name, last_name, mobile, home, office, account';

function fromRow(r: BanRow): BanEntry {
  return {
    id: r.id,
    description: r.description,
    firstName: r.first_name,
    lastName: r.last_name,
    mobile: r.mobile,
    home: r.home,
    office: r.office,
    account: accountFromColumn(r.account),
  };
}

function toRow(where: string, input: BanInput): Omit<BanRow, 'id'> & { id: number | null } {
  const row = {
    id: input.id === undefined ? null : checkId(where, input.id),
    description: checkText(where, 'description', input.description, DESCRIPTION_MAX),
    first_name: checkText(where, 'firstName', input.firstName, NAME_MAX),
    last_name: checkText(where, 'lastName', input.lastName, NAME_MAX),
    mobile: checkPhoneNumber(where, 'mobile', input.mobile),
    home: checkPhoneNumber(where, 'home', input.home),
    office: checkPhoneNumber(where, 'office', input.office),
    account: accountToColumn(checkAccount(where, input.account)),
  };
  if (row.mobile === '' && row.home === '' && row.office === '') throw storeError('CFG_INVALID', `${where}: a ban needs at least one number`);
  return row;
}

export class BanlistTable {
  private readonly selectOne;
  private readonly selectAll;
  private readonly countAll;
  private readonly selectByNumber;
  private readonly insert;
  private readonly updateOne;
  private readonly deleteOne;
  private readonly deleteAll;

  constructor(private readonly ctx: StoreContext) {
    this.selectOne = ctx.prepare<BanRow>(`SELECT ${COLUMNS} FROM banlist WHERE id = ?`);
    this.selectAll = ctx.prepare<BanRow>(`SELECT ${COLUMNS} FROM banlist ORDER BY id`);
    this.countAll = ctx.prepare<number>('SELECT count(*) FROM banlist').pluck();
    this.selectByNumber = ctx.prepare<BanRow>(
      `SELECT ${COLUMNS} FROM banlist WHERE (mobile = @n OR home = @n OR office = @n)
         AND (@line IS NULL OR account IS NULL OR account = @line) ORDER BY id LIMIT 1`,
    );
    this.insert = ctx.prepare(
      `INSERT INTO banlist (${COLUMNS}) VALUES (@id, @description, @first_name, @last_name, @mobile, @home, @office, @account)`,
    );
    this.updateOne = ctx.prepare(
      `UPDATE banlist SET description = @description, first_name = @first_name, last_name = @last_name, mobile = @mobile,
         home = @home, office = @office, account = @account WHERE id = @id`,
    );
    this.deleteOne = ctx.prepare('DELETE FROM banlist WHERE id = ?');
    this.deleteAll = ctx.prepare('DELETE FROM banlist');
  }

  get(id: number): BanEntry | undefined {
    const row = this.ctx.read('banlist get', () => this.selectOne.get(id));
    return row && fromRow(row);
  }

  list(): BanEntry[] {
    return this.ctx.read('banlist list', () => this.selectAll.all()).map(fromRow);
  }

  count(): number {
    return this.ctx.read('banlist count', () => this.countAll.get() ?? 0);
  }

  /** The entry banning `number` on `line` (or on any line when absent), if any: the incoming-call check. */
  match(number: string, line?: number): BanEntry | undefined {
    if (number === '') return undefined;
    const row = this.ctx.read('banlist match', () => this.selectByNumber.get({ n: number, line: line ?? null }));
    return row && fromRow(row);
  }

  add(input: BanInput): BanEntry {
    const where = 'banlist add';
    const row = toRow(where, input);
    return this.ctx.write(where, () => {
      if (this.count() >= BANLIST_MAX) throw storeError('CFG_BANLIST_FULL', `banlist full (${BANLIST_MAX})`);
      if (row.id !== null && this.selectOne.get(row.id)) throw storeError('CFG_DUPLICATE', `${where}: id ${row.id} already exists`);
      this.checkNumbersFree(where, row, undefined);
      const id = Number(this.insert.run(row).lastInsertRowid);
      return fromRow({ ...row, id });
    });
  }

  update(id: number, patch: Omit<BanInput, 'id'>): BanEntry {
    const where = `banlist update ${id}`;
    return this.ctx.write(where, () => {
      const current = this.selectOne.get(id);
      if (!current) throw storeError('CFG_NOT_FOUND', `${where}: no entry with id ${id}`);
      const row = { ...toRow(where, { ...fromRow(current), ...patch, id }), id };
      this.checkNumbersFree(where, row, id);
      this.updateOne.run(row);
      return fromRow(row);
    });
  }

  remove(id: number): void {
    const where = `banlist remove ${id}`;
    this.ctx.write(where, () => {
      if (this.deleteOne.run(id).changes === 0) throw storeError('CFG_NOT_FOUND', `${where}: no entry with id ${id}`);
    });
  }

  /** "Delete All BanList" (manual §7). */
  clear(): void {
    this.ctx.write('banlist clear', () => this.deleteAll.run());
  }

  /** One number is banned once: a second entry for it would make edits and removal ambiguous. */
  private checkNumbersFree(where: string, row: Omit<BanRow, 'id'>, self: number | undefined): void {
    for (const number of [row.mobile, row.home, row.office]) {
      if (number === '') continue;
      const holder = this.selectByNumber.get({ n: number, line: null });
      if (holder && holder.id !== self) throw storeError('CFG_DUPLICATE', `${where}: ${number} is already banned by entry ${holder.id}`);
    }
  }
}
