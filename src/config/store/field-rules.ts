import { storeError } from './store-errors.js';

/**
 * Field checks at the storage boundary: whatever surface a value came from (web
 * form, LCD editor, XML import, REST), the store refuses what the phone cannot
 * hold, with CFG_INVALID naming the table and field. Nothing is truncated.
 */

/** "every contact can save 3 numbers and the size of number is 19 byte" (manual, feature list). */
export const PHONE_NUMBER_MAX = 19;
/** Project limits where the manual gives none (LCD is 128x64: names longer than this never show). */
export const NAME_MAX = 32;
export const DESCRIPTION_MAX = 64;
/** Highest line (SIP account) index accepted in storage; the phone checks its model's line count. */
export const LINE_MAX = 16;

/** C0 controls and DEL: they break XML export and LCD rendering. */
function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
// Digits, * # + and the characters of a SIP user part or short URI (no spaces).
const DIALABLE = /^[\x21-\x7e]*$/;

function fieldError(where: string, field: string, reason: string): Error {
  return storeError('CFG_INVALID', `${where}: ${field} ${reason}`);
}

/** A text field of at most `max` characters (code points), no control characters. */
export function checkText(where: string, field: string, value: unknown, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw fieldError(where, field, `must be text, got ${typeof value}`);
  const length = [...value].length;
  if (length > max) throw fieldError(where, field, `is ${length} characters, at most ${max} allowed`);
  if (hasControlChars(value)) throw fieldError(where, field, 'contains control characters');
  return value;
}

/** A text field that must not be empty (group names). */
export function checkRequiredText(where: string, field: string, value: unknown, max: number): string {
  const text = checkText(where, field, value, max);
  if (text.trim() === '') throw fieldError(where, field, 'must not be empty');
  return text;
}

/** A dialable number: at most 19 characters, printable ASCII, no spaces. Empty is allowed. */
export function checkPhoneNumber(where: string, field: string, value: unknown, max = PHONE_NUMBER_MAX): string {
  const text = checkText(where, field, value, max);
  if (!DIALABLE.test(text)) throw fieldError(where, field, `"${text}" may hold only digits, * # + and URI characters, no spaces`);
  return text;
}

/** An integer in [min, max]; `fallback` when absent. */
export function checkInt(where: string, field: string, value: unknown, min: number, max: number, fallback?: number): number {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw fieldError(where, field, `must be an integer, got ${String(value)}`);
  if (value < min || value > max) throw fieldError(where, field, `${value} is outside ${min}..${max}`);
  return value;
}

/** Serial numbers (Escene Bookid / group id): 0 is a real id in FusionPBX files. */
export function checkId(where: string, value: unknown): number {
  return checkInt(where, 'id', value, 0, 2_147_483_647);
}

/** The SIP account a contact dials from: a line index, or 'auto' (the phone picks). */
export type AccountChoice = number | 'auto';

export function checkAccount(where: string, value: unknown): AccountChoice {
  if (value === undefined || value === null || value === 'auto') return 'auto';
  return checkInt(where, 'account', value, 1, LINE_MAX);
}

export function accountToColumn(account: AccountChoice): number | null {
  return account === 'auto' ? null : account;
}

export function accountFromColumn(value: number | null): AccountChoice {
  return value === null ? 'auto' : value;
}

export function checkBool(where: string, field: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw fieldError(where, field, `must be true or false, got ${String(value)}`);
  return value;
}

/** LIKE pattern for "starts with", with % _ and \ escaped (used with ESCAPE '\'). */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
