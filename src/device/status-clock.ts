import { localOffset, zoneSettings, type ZoneSettings } from '../phone/index.js';

/**
 * The status-bar clock (manual §3 "Time and Date"): the phone's wall time
 * (phone/time: host time plus the SNTP, SIP-server or manual offset) shown in
 * the registry's time zone, daylight-saving mode, 12/24-hour and date format
 * (Advance > Phone Setting, `time.*`). The zone and DST arithmetic lives with
 * the phone's clock (phone/time/zone-offset.ts); this file only formats.
 */
export interface TimeDisplaySettings extends ZoneSettings {
  timeFormat: '24h' | '12h';
  dateFormat: string;
}

/** Short weekday (Sunday first) and month names in the LCD language (i18n `date.weekdays`, `date.months`). */
export interface DateNames {
  weekdays: readonly string[];
  months: readonly string[];
}

export const ENGLISH_DATE_NAMES: DateNames = {
  weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** Names from the comma-separated texts of a translation; English where a list is not 7 / 12 long. */
export function dateNames(weekdays: string, months: string): DateNames {
  const w = weekdays.split(',');
  const m = months.split(',');
  return { weekdays: w.length === 7 ? w : ENGLISH_DATE_NAMES.weekdays, months: m.length === 12 ? m : ENGLISH_DATE_NAMES.months };
}

export interface ClockDisplay {
  time: string;
  date: string;
  /** Minutes east of UTC in force (zone + DST). */
  offsetMinutes: number;
  zoneKnown: boolean;
  /** The local wall time as epoch ms whose UTC fields are the local ones (what a keypad entry starts from). */
  localMs: number;
}

export function formatClock(wallMs: number, s: TimeDisplaySettings, names: DateNames = ENGLISH_DATE_NAMES): ClockDisplay {
  const zone = localOffset(wallMs, s);
  const localMs = wallMs + zone.minutes * 60_000;
  const d = new Date(localMs); // read with getUTC*: local fields
  return { time: formatTime(d, s.timeFormat), date: formatDate(d, s.dateFormat, names), offsetMinutes: zone.minutes, zoneKnown: zone.known, localMs };
}

/** 7 -> "07": the LCD's two-digit fields (times, dates, call log). */
export function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

function formatTime(d: Date, format: '24h' | '12h'): string {
  const h = d.getUTCHours();
  const m = twoDigits(d.getUTCMinutes());
  if (format === '24h') return `${twoDigits(h)}:${m}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${m}${h < 12 ? 'AM' : 'PM'}`;
}

/** The date formats of the LCD page (registry `time.dateFormat`). */
export function formatDate(d: Date, format: string, names: DateNames = ENGLISH_DATE_NAMES): string {
  const dd = twoDigits(d.getUTCDate());
  const mm = twoDigits(d.getUTCMonth() + 1);
  const mmm = names.months[d.getUTCMonth()]!;
  const www = names.weekdays[d.getUTCDay()]!;
  const yyyy = String(d.getUTCFullYear());
  const yy = yyyy.slice(2);
  switch (format) {
    case 'mm-dd-www':
      return `${mm} ${dd} ${www}`;
    case 'www-mmm-dd':
      return `${www} ${mmm} ${dd}`;
    case 'dd-mmm-yy':
      return `${dd}-${mmm}-${yy}`;
    case 'yyyy-mm-dd':
      return `${yyyy}-${mm}-${dd}`;
    case 'dd/mm/yyyy':
      return `${dd}/${mm}/${yyyy}`;
    case 'mm/dd/yy':
      return `${mm}/${dd}/${yy}`;
    case 'dd-mmm-yyyy':
      return `${dd} ${mmm} ${yyyy}`;
    case 'www-dd-mmm':
      return `${www} ${dd} ${mmm}`;
    default: // 'dd-mm-www', the factory format
      return `${dd} ${mm} ${www}`;
  }
}

/** The display settings from the registry (values read through a getter so any Settings view works). */
export function timeDisplaySettings(get: (key: string) => unknown): TimeDisplaySettings {
  return {
    ...zoneSettings(get),
    timeFormat: String(get('time.timeFormat')) === '12h' ? '12h' : '24h',
    dateFormat: String(get('time.dateFormat')),
  };
}
