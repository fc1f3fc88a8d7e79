import { DESCRIPTION_MAX, NAME_MAX, checkId, checkRequiredText, checkText } from './field-rules.js';
import { storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * Phonebook groups (manual §7 Phone Book > Group: ID, Description, Group Name;
 * Escene `PhoneGroups/group` adds RingType). The personal and the enterprise
 * phonebook each have their own table of this shape. Names are unique because
 * Escene files join contacts to groups by name. Deleting a group puts its
 * contacts back in group "None" (ON DELETE SET NULL), as the manual's default.
 */
export interface PhoneGroup {
  id: number;
  name: string;
  description: string;
  ringType: string;
}

export interface GroupInput {
  /** Chosen by the store (highest + 1) when absent. */
  id?: number;
  name: string;
  description?: string;
  ringType?: string;
}

/** Project limit (the manual gives none): a list the LCD can still page through. */
export const GROUPS_MAX = 100;
const RING_TYPE_MAX = 32;

interface GroupRow {
  id: number;
  name: string;
  description: string;
  ring_type: string;
}

const COLUMNS = 'id, name, description, ring_type';

function fromRow(r: GroupRow): PhoneGroup {
  return { id: r.id, name: r.name, description: r.description, ringType: r.ring_type };
}

export class GroupTable {
  private readonly selectOne;
  private readonly selectByName;
  private readonly selectAll;
  private readonly countAll;
  private readonly insert;
  private readonly updateOne;
  private readonly deleteOne;
  private readonly deleteAll;

  constructor(
    private readonly ctx: StoreContext,
    table: 'phone_groups' | 'enterprise_groups',
    private readonly label: string,
  ) {
    this.selectOne = ctx.prepare<GroupRow>(`SELECT ${COLUMNS} FROM ${table} WHERE id = ?`);
    this.selectByName = ctx.prepare<GroupRow>(`SELECT ${COLUMNS} FROM ${table} WHERE name = ?`);
    this.selectAll = ctx.prepare<GroupRow>(`SELECT ${COLUMNS} FROM ${table} ORDER BY id`);
    this.countAll = ctx.prepare<number>(`SELECT count(*) FROM ${table}`).pluck();
    this.insert = ctx.prepare(`INSERT INTO ${table} (id, name, description, ring_type) VALUES (@id, @name, @description, @ring_type)`);
    this.updateOne = ctx.prepare(`UPDATE ${table} SET name = @name, description = @description, ring_type = @ring_type WHERE id = @id`);
    this.deleteOne = ctx.prepare(`DELETE FROM ${table} WHERE id = ?`);
    this.deleteAll = ctx.prepare(`DELETE FROM ${table}`);
  }

  get(id: number): PhoneGroup | undefined {
    const row = this.ctx.read(`${this.label} get`, () => this.selectOne.get(id));
    return row && fromRow(row);
  }

  byName(name: string): PhoneGroup | undefined {
    const row = this.ctx.read(`${this.label} byName`, () => this.selectByName.get(name));
    return row && fromRow(row);
  }

  list(): PhoneGroup[] {
    return this.ctx.read(`${this.label} list`, () => this.selectAll.all()).map(fromRow);
  }

  count(): number {
    return this.ctx.read(`${this.label} count`, () => this.countAll.get() ?? 0);
  }

  add(input: GroupInput): PhoneGroup {
    const where = `${this.label} add`;
    const fields = this.checkFields(where, input);
    const id = input.id === undefined ? null : checkId(where, input.id);
    return this.ctx.write(where, () => {
      if (this.count() >= GROUPS_MAX) throw storeError('CFG_GROUPS_FULL', `${this.label} full (${GROUPS_MAX})`);
      if (id !== null && this.selectOne.get(id)) throw storeError('CFG_DUPLICATE', `${where}: id ${id} already exists`);
      this.checkNameFree(where, fields.name, undefined);
      const result = this.insert.run({ id, ...fields });
      return fromRow({ id: Number(result.lastInsertRowid), ...fields });
    });
  }

  /** Change name, description or ring type; the id stays. */
  update(id: number, patch: Partial<Omit<GroupInput, 'id'>>): PhoneGroup {
    const where = `${this.label} update ${id}`;
    return this.ctx.write(where, () => {
      const current = this.selectOne.get(id);
      if (!current) throw storeError('CFG_NOT_FOUND', `${where}: no group with id ${id}`);
      const merged = fromRow(current);
      const fields = this.checkFields(where, { ...merged, ...patch });
      this.checkNameFree(where, fields.name, id);
      this.updateOne.run({ id, ...fields });
      return fromRow({ id, ...fields });
    });
  }

  remove(id: number): void {
    const where = `${this.label} remove ${id}`;
    this.ctx.write(where, () => {
      if (this.deleteOne.run(id).changes === 0) throw storeError('CFG_NOT_FOUND', `${where}: no group with id ${id}`);
    });
  }

  /** "Delete All Group" (manual §7). Contacts keep their entries, in group None. */
  clear(): void {
    this.ctx.write(`${this.label} clear`, () => this.deleteAll.run());
  }

  private checkFields(where: string, input: GroupInput): Omit<GroupRow, 'id'> {
    return {
      name: checkRequiredText(where, 'name', input.name, NAME_MAX),
      description: checkText(where, 'description', input.description, DESCRIPTION_MAX),
      ring_type: checkText(where, 'ringType', input.ringType, RING_TYPE_MAX),
    };
  }

  private checkNameFree(where: string, name: string, self: number | undefined): void {
    const other = this.selectByName.get(name);
    if (other && other.id !== self) throw storeError('CFG_DUPLICATE', `${where}: a group named "${name}" already exists (id ${other.id})`);
  }
}
