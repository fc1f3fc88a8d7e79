import {
  type AccountChoice,
  NAME_MAX,
  accountFromColumn,
  accountToColumn,
  checkAccount,
  checkBool,
  checkId,
  checkInt,
  checkPhoneNumber,
  checkText,
} from './field-rules.js';
import { storeError } from './store-errors.js';

/**
 * One phonebook entry, personal or enterprise. Fields: the manual's Contact page
 * (§7 Phone Book: serial number, first/last name, mobile/office/other number,
 * group, account) plus the Escene `book` attributes (escene-formats.md §5):
 * GroupNameTwo, speedid, ISUseBLF, Username.
 */
export interface Contact {
  /** Serial number (Escene Bookid). */
  id: number;
  firstName: string;
  lastName: string;
  /** Escene `Username`: the full name as the PBX wrote it; '' when not given. */
  displayName: string;
  /** Number 1..3, each at most 19 characters (manual: "the size of number is 19 byte"). */
  mobile: string;
  office: string;
  other: string;
  /** Group id, null = "None" (the manual's default). */
  groupId: number | null;
  /** Escene GroupNameTwo: a second group. */
  groupTwoId: number | null;
  /** The SIP account to dial from, or 'auto'. */
  account: AccountChoice;
  /** Escene speedid; 0 = none. */
  speedDial: number;
  /** Escene ISUseBLF. */
  useBlf: boolean;
}

export type ContactInput = Partial<Omit<Contact, 'id'>> & { id?: number };

export const SPEED_DIAL_MAX = 999;
const DISPLAY_NAME_MAX = 64;

export interface ContactRow {
  id: number;
  first_name: string;
  last_name: string;
  display_name: string;
  mobile: string;
  office: string;
  other: string;
  group_id: number | null;
  group_two_id: number | null;
  account: number | null;
  speed_dial: number;
  use_blf: number;
}

export const CONTACT_COLUMNS =
  'id, first_name, last_name, display_name, mobile, office, other, group_id, group_two_id, account, speed_dial, use_blf';

export function contactFromRow(r: ContactRow): Contact {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    displayName: r.display_name,
    mobile: r.mobile,
    office: r.office,
    other: r.other,
    groupId: r.group_id,
    groupTwoId: r.group_two_id,
    account: accountFromColumn(r.account),
    speedDial: r.speed_dial,
    useBlf: r.use_blf === 1,
  };
}

function checkGroupRef(where: string, field: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return checkInt(where, field, value, 0, 2_147_483_647);
}

/** Validate every field; returns the row to store (id null = let the store choose). */
export function contactToRow(where: string, input: ContactInput): Omit<ContactRow, 'id'> & { id: number | null } {
  const row = {
    id: input.id === undefined ? null : checkId(where, input.id),
    first_name: checkText(where, 'firstName', input.firstName, NAME_MAX),
    last_name: checkText(where, 'lastName', input.lastName, NAME_MAX),
    display_name: checkText(where, 'displayName', input.displayName, DISPLAY_NAME_MAX),
    mobile: checkPhoneNumber(where, 'mobile', input.mobile),
    office: checkPhoneNumber(where, 'office', input.office),
    other: checkPhoneNumber(where, 'other', input.other),
    group_id: checkGroupRef(where, 'groupId', input.groupId),
    group_two_id: checkGroupRef(where, 'groupTwoId', input.groupTwoId),
    account: accountToColumn(checkAccount(where, input.account)),
    speed_dial: checkInt(where, 'speedDial', input.speedDial, 0, SPEED_DIAL_MAX, 0),
    use_blf: checkBool(where, 'useBlf', input.useBlf) ? 1 : 0,
  };
  const hasName = [row.first_name, row.last_name, row.display_name].some((s) => s.trim() !== '');
  const hasNumber = [row.mobile, row.office, row.other].some((s) => s !== '');
  if (!hasName && !hasNumber) throw storeError('CFG_INVALID', `${where}: a contact needs a name or a number`);
  return row;
}
