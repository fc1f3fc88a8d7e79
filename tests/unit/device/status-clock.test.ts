/**
 * Proves the status-bar clock: wall time from the injected clock (or the
 * phone's clock, phone/time) in the registry's time zone (Escene codes, IANA
 * rules), 12/24 h, the nine date formats, and the phone's DST rules by date and
 * by week. The zone table itself: tests/unit/phone/time/escene-time-zones.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { dateNames, formatClock, formatDate, timeDisplaySettings, translator, type TimeDisplaySettings } from '../../../src/device/index.js';
import { makeDevice } from './fake-phone.js';

const base: TimeDisplaySettings = {
  zone: 12,
  dst: false,
  dstAuto: true,
  dstType: 'week',
  dstOffset: 60,
  dstStart: { month: 3, day: 1, week: 5, weekday: 0, hour: 2 },
  dstEnd: { month: 10, day: 1, week: 5, weekday: 0, hour: 3 },
  timeFormat: '24h',
  dateFormat: 'dd-mm-www',
};

describe('status clock', () => {
  const t = Date.UTC(2026, 1, 3, 13, 5); // Tue 3 Feb 2026 13:05 UTC

  it('24 h and 12 h, with the Escene zone code', () => {
    expect(formatClock(t, base).time).toBe('13:05');
    expect(formatClock(t, { ...base, timeFormat: '12h' }).time).toBe('1:05PM');
    expect(formatClock(t, { ...base, zone: 20 }).time).toBe('21:05'); // Beijing
    expect(formatClock(t, { ...base, zone: 32 }).time).toBe('08:05'); // US-Eastern
    expect(formatClock(Date.UTC(2026, 1, 3, 0, 7), { ...base, timeFormat: '12h' }).time).toBe('12:07AM');
    expect(formatClock(t, { ...base, zone: 28 }).zoneKnown).toBe(false); // not in the Escene list: UTC
    expect(formatClock(t, { ...base, zone: 28 }).time).toBe('13:05');
    expect(formatClock(t, { ...base, zone: 99 }).zoneKnown).toBe(true); // Ankara, since the full table
  });

  it('the date formats of the LCD page', () => {
    const d = new Date(t);
    expect(formatDate(d, 'dd-mm-www')).toBe('03 02 Tue');
    expect(formatDate(d, 'mm-dd-www')).toBe('02 03 Tue');
    expect(formatDate(d, 'www-mmm-dd')).toBe('Tue Feb 03');
    expect(formatDate(d, 'dd-mmm-yy')).toBe('03-Feb-26');
    expect(formatDate(d, 'yyyy-mm-dd')).toBe('2026-02-03');
    expect(formatDate(d, 'dd/mm/yyyy')).toBe('03/02/2026');
    expect(formatDate(d, 'mm/dd/yy')).toBe('02/03/26');
    expect(formatDate(d, 'dd-mmm-yyyy')).toBe('03 Feb 2026');
    expect(formatDate(d, 'www-dd-mmm')).toBe('Tue 03 Feb');
  });

  it('weekday and month names in the LCD language', () => {
    const d = new Date(t);
    const names = (lang: 'zh' | 'fr' | 'en') => dateNames(translator(lang)('date.weekdays'), translator(lang)('date.months'));
    expect(formatDate(d, 'www-mmm-dd', names('zh'))).toBe('周二 2月 03');
    expect(formatDate(d, 'dd-mm-www', names('zh'))).toBe('03 02 周二');
    expect(formatDate(d, 'www-dd-mmm', names('fr'))).toBe('Mar 03 Fév');
    expect(formatDate(d, 'www-dd-mmm', names('en'))).toBe('Tue 03 Feb');
    // a broken translation falls back to English rather than showing "undefined"
    expect(formatDate(d, 'www-mmm-dd', dateNames('a,b', 'c'))).toBe('Tue Feb 03');
  });

  it('DST by week: last Sunday of March 02:00 to last Sunday of October 03:00 (Berlin)', () => {
    const berlin = { ...base, zone: 13, dst: true };
    expect(formatClock(Date.UTC(2026, 2, 29, 0, 30), berlin).time).toBe('01:30'); // 29 Mar, before 02:00 local
    expect(formatClock(Date.UTC(2026, 2, 29, 1, 30), berlin).time).toBe('03:30'); // after the change
    expect(formatClock(Date.UTC(2026, 6, 1, 12, 0), berlin).offsetMinutes).toBe(120);
    expect(formatClock(Date.UTC(2026, 11, 1, 12, 0), berlin).offsetMinutes).toBe(60);
  });

  it('DST by date', () => {
    const s = { ...base, dst: true, dstType: 'date' as const, dstStart: { ...base.dstStart, month: 4, day: 1, hour: 0 }, dstEnd: { ...base.dstEnd, month: 9, day: 1, hour: 0 } };
    expect(formatClock(Date.UTC(2026, 2, 31, 12), s).offsetMinutes).toBe(0);
    expect(formatClock(Date.UTC(2026, 3, 2, 12), s).offsetMinutes).toBe(60);
  });

  it('the device reads the registry keys and the status bar follows a change', () => {
    const { device, settings } = makeDevice();
    expect(device.snapshot().status.time).toBe('09:30');
    settings.setMany({ 'time.zone': 20, 'time.timeFormat': '12h', 'time.dateFormat': 'yyyy-mm-dd' });
    expect(device.snapshot().status.time).toBe('5:30PM');
    expect(device.snapshot().status.date).toBe('2026-02-03');
    expect(timeDisplaySettings((k) => settings.get(k)).dstStart.week).toBe(5);
  });
});
