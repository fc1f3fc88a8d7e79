/**
 * Banlist and call history (src/config/store) — proves:
 *  - banlist: the manual's fields (description, first/last name, mobile/home/office
 *    number, account) round-trip; 100 entries fit and the 101st is refused with
 *    CFG_BANLIST_FULL, nothing written; a number banned twice → CFG_DUPLICATE; a ban
 *    needs a number; `match` honours the account (a ban for line 2 does not block line 1);
 *  - call history: 200 records per type; the 201st drops the oldest of THAT type
 *    only (the manual's behaviour), newest first; records keep every field;
 *  - the missed-call counter counts records since the list was last viewed, and
 *    dropping old records or clearing keeps it right.
 */
import { describe, expect, it } from 'vitest';
import { BANLIST_MAX, HISTORY_MAX_PER_TYPE, openMemoryPhoneDatabase } from '../../../src/config/index.js';

function errorOf(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error');
}

describe('banlist', () => {
  it('keeps the manual fields and matches by number and account', () => {
    const db = openMemoryPhoneDatabase();
    const ban = db.banlist.add({
      description: 'Telemarketer',
      firstName: 'Spam',
      lastName: 'Co',
      mobile: '0900123',
      home: '0900124',
      office: '',
      account: 2,
    });
    expect(db.banlist.get(ban.id)).toEqual({
      id: ban.id,
      description: 'Telemarketer',
      firstName: 'Spam',
      lastName: 'Co',
      mobile: '0900123',
      home: '0900124',
      office: '',
      account: 2,
    });
    expect(db.banlist.match('0900124', 2)?.id).toBe(ban.id);
    expect(db.banlist.match('0900124', 1)).toBeUndefined();
    expect(db.banlist.match('0900124')?.id).toBe(ban.id);
    const all = db.banlist.add({ office: '555' }); // account auto: every line
    expect(db.banlist.match('555', 3)?.id).toBe(all.id);
    expect(db.banlist.match('')).toBeUndefined();
    expect(errorOf(() => db.banlist.add({ firstName: 'No number' })).code).toBe('CFG_INVALID');
    expect(errorOf(() => db.banlist.add({ mobile: '555' })).message).toContain(`already banned by entry ${all.id}`);
    expect(db.banlist.update(ban.id, { office: '0900125' }).office).toBe('0900125');
    expect(errorOf(() => db.banlist.update(all.id, { home: '0900125' })).code).toBe('CFG_DUPLICATE');
    db.banlist.remove(all.id);
    expect(errorOf(() => db.banlist.remove(all.id)).code).toBe('CFG_NOT_FOUND');
    db.banlist.clear();
    expect(db.banlist.count()).toBe(0);
  });

  it(`holds ${BANLIST_MAX} entries and refuses the next, writing nothing`, () => {
    const db = openMemoryPhoneDatabase();
    for (let i = 0; i < BANLIST_MAX; i++) db.banlist.add({ mobile: `900${i}` });
    const err = errorOf(() => db.banlist.add({ mobile: '12345' }));
    expect(err.code).toBe('CFG_BANLIST_FULL');
    expect(err.message).toBe(`banlist full (${BANLIST_MAX})`);
    expect(db.banlist.count()).toBe(BANLIST_MAX);
    expect(db.banlist.match('12345')).toBeUndefined();
  });
});

describe('call history', () => {
  it('keeps 200 per type and drops the oldest of that type only', () => {
    const db = openMemoryPhoneDatabase();
    for (let i = 0; i < HISTORY_MAX_PER_TYPE; i++) {
      db.callHistory.add({ type: 'missed', time: 1_700_000_000_000 + i, number: `m${i}` });
      if (i < 5) db.callHistory.add({ type: 'dialed', time: 1_700_000_000_000 + i, number: `d${i}` });
    }
    expect(db.callHistory.count('missed')).toBe(200);
    db.callHistory.add({ type: 'missed', time: 1_800_000_000_000, number: 'm200' });
    db.callHistory.add({ type: 'missed', time: 1_800_000_000_001, number: 'm201' });
    expect(db.callHistory.count('missed')).toBe(200);
    const missed = db.callHistory.list('missed');
    expect(missed[0]!.number).toBe('m201'); // newest first
    expect(missed.at(-1)!.number).toBe('m2'); // m0 and m1 dropped
    expect(db.callHistory.count('dialed')).toBe(5); // other lists untouched
    expect(db.callHistory.count('received')).toBe(0);
    expect(db.callHistory.list('missed', 3).map((r) => r.number)).toEqual(['m201', 'm200', 'm199']);
  });

  it('keeps every field of a record and validates them', () => {
    const db = openMemoryPhoneDatabase();
    const rec = db.callHistory.add({
      type: 'received',
      time: 1_732_640_000_123,
      durationS: 75,
      line: 2,
      remoteUri: 'sip:2001@pbx.example;transport=tcp',
      remoteName: 'Ann Lee',
      number: '2001',
      endReason: 'bye',
    });
    expect(db.callHistory.get(rec.id)).toEqual({
      id: rec.id,
      type: 'received',
      time: 1_732_640_000_123,
      durationS: 75,
      line: 2,
      remoteUri: 'sip:2001@pbx.example;transport=tcp',
      remoteName: 'Ann Lee',
      number: '2001',
      endReason: 'bye',
    });
    expect(errorOf(() => db.callHistory.add({ type: 'lost' as 'missed', time: 1 })).code).toBe('CFG_INVALID');
    expect(errorOf(() => db.callHistory.add({ type: 'missed', time: -1 })).code).toBe('CFG_INVALID');
    expect(errorOf(() => db.callHistory.add({ type: 'missed', time: 1, durationS: 1.5 })).code).toBe('CFG_INVALID');
    expect(errorOf(() => db.callHistory.add({ type: 'missed', time: 1, remoteUri: 's'.repeat(257) })).code).toBe('CFG_INVALID');
    db.callHistory.remove(rec.id);
    expect(db.callHistory.get(rec.id)).toBeUndefined();
    expect(errorOf(() => db.callHistory.remove(rec.id)).code).toBe('CFG_NOT_FOUND');
  });

  it('counts missed calls since the list was last viewed', () => {
    const db = openMemoryPhoneDatabase();
    expect(db.callHistory.unviewedCount()).toBe(0);
    db.callHistory.add({ type: 'missed', time: 1, number: '1' });
    db.callHistory.add({ type: 'missed', time: 2, number: '2' });
    db.callHistory.add({ type: 'received', time: 3, number: '3' });
    expect(db.callHistory.unviewedCount('missed')).toBe(2);
    db.callHistory.markViewed('missed');
    expect(db.callHistory.unviewedCount('missed')).toBe(0);
    expect(db.callHistory.unviewedCount('received')).toBe(1);
    for (let i = 0; i < HISTORY_MAX_PER_TYPE + 10; i++) db.callHistory.add({ type: 'missed', time: 10 + i, number: `x${i}` });
    expect(db.callHistory.unviewedCount('missed')).toBe(HISTORY_MAX_PER_TYPE); // only what is still stored
    db.callHistory.markViewed('missed');
    db.callHistory.clear('missed');
    db.callHistory.add({ type: 'missed', time: 999, number: 'after clear' });
    expect(db.callHistory.unviewedCount('missed')).toBe(1); // ids are never reused
    db.callHistory.clear();
    expect(db.callHistory.count('received')).toBe(0);
  });
});
