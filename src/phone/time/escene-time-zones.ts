/**
 * The Escene time-zone codes (`TimeZoneType`, registry `time.zone`, 0..121) as
 * the phone's web page lists them ("Time Zone-GMT"), each mapped to the IANA
 * zone whose rules it stands for, so the offset and the zone's own daylight
 * saving come from the time-zone database Node carries (ICU), not from a table
 * of ours. Codes that name a bare offset map to a fixed `Etc/GMT±n` zone.
 *
 * Which code is which place is a fact of the Escene firmware; we took it from
 * the list FusionPBX keeps for its Escene templates
 * (fusionpbx/fusionpbx, resources/templates/provision/escene/e3xx/timezones.txt)
 * and wrote the table below ourselves. That list has no codes 27, 28 and 29:
 * they stay unknown (the clock shows UTC and says so). `nominal` is the offset
 * the Escene list prints beside the name (the menu shows it); the offset in
 * force is the IANA zone's, which for a few places has changed since the
 * firmware was written (Kazakhstan is +5 since 2024, for one).
 */
export interface EsceneTimeZone {
  code: number;
  /** Short name for the LCD list (our wording). */
  name: string;
  /** The UTC offset the Escene list prints, minutes east. */
  nominal: number;
  /** The IANA zone; absent = a fixed offset of `nominal` minutes. */
  iana?: string;
}

const H = 60;

// [code, nominal offset in minutes, name, IANA zone ('' = fixed nominal offset)]
const ROWS: ReadonlyArray<readonly [number, number, string, string]> = [
  [0, -12 * H, 'UTC-12', 'Etc/GMT+12'],
  [1, -11 * H, 'UTC-11', 'Etc/GMT+11'],
  [2, -10 * H, 'UTC-10', 'Etc/GMT+10'],
  [3, -9 * H, 'UTC-9', 'Etc/GMT+9'],
  [4, -8 * H, 'California', 'America/Los_Angeles'],
  [5, -7 * H, 'La Paz (Baja California Sur)', 'America/Mazatlan'],
  [6, -6 * H, 'Mexico City', 'America/Mexico_City'],
  [7, -5 * H, 'Lima', 'America/Lima'],
  [8, -4 * H, 'Santiago de Chile', 'America/Santiago'],
  [9, -3 * H, 'Brasilia', 'America/Sao_Paulo'],
  [10, -2 * H, 'UTC-2', 'Etc/GMT+2'],
  [11, -1 * H, 'Azores', 'Atlantic/Azores'],
  [12, 0, 'GMT', 'Etc/GMT'],
  [13, 1 * H, 'Berlin', 'Europe/Berlin'],
  [14, 2 * H, 'Cairo', 'Africa/Cairo'],
  [15, 3 * H, 'Moscow, Bahrain', 'Europe/Moscow'],
  [16, 4 * H, 'Muscat', 'Asia/Muscat'],
  [17, 5 * H, 'Islamabad', 'Asia/Karachi'],
  [18, 6 * H, 'Omsk, Novosibirsk', 'Asia/Omsk'],
  [19, 7 * H, 'Bangkok', 'Asia/Bangkok'],
  [20, 8 * H, 'Beijing', 'Asia/Shanghai'],
  [21, 9 * H, 'Tokyo', 'Asia/Tokyo'],
  [22, 10 * H, 'Sydney, Melbourne', 'Australia/Sydney'],
  [23, 11 * H, 'Solomon Islands', 'Pacific/Guadalcanal'],
  [24, 12 * H, 'New Zealand', 'Pacific/Auckland'],
  [25, 13 * H, 'Tonga', 'Pacific/Tongatapu'],
  [26, 5 * H + 30, 'India', 'Asia/Kolkata'],
  [30, -9 * H, 'US-Alaska', 'America/Anchorage'],
  [31, -7 * H, 'US-Arizona', 'America/Phoenix'],
  [32, -5 * H, 'US-Eastern', 'America/New_York'],
  [33, -10 * H, 'US-Hawaii', 'Pacific/Honolulu'],
  [34, -5 * H, 'US-Michigan', 'America/Detroit'],
  [35, -8 * H, 'US-Pacific', 'America/Los_Angeles'],
  [36, -10 * H, 'US-Aleutian', 'America/Adak'],
  [37, -6 * H, 'US-Central', 'America/Chicago'],
  [38, -5 * H, 'US-East-Indiana', 'America/Indiana/Indianapolis'],
  [39, -6 * H, 'US-Indiana-Starke', 'America/Indiana/Knox'],
  [40, -7 * H, 'US-Mountain', 'America/Denver'],
  [41, -11 * H, 'US-Samoa', 'Pacific/Pago_Pago'],
  [42, -4 * H, 'Canada-Atlantic', 'America/Halifax'],
  [43, -3 * H - 30, 'Newfoundland', 'America/St_Johns'],
  [44, 9 * H + 30, 'Australia-Central', 'Australia/Darwin'],
  [45, 2 * H, 'Tel Aviv', 'Asia/Jerusalem'],
  [46, 6 * H + 30, 'Myanmar', 'Asia/Yangon'],
  [47, 3 * H + 30, 'Tehran', 'Asia/Tehran'],
  [48, 2 * H, 'Bucharest', 'Europe/Bucharest'],
  [49, -8 * H, 'Vancouver', 'America/Vancouver'],
  [50, -8 * H, 'Tijuana', 'America/Tijuana'],
  [51, -7 * H, 'Edmonton, Calgary', 'America/Edmonton'],
  [52, -7 * H, 'Mazatlan, Chihuahua', 'America/Mazatlan'],
  [53, -6 * H, 'Winnipeg', 'America/Winnipeg'],
  [54, -6 * H, 'Easter Island', 'Pacific/Easter'],
  [55, -5 * H, 'Nassau', 'America/Nassau'],
  [56, -5 * H, 'Montreal, Ottawa', 'America/Toronto'],
  [57, -5 * H, 'Havana', 'America/Havana'],
  [58, -4 * H - 30, 'Caracas', 'America/Caracas'],
  [59, -4 * H, 'Asuncion', 'America/Asuncion'],
  [60, -4 * H, 'Bermuda', 'Atlantic/Bermuda'],
  [61, -4 * H, 'Falkland Islands', 'Atlantic/Stanley'],
  [62, -4 * H, 'Trinidad & Tobago', 'America/Port_of_Spain'],
  [63, -3 * H, 'Nuuk', 'America/Nuuk'],
  [64, -3 * H, 'Buenos Aires', 'America/Argentina/Buenos_Aires'],
  [65, -1 * H, 'Azores (Portugal)', 'Atlantic/Azores'],
  [66, 0, 'Greenland (Danmarkshavn)', 'America/Danmarkshavn'],
  [67, 0, 'Faroe Islands', 'Atlantic/Faroe'],
  [68, 0, 'Dublin', 'Europe/Dublin'],
  [69, 0, 'Lisbon', 'Europe/Lisbon'],
  [70, 0, 'Canary Islands', 'Atlantic/Canary'],
  [71, 0, 'London', 'Europe/London'],
  [72, 0, 'Morocco', 'Africa/Casablanca'],
  [73, 1 * H, 'Tirane', 'Europe/Tirane'],
  [74, 1 * H, 'Vienna', 'Europe/Vienna'],
  [75, 1 * H, 'Brussels', 'Europe/Brussels'],
  // listed as GMT+01:00 "Caicos" by Escene; the Turks and Caicos are at -5, so
  // which place was meant is unclear: keep the printed offset, fixed
  [76, 1 * H, 'Caicos', ''],
  [77, 1 * H, 'Chad', 'Africa/Ndjamena'],
  [78, 1 * H, 'Madrid', 'Europe/Madrid'],
  [79, 1 * H, 'Zagreb', 'Europe/Zagreb'],
  [80, 1 * H, 'Prague', 'Europe/Prague'],
  [81, 1 * H, 'Copenhagen', 'Europe/Copenhagen'],
  [82, 1 * H, 'Paris', 'Europe/Paris'],
  [83, 1 * H, 'Budapest', 'Europe/Budapest'],
  [84, 1 * H, 'Rome', 'Europe/Rome'],
  [85, 1 * H, 'Luxembourg', 'Europe/Luxembourg'],
  [86, 1 * H, 'Skopje', 'Europe/Skopje'],
  [87, 1 * H, 'Amsterdam', 'Europe/Amsterdam'],
  [88, 1 * H, 'Windhoek', 'Africa/Windhoek'],
  [89, 2 * H, 'Tallinn', 'Europe/Tallinn'],
  [90, 2 * H, 'Helsinki', 'Europe/Helsinki'],
  [91, 2 * H, 'Gaza', 'Asia/Gaza'],
  [92, 2 * H, 'Athens', 'Europe/Athens'],
  [93, 2 * H, 'Amman', 'Asia/Amman'],
  [94, 2 * H, 'Riga', 'Europe/Riga'],
  [95, 2 * H, 'Beirut', 'Asia/Beirut'],
  [96, 2 * H, 'Chisinau', 'Europe/Chisinau'],
  [97, 2 * H, 'Kaliningrad', 'Europe/Kaliningrad'],
  [98, 2 * H, 'Damascus', 'Asia/Damascus'],
  [99, 2 * H, 'Ankara', 'Europe/Istanbul'],
  [100, 2 * H, 'Kyiv, Odesa', 'Europe/Kyiv'],
  [101, 3 * H, 'East Africa', 'Africa/Nairobi'],
  [102, 3 * H, 'Baghdad', 'Asia/Baghdad'],
  [103, 4 * H, 'Yerevan', 'Asia/Yerevan'],
  [104, 4 * H, 'Baku', 'Asia/Baku'],
  [105, 4 * H, 'Tbilisi', 'Asia/Tbilisi'],
  [106, 4 * H, 'Aktau', 'Asia/Aqtau'],
  [107, 4 * H, 'Samara', 'Europe/Samara'],
  [108, 4 * H + 30, 'Afghanistan', 'Asia/Kabul'],
  [109, 5 * H, 'Aqtobe', 'Asia/Aqtobe'],
  [110, 5 * H, 'Bishkek', 'Asia/Bishkek'],
  [111, 5 * H, 'Chelyabinsk', 'Asia/Yekaterinburg'],
  [112, 6 * H, 'Astana, Almaty', 'Asia/Almaty'],
  [113, 7 * H, 'Krasnoyarsk', 'Asia/Krasnoyarsk'],
  [114, 8 * H, 'Singapore', 'Asia/Singapore'],
  [115, 8 * H, 'Perth', 'Australia/Perth'],
  [116, 9 * H, 'Seoul', 'Asia/Seoul'],
  [117, 9 * H + 30, 'Adelaide', 'Australia/Adelaide'],
  [118, 10 * H, 'Vladivostok', 'Asia/Vladivostok'],
  [119, 10 * H + 30, 'Lord Howe Island', 'Australia/Lord_Howe'],
  [120, 11 * H, 'Noumea', 'Pacific/Noumea'],
  [121, 12 * H + 45, 'Chatham Islands', 'Pacific/Chatham'],
];

/** Every known code, in code order. */
export const ESCENE_TIME_ZONES: readonly EsceneTimeZone[] = ROWS.map(([code, nominal, name, iana]) => ({
  code,
  name,
  nominal,
  ...(iana ? { iana } : {}),
}));

const BY_CODE = new Map(ESCENE_TIME_ZONES.map((z) => [z.code, z]));

/** The zone of an Escene code, or undefined for a code the list does not have (27-29, out of range). */
export function esceneTimeZone(code: number): EsceneTimeZone | undefined {
  return BY_CODE.get(code);
}

/** "GMT+05:30": how the Escene list writes an offset. */
export function gmtOffsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `GMT${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
