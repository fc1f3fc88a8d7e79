import { LINE_MAX, checkBool, checkInt, checkText } from './field-rules.js';
import { storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * Text messages (SMS): SIP MESSAGE requests (RFC 3428) received and sent, 100
 * per direction.
 *
 * A full inbox is normal on a desk phone, not an error: like the call history,
 * the oldest message of that direction is dropped in the same transaction that
 * adds the new one, so the user always sees the newest (as Yealink phones do).
 * Refusing the insert instead would lose the message that just arrived, which
 * the sender was already told was delivered (200 OK).
 */
export type TextMessageDirection = 'in' | 'out';
export const TEXT_MESSAGE_DIRECTIONS: readonly TextMessageDirection[] = ['in', 'out'];
/** Per direction: 100 received and 100 sent. */
export const TEXT_MESSAGES_MAX = 100;
/**
 * Body limit in UTF-8 bytes. RFC 3428 §8: a MESSAGE sent over a transport without
 * congestion control (UDP) must not be larger than 1300 bytes, since it cannot be
 * fragmented safely; the body is the bulk of it. Longer bodies are refused, never
 * truncated: a cut message can change its meaning.
 */
export const TEXT_MESSAGE_BODY_MAX = 1300;

export interface TextMessage {
  /** Grows forever (AUTOINCREMENT): a larger id is a later message. */
  id: number;
  direction: TextMessageDirection;
  /** Wall-clock time received or sent, epoch milliseconds (clock.wallTime()). */
  time: number;
  /** Line (SIP account) index; 0 for a direct IP message without account. */
  line: number;
  remoteUri: string;
  remoteName: string;
  /** What the LCD shows and replies to: the user part as received or dialled. */
  number: string;
  body: string;
  /** For 'out': 'sending' | 'sent' | 'failed: <reason>'; '' for 'in'. Free text from the phone layer. */
  status: string;
  /** The user has opened it. Only incoming messages count as unread. */
  read: boolean;
}

export type TextMessageInput = Pick<TextMessage, 'direction' | 'time' | 'body'> &
  Partial<Pick<TextMessage, 'line' | 'remoteUri' | 'remoteName' | 'number' | 'status' | 'read'>>;

export interface TextMessageListOptions {
  /** Both directions when absent. */
  direction?: TextMessageDirection;
  limit?: number;
}

const URI_MAX = 256;
const TEXT_MAX = 64;
const STATUS_MAX = 128;
const ID_MAX = Number.MAX_SAFE_INTEGER;

interface TextMessageRow {
  id: number;
  direction: TextMessageDirection;
  time: number;
  line: number;
  remote_uri: string;
  remote_name: string;
  number: string;
  body: string;
  status: string;
  read: number;
}

const COLUMNS = 'id, direction, time, line, remote_uri, remote_name, number, body, status, read';

function fromRow(r: TextMessageRow): TextMessage {
  return {
    id: r.id,
    direction: r.direction,
    time: r.time,
    line: r.line,
    remoteUri: r.remote_uri,
    remoteName: r.remote_name,
    number: r.number,
    body: r.body,
    status: r.status,
    read: r.read === 1,
  };
}

function checkDirection(where: string, direction: unknown): TextMessageDirection {
  if (!TEXT_MESSAGE_DIRECTIONS.includes(direction as TextMessageDirection)) {
    throw storeError('CFG_INVALID', `${where}: direction ${String(direction)} is not one of ${TEXT_MESSAGE_DIRECTIONS.join(', ')}`);
  }
  return direction as TextMessageDirection;
}

/**
 * Line breaks and tabs are part of a message; other C0 controls and DEL are
 * refused (checkText's reason: they break XML export and LCD rendering).
 */
function hasControlCharsBesidesBreaks(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

function checkBody(where: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw storeError('CFG_INVALID', `${where}: body must be text, got ${typeof value}`);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > TEXT_MESSAGE_BODY_MAX) {
    throw storeError(
      'CFG_INVALID',
      `${where}: body is ${bytes} bytes in UTF-8, at most ${TEXT_MESSAGE_BODY_MAX} allowed (RFC 3428 §8 MESSAGE size limit)`,
    );
  }
  if (hasControlCharsBesidesBreaks(value)) throw storeError('CFG_INVALID', `${where}: body contains control characters`);
  return value;
}

export class TextMessageTable {
  private readonly selectOne;
  private readonly selectAll;
  private readonly selectDirection;
  private readonly insert;
  private readonly dropOldest;
  private readonly updateStatus;
  private readonly markOne;
  private readonly markAllIn;
  private readonly unreadStmt;
  private readonly deleteOne;
  private readonly deleteDirection;
  private readonly deleteEvery;

  constructor(private readonly ctx: StoreContext) {
    this.selectOne = ctx.prepare<TextMessageRow>(`SELECT ${COLUMNS} FROM text_messages WHERE id = ?`);
    this.selectAll = ctx.prepare<TextMessageRow>(`SELECT ${COLUMNS} FROM text_messages ORDER BY id DESC LIMIT ?`);
    this.selectDirection = ctx.prepare<TextMessageRow>(
      `SELECT ${COLUMNS} FROM text_messages WHERE direction = ? ORDER BY id DESC LIMIT ?`,
    );
    this.insert = ctx.prepare(
      `INSERT INTO text_messages (direction, time, line, remote_uri, remote_name, number, body, status, read)
       VALUES (@direction, @time, @line, @remote_uri, @remote_name, @number, @body, @status, @read)`,
    );
    // Everything of this direction at or below the (max+1)-th newest id.
    this.dropOldest = ctx.prepare(
      `DELETE FROM text_messages WHERE direction = @direction AND id <=
         (SELECT id FROM text_messages WHERE direction = @direction ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
    );
    this.updateStatus = ctx.prepare('UPDATE text_messages SET status = ? WHERE id = ?');
    this.markOne = ctx.prepare('UPDATE text_messages SET read = 1 WHERE id = ? AND read = 0');
    this.markAllIn = ctx.prepare("UPDATE text_messages SET read = 1 WHERE direction = 'in' AND read = 0");
    this.unreadStmt = ctx.prepare<number>("SELECT count(*) FROM text_messages WHERE direction = 'in' AND read = 0").pluck();
    this.deleteOne = ctx.prepare('DELETE FROM text_messages WHERE id = ?');
    this.deleteDirection = ctx.prepare('DELETE FROM text_messages WHERE direction = ?');
    this.deleteEvery = ctx.prepare('DELETE FROM text_messages');
  }

  /**
   * Store a message; when its direction already holds 100 the oldest of that
   * direction is dropped in the same transaction. `read` defaults to false for
   * incoming and true for outgoing messages (the user wrote those).
   */
  add(input: TextMessageInput): TextMessage {
    const where = 'text message add';
    const direction = checkDirection(where, input.direction);
    const row = {
      direction,
      time: checkInt(where, 'time', input.time, 0, Number.MAX_SAFE_INTEGER),
      line: checkInt(where, 'line', input.line, 0, LINE_MAX, 0),
      remote_uri: checkText(where, 'remoteUri', input.remoteUri, URI_MAX),
      remote_name: checkText(where, 'remoteName', input.remoteName, TEXT_MAX),
      number: checkText(where, 'number', input.number, TEXT_MAX),
      body: checkBody(where, input.body),
      status: checkText(where, 'status', input.status, STATUS_MAX),
      read: (input.read === undefined ? direction === 'out' : checkBool(where, 'read', input.read)) ? 1 : 0,
    };
    return this.ctx.write(where, () => {
      const id = Number(this.insert.run(row).lastInsertRowid);
      this.dropOldest.run({ direction, keep: TEXT_MESSAGES_MAX });
      return fromRow({ ...row, id });
    });
  }

  get(id: number): TextMessage | undefined {
    const row = this.ctx.read('text message get', () => this.selectOne.get(id));
    return row && fromRow(row);
  }

  /** Newest first; both directions unless one is asked for. */
  list(opts: TextMessageListOptions = {}): TextMessage[] {
    const where = 'text message list';
    const limit = checkInt(where, 'limit', opts.limit, 0, ID_MAX, 2 * TEXT_MESSAGES_MAX);
    if (opts.direction === undefined) return this.ctx.read(where, () => this.selectAll.all(limit)).map(fromRow);
    const direction = checkDirection(where, opts.direction);
    return this.ctx.read(where, () => this.selectDirection.all(direction, limit)).map(fromRow);
  }

  /** An outgoing message's fate: 'sending', then 'sent' (2xx) or 'failed: <reason>'. */
  setStatus(id: number, status: string): TextMessage {
    const where = `text message setStatus ${id}`;
    const text = checkText(where, 'status', status, STATUS_MAX);
    return this.ctx.write(where, () => {
      if (this.updateStatus.run(text, id).changes === 0) throw storeError('CFG_NOT_FOUND', `${where}: no message with id ${id}`);
      return fromRow(this.selectOne.get(id)!);
    });
  }

  /** Mark one message read, or every incoming one when `id` is absent. Returns how many changed. */
  markRead(id?: number): number {
    const where = 'text message markRead';
    if (id === undefined) return this.ctx.write(where, () => this.markAllIn.run().changes);
    const checked = checkInt(where, 'id', id, 0, ID_MAX);
    return this.ctx.write(where, () => this.markOne.run(checked).changes);
  }

  /** Incoming messages not yet opened (the LCD's new-message indicator). */
  unreadCount(): number {
    return this.ctx.read('text message unreadCount', () => this.unreadStmt.get() ?? 0);
  }

  /** Whether a message with that id existed. */
  delete(id: number): boolean {
    return this.ctx.write(`text message delete ${id}`, () => this.deleteOne.run(id).changes > 0);
  }

  /** Empty one box, or both. Returns how many messages were removed. */
  deleteAll(direction?: TextMessageDirection): number {
    const where = 'text message deleteAll';
    if (direction === undefined) return this.ctx.write(where, () => this.deleteEvery.run().changes);
    const checked = checkDirection(where, direction);
    return this.ctx.write(where, () => this.deleteDirection.run(checked).changes);
  }
}
