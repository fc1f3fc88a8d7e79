/**
 * The SIP Date header (RFC 3261 §20.17): "the time and date ... in GMT", in the
 * RFC 1123 form of §25.1 (`Date: Sat, 13 Nov 2010 23:29:00 GMT`). "This
 * simple ... Date header field can be used by simple end systems without a
 * battery-backed clock to acquire a notion of current time" (§20.17): the
 * phone's "SIP server" time mode reads it from 2xx answers to REGISTER.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// wkday "," SP date1 SP time SP "GMT", date1 = 2DIGIT SP month SP 4DIGIT (a 1-digit day is accepted)
const SIP_DATE = /^\s*(?:mon|tue|wed|thu|fri|sat|sun),\s*(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+gmt\s*$/i;

/** Unix milliseconds of a SIP-date, or undefined when it is not one (or names an impossible date). */
export function parseSipDate(text: string): number | undefined {
  const m = SIP_DATE.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  if (month < 0) return undefined;
  const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 Feb over into March: refuse it instead
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** A SIP-date for `unixMs` (what a registrar would send; tests and the SIPp scenario use it). */
export function formatSipDate(unixMs: number): string {
  // toUTCString is exactly the RFC 1123 form: "Sat, 13 Nov 2010 23:29:00 GMT"
  return new Date(unixMs).toUTCString();
}
