import { LINE_MAX, checkInt, checkText } from './field-rules.js';
import { storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * Call history: missed, received and dialed calls, 200 of each.
 *
 * Manual, feature list: "Call History(600): every records is 200 with Miss Calls
 * /ReceivedCalls/Dialed Calls". (§4 "Using Call Logs" says "up to 20 entries";
 * we follow the feature list, which is what the issue asks for.) Unlike the
 * phonebook, a full log is normal: the oldest record of that type is dropped in
 * the same transaction that adds the new one, as on the real phone.
 */
export type CallHistoryType = 'missed' | 'received' | 'dialed';
export const CALL_HISTORY_TYPES: readonly CallHistoryType[] = ['missed', 'received', 'dialed'];
export const HISTORY_MAX_PER_TYPE = 200;

export interface CallRecord {
  /** Grows forever (AUTOINCREMENT): a larger id is a later record. */
  id: number;
  type: CallHistoryType;
  /** Wall-clock start, epoch milliseconds (clock.wallTime()). */
  time: number;
  /** Talk time in seconds; 0 for missed calls. */
  durationS: number;
  /** Line (SIP account) index; 0 for a direct IP call without account. */
  line: number;
  remoteUri: string;
  remoteName: string;
  /** What the LCD shows and redials: the user part as received or dialled. */
  number: string;
  /** Why it ended: 'bye', 'cancel', '486', 'no-answer'...; free text from the phone layer. */
  endReason: string;
}

export type CallRecordInput = Pick<CallRecord, 'type' | 'time'> & Partial<Omit<CallRecord, 'id' | 'type' | 'time'>>;

const URI_MAX = 256;
const TEXT_MAX = 64;
const DURATION_MAX = 10 * 24 * 3600;

interface CallRow {
  id: number;
  type: CallHistoryType;
  time: number;
  duration: number;
  line: number;
  remote_uri: string;
  remote_name: string;
  number: string;
  end_reason: string;
}

const COLUMNS = 'id, type, time, duration, line, remote_uri, remote_name, number, end_reason';

function fromRow(r: CallRow): CallRecord {
  return {
    id: r.id,
    type: r.type,
    time: r.time,
    durationS: r.duration,
    line: r.line,
    remoteUri: r.remote_uri,
    remoteName: r.remote_name,
    number: r.number,
    endReason: r.end_reason,
  };
}

function checkType(where: string, type: unknown): CallHistoryType {
  if (!CALL_HISTORY_TYPES.includes(type as CallHistoryType)) throw storeError('CFG_INVALID', `${where}: type ${String(type)} is not one of ${CALL_HISTORY_TYPES.join(', ')}`);
  return type as CallHistoryType;
}

export class CallHistoryTable {
  private readonly selectOne;
  private readonly selectType;
  private readonly countType;
  private readonly insert;
  private readonly dropOldest;
  private readonly deleteOne;
  private readonly deleteType;
  private readonly deleteAll;
  private readonly markStmt;
  private readonly unviewedStmt;

  constructor(private readonly ctx: StoreContext) {
    this.selectOne = ctx.prepare<CallRow>(`SELECT ${COLUMNS} FROM call_history WHERE id = ?`);
    this.selectType = ctx.prepare<CallRow>(`SELECT ${COLUMNS} FROM call_history WHERE type = ? ORDER BY id DESC LIMIT ?`);
    this.countType = ctx.prepare<number>('SELECT count(*) FROM call_history WHERE type = ?').pluck();
    this.insert = ctx.prepare(
      `INSERT INTO call_history (type, time, duration, line, remote_uri, remote_name, number, end_reason)
       VALUES (@type, @time, @duration, @line, @remote_uri, @remote_name, @number, @end_reason)`,
    );
    // Everything of this type at or below the (max+1)-th newest id.
    this.dropOldest = ctx.prepare(
      `DELETE FROM call_history WHERE type = @type AND id <=
         (SELECT id FROM call_history WHERE type = @type ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
    );
    this.deleteOne = ctx.prepare('DELETE FROM call_history WHERE id = ?');
    this.deleteType = ctx.prepare('DELETE FROM call_history WHERE type = ?');
    this.deleteAll = ctx.prepare('DELETE FROM call_history');
    this.markStmt = ctx.prepare(
      `INSERT INTO call_history_views (type, viewed_up_to)
         VALUES (@type, (SELECT coalesce(max(id), 0) FROM call_history WHERE type = @type))
       ON CONFLICT (type) DO UPDATE SET viewed_up_to = excluded.viewed_up_to`,
    );
    this.unviewedStmt = ctx
      .prepare<number>(
        `SELECT count(*) FROM call_history WHERE type = @type
           AND id > coalesce((SELECT viewed_up_to FROM call_history_views WHERE type = @type), 0)`,
      )
      .pluck();
  }

  /** Log a call; when its type already holds 200 records the oldest is dropped in the same transaction. */
  add(input: CallRecordInput): CallRecord {
    const where = 'call history add';
    const row = {
      type: checkType(where, input.type),
      time: checkInt(where, 'time', input.time, 0, Number.MAX_SAFE_INTEGER),
      duration: checkInt(where, 'durationS', input.durationS, 0, DURATION_MAX, 0),
      line: checkInt(where, 'line', input.line, 0, LINE_MAX, 0),
      remote_uri: checkText(where, 'remoteUri', input.remoteUri, URI_MAX),
      remote_name: checkText(where, 'remoteName', input.remoteName, TEXT_MAX),
      number: checkText(where, 'number', input.number, TEXT_MAX),
      end_reason: checkText(where, 'endReason', input.endReason, TEXT_MAX),
    };
    return this.ctx.write(where, () => {
      const id = Number(this.insert.run(row).lastInsertRowid);
      this.dropOldest.run({ type: row.type, keep: HISTORY_MAX_PER_TYPE });
      return fromRow({ ...row, id });
    });
  }

  /** Newest first. */
  list(type: CallHistoryType, limit = HISTORY_MAX_PER_TYPE): CallRecord[] {
    checkType('call history list', type);
    return this.ctx.read('call history list', () => this.selectType.all(type, limit)).map(fromRow);
  }

  get(id: number): CallRecord | undefined {
    const row = this.ctx.read('call history get', () => this.selectOne.get(id));
    return row && fromRow(row);
  }

  count(type: CallHistoryType): number {
    checkType('call history count', type);
    return this.ctx.read('call history count', () => this.countType.get(type) ?? 0);
  }

  remove(id: number): void {
    const where = `call history remove ${id}`;
    this.ctx.write(where, () => {
      if (this.deleteOne.run(id).changes === 0) throw storeError('CFG_NOT_FOUND', `${where}: no record with id ${id}`);
    });
  }

  /** Clear one list, or all three. */
  clear(type?: CallHistoryType): void {
    if (type !== undefined) checkType('call history clear', type);
    this.ctx.write('call history clear', () => (type === undefined ? this.deleteAll.run() : this.deleteType.run(type)));
  }

  /** The user opened this list: its records stop counting as new. */
  markViewed(type: CallHistoryType): void {
    checkType('call history markViewed', type);
    this.ctx.write('call history markViewed', () => this.markStmt.run({ type }));
  }

  /** Records added since the list was last viewed (the LCD's "N missed calls"). */
  unviewedCount(type: CallHistoryType = 'missed'): number {
    checkType('call history unviewedCount', type);
    return this.ctx.read('call history unviewedCount', () => this.unviewedStmt.get({ type }) ?? 0);
  }
}
