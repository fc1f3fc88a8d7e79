/**
 * The status-bar clock (manual §3 "Time and Date"): wall time from the injected
 * Clock, shown in the registry's time zone, daylight-saving rule, 12/24-hour
 * and date format (Advance > Phone Setting, `time.*`). Getting the time (SNTP,
 * the SIP Date header) is not this file's job: it formats what the Clock says.
 */
export interface TimeDisplaySettings {
  /** Escene TimeZoneType code (0..121). */
  zone: number;
  dst: boolean;
  dstType: 'date' | 'week';
  /** Minutes added in summer. */
  dstOffset: number;
  dstStart: DstPoint;
  dstEnd: DstPoint;
  timeFormat: '24h' | '12h';
  dateFormat: string;
}

/** A DST change: by date (month, day, hour) or by week (month, week 1..5 with 5 = last, weekday 0 = Sunday, hour). */
export interface DstPoint {
  month: number;
  day: number;
  week: number;
  weekday: number;
  hour: number;
}

/**
 * UTC offsets of the Escene TimeZoneType codes we know (escene-formats.md §3:
 * 12 GMT, 13 Berlin, 20 Beijing, 32 US-Eastern, 35 US-Pacific, 71 London). The
 * full 0..121 table was not available to us: other codes show UTC and say so
 * (`zoneKnown: false`).
 */
export const ZONE_OFFSETS: Readonly<Record<number, { minutes: number; name: string }>> = {
  12: { minutes: 0, name: 'GMT' },
  13: { minutes: 60, name: 'Berlin' },
  20: { minutes: 480, name: 'Beijing' },
  32: { minutes: -300, name: 'US-Eastern' },
  35: { minutes: -480, name: 'US-Pacific' },
  71: { minutes: 0, name: 'London' },
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ClockDisplay {
  time: string;
  date: string;
  /** Minutes east of UTC in force (zone + DST). */
  offsetMinutes: number;
  zoneKnown: boolean;
}

export function formatClock(wallMs: number, s: TimeDisplaySettings): ClockDisplay {
  const zone = ZONE_OFFSETS[s.zone];
  let offset = zone?.minutes ?? 0;
  if (s.dst && inSummer(wallMs + offset * 60_000, s)) offset += s.dstOffset;
  const d = new Date(wallMs + offset * 60_000); // read with getUTC*: local fields
  return { time: formatTime(d, s.timeFormat), date: formatDate(d, s.dateFormat), offsetMinutes: offset, zoneKnown: zone !== undefined };
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function formatTime(d: Date, format: '24h' | '12h'): string {
  const h = d.getUTCHours();
  const m = two(d.getUTCMinutes());
  if (format === '24h') return `${two(h)}:${m}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${m}${h < 12 ? 'AM' : 'PM'}`;
}

/** The date formats of the LCD page (registry `time.dateFormat`). */
export function formatDate(d: Date, format: string): string {
  const dd = two(d.getUTCDate());
  const mm = two(d.getUTCMonth() + 1);
  const mmm = MONTHS[d.getUTCMonth()]!;
  const www = WEEKDAYS[d.getUTCDay()]!;
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

/** Is the local standard time `localMs` inside the summer period? */
function inSummer(localMs: number, s: TimeDisplaySettings): boolean {
  const year = new Date(localMs).getUTCFullYear();
  const start = changeAt(year, s.dstStart, s.dstType);
  const end = changeAt(year, s.dstEnd, s.dstType);
  // southern hemisphere: summer wraps the new year
  return start <= end ? localMs >= start && localMs < end : localMs >= start || localMs < end;
}

function changeAt(year: number, p: DstPoint, type: 'date' | 'week'): number {
  const month = p.month - 1;
  if (type === 'date') return Date.UTC(year, month, p.day, p.hour);
  // the n-th (5 = last) given weekday of the month
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  let day = 1 + ((p.weekday - first + 7) % 7) + 7 * (Math.min(p.week, 5) - 1);
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  while (day > days) day -= 7;
  return Date.UTC(year, month, day, p.hour);
}

/** The display settings from the registry (values read through a getter so any Settings view works). */
export function timeDisplaySettings(get: (key: string) => unknown): TimeDisplaySettings {
  const n = (k: string): number => Number(get(k));
  const byWeek = String(get('time.dstType')) === 'week';
  const point = (which: 'Start' | 'End'): DstPoint =>
    byWeek
      ? { month: n(`time.dstWeek${which}Month`), day: 1, week: n(`time.dstWeek${which}Week`), weekday: n(`time.dstWeek${which}Day`), hour: n(`time.dstWeek${which}Hour`) }
      : { month: n(`time.dst${which}Month`), day: n(`time.dst${which}Day`), week: 1, weekday: 0, hour: n(`time.dst${which}Hour`) };
  return {
    zone: n('time.zone'),
    dst: get('time.dst') === true,
    dstType: byWeek ? 'week' : 'date',
    dstOffset: n('time.dstOffset'),
    dstStart: point('Start'),
    dstEnd: point('End'),
    timeFormat: String(get('time.timeFormat')) === '12h' ? '12h' : '24h',
    dateFormat: String(get('time.dateFormat')),
  };
}
