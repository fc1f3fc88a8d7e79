import type { SettingDef } from './setting-def.js';
import { PageDeclarer, codedOptions } from './page-declarer.js';

/**
 * Manual §7 "Advance > Phone Setting > Set Time Mode / Daylight Saving Time" and the
 * LCD "Function setting > Time & Date" (§4: SNTP, SIP server, manual). XML:
 * `SysTimes/systime`, with the display formats in `lcds/lcd` (escene-formats.md §3.2).
 *
 * The host owns the real clock; these settings decide how the phone *shows* time
 * (zone, DST, formats) and where the offset it adds comes from: SNTP, the
 * registrar's Date header or a manual setting (src/phone/time/phone-time.ts).
 * The one-shot manual date/time attributes (YearSet, MouthSet, DaySet...) are kept
 * by the XML layer, not interpreted.
 */
export const TIME_PAGE = 'Advance/Phone Setting';

const LCD_TIME = 'Menu > Function setting > Time & date';

/** A manual time at most about 50 years from the host's (seconds). */
export const MANUAL_OFFSET_MAX_S = 1_600_000_000;

export function timeSettings(): SettingDef[] {
  const p = new PageDeclarer({ page: TIME_PAGE, role: 'user', effect: 'live', xml: { container: 'SysTimes', element: 'systime' } });
  const lcd = p.with({ xml: { container: 'lcds', element: 'lcd' } });
  const menu = { menu: LCD_TIME };
  const month = (key: string, label: string, def: number, attribute: string): SettingDef =>
    p.int(key, label, def, 1, 12, attribute);
  const hour = (key: string, label: string, def: number, attribute: string): SettingDef =>
    p.int(key, label, def, 0, 23, attribute, { unit: 'h' });
  return [
    p.bool('time.sntpEnabled', 'SNTP', false, 'SNTPEnableFlag', {
      ...menu,
      help:
        'On = take the time from SNTP (RFC 4330). Off by default: the host keeps its clock by NTP already ' +
        '(docs/decisions.md). Polarity as in the Elastix/RCA files (sources conflict).',
    }),
    p.host('time.sntpServer', 'SNTP Server', 'pool.ntp.org', 'SNTPAddress', menu),
    p.host('time.sntpServer2', 'SNTP Server (backup)', '', 'SNTPAddressBackup'),
    p.int('time.sntpInterval', 'Update Interval', 3600, 60, 86400, 'UpdateInterval', { unit: 's', help: 'XML unit (I).' }),
    p.bool('time.sipServerTime', 'SIP Server', false, undefined, {
      ...menu,
      help: 'Take the time from the Date header of REGISTER responses (RFC 3261 §20.17). No XML attribute known.',
    }),
    p.int('time.manualOffset', 'Manual Setting', 0, -MANUAL_OFFSET_MAX_S, MANUAL_OFFSET_MAX_S, undefined, {
      unit: 's',
      help: 'With SNTP and SIP server time off: seconds added to the host clock. LCD Manual setting > Date & time sets it from a date and time. Sayhi only.',
    }),
    p.int('time.zone', 'Time Zone-GMT', 12, 0, 121, 'TimeZoneType', {
      ...menu,
      help:
        'Escene time-zone code 0..121 (e.g. 12 GMT, 13 Berlin, 20 Beijing, 32 US-Eastern, 35 US-Pacific, 71 London), ' +
        'each mapped to an IANA zone (src/phone/time/escene-time-zones.ts); 27-29 are unknown and show UTC.',
    }),
    p.bool('time.dst', 'Daylight Saving Time Mode', false, 'DaylightSaveingFlag', {
      ...menu,
      help: "On = the DST rules below (by date or by week), replacing the time zone's own.",
    }),
    p.bool('time.dstAuto', 'Automatic DST', true, undefined, {
      help: "With the DST mode off: follow the time zone's own daylight saving (time-zone database); off = standard time all year. Sayhi only.",
    }),
    p.enum('time.dstType', 'DST Type', 'week', codedOptions([['date', 'By Date'], ['week', 'By Week']]), 'DSTtype', {
      help: 'XML codes (I).',
    }),
    p.int('time.dstOffset', 'DST Offset', 60, -300, 300, 'Offset', { unit: 'min' }),
    month('time.dstStartMonth', 'DST Start Month', 3, 'DSTStartMonth'),
    p.int('time.dstStartDay', 'DST Start Day', 25, 1, 31, 'DSTStartDay'),
    hour('time.dstStartHour', 'DST Start Hour', 2, 'DSTStartHour'),
    month('time.dstEndMonth', 'DST End Month', 10, 'DSTEndMonth'),
    p.int('time.dstEndDay', 'DST End Day', 25, 1, 31, 'DSTEndDay'),
    hour('time.dstEndHour', 'DST End Hour', 3, 'DSTEndHour'),
    month('time.dstWeekStartMonth', 'DST Start Month (by week)', 3, 'DSTWeekStartMonth'),
    p.int('time.dstWeekStartWeek', 'DST Start Week of Month', 5, 1, 5, 'DSTWeekStartWeek', { help: '5 = last. XML meaning (I).' }),
    p.int('time.dstWeekStartDay', 'DST Start Day of Week', 0, 0, 6, 'DSTWeekStartInMonth', { help: '0 = Sunday. XML meaning (I).' }),
    hour('time.dstWeekStartHour', 'DST Start Hour (by week)', 2, 'DSTWeekStartHour'),
    month('time.dstWeekEndMonth', 'DST End Month (by week)', 10, 'DSTWeekEndMonth'),
    p.int('time.dstWeekEndWeek', 'DST End Week of Month', 5, 1, 5, 'DSTWeekEndWeek'),
    p.int('time.dstWeekEndDay', 'DST End Day of Week', 0, 0, 6, 'DSTWeekEndInMonth'),
    hour('time.dstWeekEndHour', 'DST End Hour (by week)', 3, 'DSTWeekEndHour'),
    lcd.enum('time.timeFormat', 'Time Format', '24h', codedOptions([['24h', '24 Hour'], ['12h', '12 Hour']]), 'TimeFormat'),
    lcd.enum(
      'time.dateFormat',
      'Date Format',
      'dd-mm-www',
      codedOptions([
        ['dd-mm-www', 'DD MM WWW'],
        ['mm-dd-www', 'MM DD WWW'],
        ['www-mmm-dd', 'WWW MMM DD'],
        ['dd-mmm-yy', 'DD-MMM-YY'],
        ['yyyy-mm-dd', 'YYYY-MM-DD'],
        ['dd/mm/yyyy', 'DD/MM/YYYY'],
        ['mm/dd/yy', 'MM/DD/YY'],
        ['dd-mmm-yyyy', 'DD MMM YYYY'],
        ['www-dd-mmm', 'WWW DD MMM'],
      ]),
      'DateFormat',
    ),
  ];
}
