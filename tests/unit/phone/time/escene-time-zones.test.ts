/**
 * Proves the Escene time-zone table and the zone arithmetic: every code the
 * Escene list has (0..121 less 27-29) names a zone Node's ICU knows; the
 * handful the brief names (12 GMT, 13 Berlin, 20 Beijing, 32 US-Eastern,
 * 35 US-Pacific, 71 London) in winter and summer; the three DST modes
 * (automatic from the zone, the manual's rules, none); the southern
 * hemisphere and half/three-quarter-hour zones; local time to UTC.
 */
import { describe, expect, it } from 'vitest';
import { ESCENE_TIME_ZONES, esceneTimeZone, gmtOffsetText, localOffset, utcFromLocal, type ZoneSettings } from '../../../../src/phone/index.js';

const auto: ZoneSettings = {
  zone: 12,
  dst: false,
  dstAuto: true,
  dstType: 'week',
  dstOffset: 60,
  dstStart: { month: 3, day: 1, week: 5, weekday: 0, hour: 2 },
  dstEnd: { month: 10, day: 1, week: 5, weekday: 0, hour: 3 },
};
const JAN = Date.UTC(2026, 0, 15, 12);
const JUL = Date.UTC(2026, 6, 15, 12);
const at = (zone: number, utc: number, s: Partial<ZoneSettings> = {}) => localOffset(utc, { ...auto, ...s, zone }).minutes;

describe('the Escene TimeZoneType table', () => {
  it('has every code 0..121 but 27, 28, 29, each on a zone ICU knows', () => {
    const codes = ESCENE_TIME_ZONES.map((z) => z.code);
    expect(codes).toHaveLength(119);
    expect(new Set(codes).size).toBe(119);
    for (let c = 0; c <= 121; c++) expect(esceneTimeZone(c) === undefined, `code ${c}`).toBe(c >= 27 && c <= 29);
    for (const z of ESCENE_TIME_ZONES) {
      if (z.iana) expect(() => new Intl.DateTimeFormat('en', { timeZone: z.iana }), z.iana).not.toThrow();
    }
  });

  it('the winter offset of most zones is the one the Escene list prints', () => {
    // places whose rules changed since the firmware (Kazakhstan, Venezuela, Mexico, Moscow...) may differ
    const same = ESCENE_TIME_ZONES.filter((z) => at(z.code, JAN, { dstAuto: false }) === z.nominal || at(z.code, JUL, { dstAuto: false }) === z.nominal);
    expect(same.length).toBeGreaterThan(105);
  });

  it('12 GMT, 20 Beijing: no DST; 13 Berlin, 71 London, 32 US-Eastern, 35 US-Pacific: their own DST', () => {
    expect([at(12, JAN), at(12, JUL)]).toEqual([0, 0]);
    expect([at(20, JAN), at(20, JUL)]).toEqual([480, 480]);
    expect([at(13, JAN), at(13, JUL)]).toEqual([60, 120]);
    expect([at(71, JAN), at(71, JUL)]).toEqual([0, 60]);
    expect([at(32, JAN), at(32, JUL)]).toEqual([-300, -240]);
    expect([at(35, JAN), at(35, JUL)]).toEqual([-480, -420]);
    expect(esceneTimeZone(13)).toMatchObject({ name: 'Berlin', iana: 'Europe/Berlin' });
  });

  it('Berlin changes at 01:00 UTC on the last Sunday of March (29 Mar 2026)', () => {
    expect(at(13, Date.UTC(2026, 2, 29, 0, 59))).toBe(60);
    expect(at(13, Date.UTC(2026, 2, 29, 1, 0))).toBe(120);
    expect(localOffset(JUL, { ...auto, zone: 13 }).summer).toBe(true);
  });

  it('southern hemisphere, half and three-quarter hours: 22 Sydney, 26 India, 121 Chatham', () => {
    expect([at(22, JAN), at(22, JUL)]).toEqual([660, 600]);
    expect([at(26, JAN), at(26, JUL)]).toEqual([330, 330]);
    expect([at(121, JAN), at(121, JUL)]).toEqual([825, 765]);
  });

  it('an unknown code shows UTC and says so', () => {
    expect(localOffset(JUL, { ...auto, zone: 28 })).toEqual({ minutes: 0, known: false, summer: false });
  });

  it('writes offsets as the Escene list does', () => {
    expect(gmtOffsetText(480)).toBe('GMT+08:00');
    expect(gmtOffsetText(-210)).toBe('GMT-03:30');
    expect(gmtOffsetText(0)).toBe('GMT+00:00');
  });
});

describe('DST modes (docs/decisions.md "Time zone and DST")', () => {
  it('dstAuto off: the standard offset all year', () => {
    expect(at(13, JUL, { dstAuto: false })).toBe(60);
    expect(at(32, JUL, { dstAuto: false })).toBe(-300);
    expect(at(22, JAN, { dstAuto: false })).toBe(600);
  });

  it("time.dst on: the manual's rules replace the zone's own (here a 2 h shift from 1 Apr to 1 Sep)", () => {
    const manual = { dst: true, dstType: 'date' as const, dstOffset: 120, dstStart: { ...auto.dstStart, month: 4, day: 1, hour: 0 }, dstEnd: { ...auto.dstEnd, month: 9, day: 1, hour: 0 } };
    expect(at(13, Date.UTC(2026, 2, 31, 12), manual)).toBe(60); // the zone would say +2 already
    expect(at(13, JUL, manual)).toBe(180);
    expect(at(13, Date.UTC(2026, 8, 2, 12), manual)).toBe(60);
    // on a zone without DST of its own (Beijing) the rules still apply
    expect(at(20, JUL, manual)).toBe(600);
  });

  it('manual rules by week wrap the new year in the south', () => {
    const south = { dst: true, dstType: 'week' as const, dstStart: { month: 10, day: 1, week: 1, weekday: 0, hour: 2 }, dstEnd: { month: 4, day: 1, week: 1, weekday: 0, hour: 3 } };
    expect(at(22, JAN, south)).toBe(660);
    expect(at(22, JUL, south)).toBe(600);
  });
});

describe('utcFromLocal', () => {
  it('reads a typed local time in the zone in force then', () => {
    expect(utcFromLocal(Date.UTC(2026, 6, 1, 14, 0), { ...auto, zone: 13 })).toBe(Date.UTC(2026, 6, 1, 12, 0));
    expect(utcFromLocal(Date.UTC(2026, 0, 1, 14, 0), { ...auto, zone: 13 })).toBe(Date.UTC(2026, 0, 1, 13, 0));
    expect(utcFromLocal(Date.UTC(2026, 0, 1, 14, 0), { ...auto, zone: 32 })).toBe(Date.UTC(2026, 0, 1, 19, 0));
  });
});
