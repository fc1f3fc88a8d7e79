/**
 * Text messages (src/config/store/text-message-table.ts) — proves:
 *  - every field round-trips; get/list return what add returned, newest first,
 *    and list filters by direction and honours a limit;
 *  - each direction holds 100; the 101st drops the oldest of THAT direction only,
 *    in the same write (the other box keeps its oldest);
 *  - a body over 1300 UTF-8 bytes (700 two-byte characters = 1400 bytes, although
 *    only 700 characters) is refused with CFG_INVALID naming 1300, nothing written;
 *    exactly 1300 bytes is accepted; line breaks are kept; bad fields are refused;
 *  - markRead (one, or all incoming) and unreadCount; outgoing messages never count;
 *  - setStatus updates an outgoing message, CFG_NOT_FOUND for a missing id;
 *  - delete / deleteAll (one box or both) report what they removed; factoryReset
 *    empties the table;
 *  - a file at schema version 2 (made by the shipped migrations 1-2) migrates to
 *    version 3 keeping its call history, and then stores messages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  MIGRATIONS,
  type Migration,
  PHONE_DB_FILE,
  SCHEMA_VERSION,
  TEXT_MESSAGES_MAX,
  TEXT_MESSAGE_BODY_MAX,
  openMemoryPhoneDatabase,
  openPhoneDatabase,
} from '../../../src/config/index.js';

function errorOf(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error');
}

describe('text messages: fields, order, filter', () => {
  it('keeps every field and lists newest first, by direction', () => {
    const db = openMemoryPhoneDatabase();
    const inbound = db.textMessages.add({
      direction: 'in',
      time: 1_732_640_000_123,
      line: 2,
      remoteUri: 'sip:2001@pbx.example;transport=tcp',
      remoteName: 'Ann Lee',
      number: '2001',
      body: 'Lunch at 12?\nReply soon',
    });
    expect(db.textMessages.get(inbound.id)).toEqual({
      id: inbound.id,
      direction: 'in',
      time: 1_732_640_000_123,
      line: 2,
      remoteUri: 'sip:2001@pbx.example;transport=tcp',
      remoteName: 'Ann Lee',
      number: '2001',
      body: 'Lunch at 12?\nReply soon',
      status: '',
      read: false,
    });
    const outbound = db.textMessages.add({ direction: 'out', time: 1_732_640_060_000, number: '2001', body: 'Yes', status: 'sending' });
    expect(outbound).toEqual(db.textMessages.get(outbound.id));
    expect(outbound).toMatchObject({ line: 0, remoteUri: '', status: 'sending', read: true }); // the user wrote it
    const later = db.textMessages.add({ direction: 'in', time: 1_732_640_120_000, number: '2002', body: 'Me too' });

    expect(db.textMessages.list().map((m) => m.id)).toEqual([later.id, outbound.id, inbound.id]);
    expect(db.textMessages.list({ direction: 'in' }).map((m) => m.body)).toEqual(['Me too', 'Lunch at 12?\nReply soon']);
    expect(db.textMessages.list({ direction: 'out' }).map((m) => m.body)).toEqual(['Yes']);
    expect(db.textMessages.list({ limit: 1 }).map((m) => m.id)).toEqual([later.id]);
    expect(db.textMessages.get(later.id + 100)).toBeUndefined();
  });

  it('refuses bad fields with CFG_INVALID, writing nothing', () => {
    const db = openMemoryPhoneDatabase();
    const bad: Array<Parameters<typeof db.textMessages.add>[0]> = [
      { direction: 'sideways' as 'in', time: 1, body: 'x' },
      { direction: 'in', time: -1, body: 'x' },
      { direction: 'in', time: 1.5, body: 'x' },
      { direction: 'in', time: 1, body: 'x', line: 17 },
      { direction: 'in', time: 1, body: 'x', remoteUri: 's'.repeat(257) },
      { direction: 'in', time: 1, body: 'x', remoteName: 'n'.repeat(65) },
      { direction: 'in', time: 1, body: 'x', number: '1'.repeat(65) },
      { direction: 'out', time: 1, body: 'x', status: 'f'.repeat(129) },
      { direction: 'in', time: 1, body: 'bell\u0007' },
      { direction: 'in', time: 1, body: 42 as unknown as string },
    ];
    for (const input of bad) expect(errorOf(() => db.textMessages.add(input)).code, JSON.stringify(input)).toBe('CFG_INVALID');
    expect(db.textMessages.list()).toEqual([]);
    // The limits themselves are accepted.
    db.textMessages.add({ direction: 'in', time: 1, body: 'x', line: 16, remoteUri: 's'.repeat(256), number: '1'.repeat(64) });
    expect(db.textMessages.list()).toHaveLength(1);
  });
});

describe('text messages: limits', () => {
  it(`keeps ${TEXT_MESSAGES_MAX} per direction and drops the oldest of that direction only`, () => {
    const db = openMemoryPhoneDatabase();
    for (let i = 0; i < TEXT_MESSAGES_MAX; i++) {
      db.textMessages.add({ direction: 'in', time: 1_700_000_000_000 + i, body: `in ${i}` });
      if (i < 3) db.textMessages.add({ direction: 'out', time: 1_700_000_000_000 + i, body: `out ${i}` });
    }
    expect(db.textMessages.list({ direction: 'in' })).toHaveLength(TEXT_MESSAGES_MAX);
    db.textMessages.add({ direction: 'in', time: 1_800_000_000_000, body: 'in 100' });
    db.textMessages.add({ direction: 'in', time: 1_800_000_000_001, body: 'in 101' });
    const inbox = db.textMessages.list({ direction: 'in' });
    expect(inbox).toHaveLength(TEXT_MESSAGES_MAX);
    expect(inbox[0]!.body).toBe('in 101');
    expect(inbox.at(-1)!.body).toBe('in 2'); // in 0 and in 1 dropped
    expect(db.textMessages.list({ direction: 'out' }).map((m) => m.body)).toEqual(['out 2', 'out 1', 'out 0']); // outbox untouched
    expect(db.textMessages.list()).toHaveLength(TEXT_MESSAGES_MAX + 3);
  });

  it(`refuses a body over ${TEXT_MESSAGE_BODY_MAX} UTF-8 bytes, never truncating it`, () => {
    const db = openMemoryPhoneDatabase();
    const twoByte = 'é'.repeat(700); // 700 characters, 1400 bytes
    const err = errorOf(() => db.textMessages.add({ direction: 'out', time: 1, body: twoByte }));
    expect(err.code).toBe('CFG_INVALID');
    expect(err.message).toContain('1300');
    expect(err.message).toContain('1400 bytes');
    expect(db.textMessages.list()).toEqual([]);
    const exact = 'é'.repeat(650); // 1300 bytes
    expect(db.textMessages.add({ direction: 'out', time: 1, body: exact }).body).toBe(exact);
    expect(errorOf(() => db.textMessages.add({ direction: 'in', time: 1, body: `${exact}a` })).code).toBe('CFG_INVALID');
    expect(db.textMessages.list()).toHaveLength(1);
  });
});

describe('text messages: read marks, status, deletion', () => {
  it('counts unread incoming messages and marks one or all read', () => {
    const db = openMemoryPhoneDatabase();
    expect(db.textMessages.unreadCount()).toBe(0);
    const a = db.textMessages.add({ direction: 'in', time: 1, body: 'a' });
    const b = db.textMessages.add({ direction: 'in', time: 2, body: 'b' });
    db.textMessages.add({ direction: 'in', time: 3, body: 'c' });
    const sent = db.textMessages.add({ direction: 'out', time: 4, body: 'd', read: false });
    db.textMessages.add({ direction: 'in', time: 5, body: 'e', read: true });
    expect(db.textMessages.unreadCount()).toBe(3); // outgoing never counts
    expect(db.textMessages.markRead(a.id)).toBe(1);
    expect(db.textMessages.get(a.id)?.read).toBe(true);
    expect(db.textMessages.markRead(a.id)).toBe(0); // already read
    expect(db.textMessages.markRead(a.id + 1000)).toBe(0); // no such message
    expect(db.textMessages.unreadCount()).toBe(2);
    expect(db.textMessages.markRead()).toBe(2); // b and c; not the outgoing one
    expect(db.textMessages.get(b.id)?.read).toBe(true);
    expect(db.textMessages.get(sent.id)?.read).toBe(false);
    expect(db.textMessages.unreadCount()).toBe(0);
    expect(db.textMessages.markRead(sent.id)).toBe(1); // by id, any direction
  });

  it('updates the status of a sent message; a missing id is CFG_NOT_FOUND', () => {
    const db = openMemoryPhoneDatabase();
    const m = db.textMessages.add({ direction: 'out', time: 1, number: '2001', body: 'hi', status: 'sending' });
    expect(db.textMessages.setStatus(m.id, 'failed: 408 Request Timeout')).toEqual({ ...m, status: 'failed: 408 Request Timeout' });
    expect(db.textMessages.get(m.id)?.status).toBe('failed: 408 Request Timeout');
    expect(db.textMessages.setStatus(m.id, 'sent').status).toBe('sent');
    const missing = errorOf(() => db.textMessages.setStatus(m.id + 1, 'sent'));
    expect(missing.code).toBe('CFG_NOT_FOUND');
    expect(missing.message).toContain(`no message with id ${m.id + 1}`);
    expect(errorOf(() => db.textMessages.setStatus(m.id, 'x'.repeat(129))).code).toBe('CFG_INVALID');
    expect(db.textMessages.get(m.id)?.status).toBe('sent');
  });

  it('deletes one message, one box or both, saying how many went', () => {
    const db = openMemoryPhoneDatabase();
    const a = db.textMessages.add({ direction: 'in', time: 1, body: 'a' });
    db.textMessages.add({ direction: 'in', time: 2, body: 'b' });
    db.textMessages.add({ direction: 'out', time: 3, body: 'c' });
    db.textMessages.add({ direction: 'out', time: 4, body: 'd' });
    db.textMessages.add({ direction: 'out', time: 5, body: 'e' });
    expect(db.textMessages.delete(a.id)).toBe(true);
    expect(db.textMessages.delete(a.id)).toBe(false);
    expect(db.textMessages.get(a.id)).toBeUndefined();
    expect(db.textMessages.deleteAll('out')).toBe(3);
    expect(db.textMessages.list().map((m) => m.body)).toEqual(['b']);
    db.textMessages.add({ direction: 'out', time: 6, body: 'f' });
    expect(db.textMessages.deleteAll()).toBe(2);
    expect(db.textMessages.list()).toEqual([]);
    expect(errorOf(() => db.textMessages.deleteAll('both' as 'in')).code).toBe('CFG_INVALID');
  });

  it('factoryReset empties the messages', () => {
    const db = openMemoryPhoneDatabase();
    db.textMessages.add({ direction: 'in', time: 1, body: 'private' });
    db.factoryReset();
    expect(db.textMessages.list()).toEqual([]);
    expect(db.textMessages.unreadCount()).toBe(0);
  });
});

interface RawDb {
  exec(sql: string): void;
  pragma(sql: string, o?: { simple: boolean }): unknown;
  close(): void;
}
const RawDatabase = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => RawDb;
const root = mkdtempSync(join(tmpdir(), 'sayhi-sms-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('text messages: schema upgrade', () => {
  it('migrates a version-2 file to version 3, keeping its call history', () => {
    expect(SCHEMA_VERSION).toBe(3);
    const raw = new RawDatabase(join(root, PHONE_DB_FILE));
    raw.pragma('journal_mode = WAL');
    // The shipped migrations 1-2 are frozen (never edited), so they make a v2 phone's file.
    for (const m of MIGRATIONS.slice(0, 2)) m.up(raw as unknown as Parameters<Migration['up']>[0]);
    raw.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = 2;`);
    raw.exec(`INSERT INTO call_history (type, time, number) VALUES ('missed', 1000, '100'), ('dialed', 2000, '101');`);
    raw.close();

    const db = openPhoneDatabase(root);
    expect(db.schemaVersion).toBe(3);
    expect(db.callHistory.list('missed').map((r) => r.number)).toEqual(['100']);
    expect(db.callHistory.list('dialed').map((r) => r.number)).toEqual(['101']);
    expect(db.textMessages.list()).toEqual([]);
    const m = db.textMessages.add({ direction: 'in', time: 3000, number: '100', body: 'after the upgrade' });
    expect(db.textMessages.unreadCount()).toBe(1);
    expect(db.integrityCheck()).toEqual(['ok']);
    db.close();
    const again = openPhoneDatabase(root);
    expect(again.textMessages.get(m.id)?.body).toBe('after the upgrade');
    again.close();
  });
});
