import { esceneTimeZone } from './escene-time-zones.js';

/**
 * The phone's local time: UTC plus the offset of its time zone (`time.zone`, an
 * Escene code) and daylight saving. How the zone's own DST and the manual's DST
 * settings combine (docs/decisions.md "Time zone and DST"):
 *
 *   time.dst on                 the manual's rules (Advance > Phone Setting >
 *                               Daylight Saving Time: by date or by week, with
 *                               its offset) on the zone's standard offset;
 *                               the zone's own DST is ignored ("manual").
 *   time.dst off, dstAuto on    the zone's own rules from the time-zone
 *                               database ("automatic", the factory setting).
 *   both off                    the zone's standard offset all year.
 */
export interface ZoneSettings {
  /** Escene TimeZoneType code (0..121). */
  zone: number;
  /** The manual's DST rules on (XML DaylightSaveingFlag). */
  dst: boolean;
  /** Without manual rules, follow the zone's own DST. */
  dstAuto: boolean;
  dstType: 'date' | 'week';
  /** Minutes added in summer (manual rules). */
  dstOffset: number;
  dstStart: DstPoint;
  dstEnd: DstPoint;
}

/** A DST change: by date (month, day, hour) or by week (month, week 1..5 with 5 = last, weekday 0 = Sunday, hour). */
export interface DstPoint {
  month: number;
  day: number;
  week: number;
  weekday: number;
  hour: number;
}

export interface LocalOffset {
  /** Minutes east of UTC in force (zone + DST). */
  minutes: number;
  /** False for a code the Escene list does not have: the offset is then 0 (UTC). */
  known: boolean;
  /** Daylight saving in force. */
  summer: boolean;
}

/** One formatter per IANA zone: building one costs far more than using it (the face asks every second). */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Standard offsets by "zone year": a fact of the time-zone database, the same for every phone. */
const standardOffsets = new Map<string, number>();

/** The IANA zone's UTC offset at `utcMs`, in minutes (ICU's "longOffset": "GMT+05:30"). */
export function ianaOffsetMinutes(iana: string, utcMs: number): number {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: iana, timeZoneName: 'longOffset' });
    formatters.set(iana, f);
  }
  const text = f.formatToParts(utcMs).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{1,2}):?(\d{2})?$/.exec(text);
  if (!m) return 0; // "GMT": UTC itself
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * The zone's standard (winter) offset in the year of `utcMs`: the smaller of
 * its January and July offsets, which is right in both hemispheres.
 */
export function standardOffsetMinutes(iana: string, utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const key = `${iana} ${year}`;
  let minutes = standardOffsets.get(key);
  if (minutes === undefined) {
    minutes = Math.min(ianaOffsetMinutes(iana, Date.UTC(year, 0, 1)), ianaOffsetMinutes(iana, Date.UTC(year, 6, 1)));
    standardOffsets.set(key, minutes);
  }
  return minutes;
}

/** The local offset in force at `utcMs` under the settings `s`. */
export function localOffset(utcMs: number, s: ZoneSettings): LocalOffset {
  const z = esceneTimeZone(s.zone);
  if (!z) return { minutes: 0, known: false, summer: false };
  const standard = z.iana ? standardOffsetMinutes(z.iana, utcMs) : z.nominal;
  if (s.dst) {
    const summer = inSummer(utcMs + standard * 60_000, s);
    return { minutes: standard + (summer ? s.dstOffset : 0), known: true, summer };
  }
  if (s.dstAuto && z.iana) {
    const minutes = ianaOffsetMinutes(z.iana, utcMs);
    return { minutes, known: true, summer: minutes !== standard };
  }
  return { minutes: standard, known: true, summer: false };
}

/**
 * The UTC instant of a local wall time (its fields read as if UTC: what a user
 * types on the keypad). The offset depends on the instant, so look twice; in
 * the hour that a spring change skips the later offset wins.
 */
export function utcFromLocal(localFieldsMs: number, s: ZoneSettings): number {
  const first = localFieldsMs - localOffset(localFieldsMs, s).minutes * 60_000;
  return localFieldsMs - localOffset(first, s).minutes * 60_000;
}

/** Is the local standard time `localMs` inside the manual's summer period? */
function inSummer(localMs: number, s: ZoneSettings): boolean {
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

/** The zone settings from the registry (`time.*`; values read through a getter so any Settings view works). */
export function zoneSettings(get: (key: string) => unknown): ZoneSettings {
  const n = (k: string): number => Number(get(k));
  const byWeek = String(get('time.dstType')) === 'week';
  const point = (which: 'Start' | 'End'): DstPoint =>
    byWeek
      ? { month: n(`time.dstWeek${which}Month`), day: 1, week: n(`time.dstWeek${which}Week`), weekday: n(`time.dstWeek${which}Day`), hour: n(`time.dstWeek${which}Hour`) }
      : { month: n(`time.dst${which}Month`), day: n(`time.dst${which}Day`), week: 1, weekday: 0, hour: n(`time.dst${which}Hour`) };
  return {
    zone: n('time.zone'),
    dst: get('time.dst') === true,
    // only an explicit false turns it off (a getter that lacks the key follows the zone, as the factory setting does)
    dstAuto: get('time.dstAuto') !== false,
    dstType: byWeek ? 'week' : 'date',
    dstOffset: n('time.dstOffset'),
    dstStart: point('Start'),
    dstEnd: point('End'),
  };
}
