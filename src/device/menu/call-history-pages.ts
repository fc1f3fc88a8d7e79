import type { CallHistoryType, CallRecord, Contact } from '../../config/index.js';
import type { MessageId } from '../i18n/en.js';
import { callTimer } from '../screens/screen-context.js';
import { dialChoices, type NumberChoice } from './dial-options-page.js';
import { ConfirmPage, InfoPage } from './info-page.js';
import { STAY, UNHANDLED, softKeys, type MenuContext, type MenuList, type MenuPage, type PageResult } from './menu-node.js';
import { RowListPage, type Row } from './row-list-page.js';
import { twoDigits } from '../status-clock.js';

/**
 * Call history (manual §4 "Dial from a call log", §5 "Using Call Logs": MENU >
 * Call history > Missed calls / Received calls / Dialed numbers; Down, Left and
 * Right from idle open them). A list shows who and when; OK shows the record;
 * Dial calls back (choosing the number when the caller is a contact with
 * several); Del removes the record, DelAll the whole list after a question.
 */
const TITLES: Record<CallHistoryType, MessageId> = { missed: 'menu.missedCalls', received: 'menu.receivedCalls', dialed: 'menu.dialedNumbers' };

export const callHistoryMenu: MenuList = {
  kind: 'list',
  label: 'menu.callHistory',
  items: (['missed', 'received', 'dialed'] as const).map((type) => ({ kind: 'page' as const, label: TITLES[type], open: (ctx: MenuContext) => historyPage(ctx, type) })),
};


/** Local fields of a wall time in the phone's zone (status-clock offset), read with getUTC*. */
export function local(ctx: MenuContext, wallMs: number): Date {
  return new Date(wallMs + ctx.clockDisplay().offsetMinutes * 60_000);
}

/** Today: hh:mm; before: dd/mm. */
function shortTime(ctx: MenuContext, wallMs: number): string {
  const d = local(ctx, wallMs);
  const today = local(ctx, ctx.clock.wallTime());
  return d.toISOString().slice(0, 10) === today.toISOString().slice(0, 10) ? `${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())}` : `${twoDigits(d.getUTCDate())}/${twoDigits(d.getUTCMonth() + 1)}`;
}

function fullTime(ctx: MenuContext, wallMs: number): string {
  const d = local(ctx, wallMs);
  return `${d.getUTCFullYear()}-${twoDigits(d.getUTCMonth() + 1)}-${twoDigits(d.getUTCDate())} ${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())}`;
}

export function contactName(c: Contact): string {
  return c.displayName || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.mobile || c.office || c.other;
}

/** A contact's numbers in the manual's order (NO.1 mobile, NO.2 office, NO.3 other: §7 Contact). */
export function contactNumbers(c: Contact): NumberChoice[] {
  return [
    { kind: 'field.number1' as const, number: c.mobile },
    { kind: 'field.number2' as const, number: c.office },
    { kind: 'field.number3' as const, number: c.other },
  ].filter((n) => n.number !== '');
}

function recordName(ctx: MenuContext, r: CallRecord): string {
  return r.remoteName || ctx.lookupName(r.number) || r.number || r.remoteUri;
}

/** Call back: the record's number first, then the other numbers of the contact it belongs to. */
export function dialRecord(ctx: MenuContext, r: CallRecord): Promise<PageResult> {
  const contact = ctx.db?.contacts.findByNumber(r.number) ?? ctx.db?.enterprise.findByNumber(r.number);
  const others = contact ? contactNumbers(contact) : [];
  const own = others.find((o) => o.number === r.number)?.kind ?? 'field.number';
  const viaPhone = ctx.phone.dialFromHistory ? () => ctx.phone.dialFromHistory!(r.id) : undefined;
  return dialChoices(ctx, [{ kind: own, number: r.number }, ...others], viaPhone);
}

interface RecordRow extends Row {
  record: CallRecord;
}

/** One of the three lists; opening the missed calls marks them viewed (the status-bar count goes). */
export function historyPage(ctx: MenuContext, type: CallHistoryType): MenuPage {
  if (type === 'missed') ctx.db?.callHistory.markViewed('missed');
  return new RowListPage<RecordRow>({
    title: TITLES[type],
    rows: (c) => (c.db?.callHistory.list(type) ?? []).map((record) => ({ text: recordName(c, record), right: shortTime(c, record.time), record })),
    softKeys: (c, row) => (row ? softKeys(c, 'soft.dial', 'soft.del', 'soft.delAll', 'soft.back') : softKeys(c, '', '', '', 'soft.back')),
    onKey: (c, k, row) => {
      if (!row) return UNHANDLED;
      switch (k.key) {
        case 'ok':
        case 'right':
          return { kind: 'push', page: recordPage(type, row.record) };
        case 'soft1':
          return dialRecord(c, row.record);
        case 'soft2':
          c.db?.callHistory.remove(row.record.id);
          c.notice(c.t('notice.deleted'));
          return STAY;
        case 'soft3':
          return {
            kind: 'push',
            page: new ConfirmPage('menu.deleteAll', 'confirm.deleteAll', (cc) => {
              cc.db?.callHistory.clear(type);
              return cc.t('notice.deleted');
            }),
          };
        default:
          return UNHANDLED;
      }
    },
  });
}

/** One record: name, number, when, line and talk time; Dial and Del work here too. */
function recordPage(type: CallHistoryType, record: CallRecord): MenuPage {
  const info = new InfoPage(TITLES[type], (c) => [
    recordName(c, record),
    record.number,
    fullTime(c, record.time),
    `${record.line > 0 ? c.t('screen.line', { n: record.line }) : c.t('screen.directIp')}\t${type === 'missed' ? '' : callTimer(record.durationS * 1000)}`,
  ]);
  return {
    title: info.title,
    view: (c) => ({ ...info.view(c), softKeys: softKeys(c, 'soft.dial', 'soft.del', '', 'soft.back') }),
    key: (c, k) => {
      if (k.key === 'soft1') return dialRecord(c, record);
      if (k.key === 'soft2') {
        c.db?.callHistory.remove(record.id);
        return { kind: 'pop', notice: c.t('notice.deleted') };
      }
      if (k.key === 'ok') return dialRecord(c, record);
      return info.key(c, k);
    },
  };
}
