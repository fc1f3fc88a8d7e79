import type { CallHistoryType, Contact } from '../../config/index.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { POP, STAY, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';

/** One row of a list of people: what it shows and what Dial calls. */
export interface RecordRow {
  id: number;
  text: string;
  right: string;
  number: string;
}

/**
 * A scrolling list of call records or contacts (manual §5 "Using Call Logs",
 * "Call from phone book"): Up/Down choose, Dial (or OK) calls the number and
 * closes the menu, Del removes the entry when the list allows it.
 */
export class RecordListPage implements MenuPage {
  private cursor = 0;
  private top = 0;

  constructor(
    readonly title: string,
    private readonly rows: (ctx: MenuContext) => RecordRow[],
    private readonly remove?: (ctx: MenuContext, id: number) => void,
  ) {}

  view(ctx: MenuContext): ScreenView {
    const rows = this.rows(ctx);
    const visible = ctx.layout().textRows - 1;
    this.cursor = Math.min(this.cursor, Math.max(0, rows.length - 1));
    if (this.cursor < this.top) this.top = this.cursor;
    if (this.cursor >= this.top + visible) this.top = this.cursor - visible + 1;
    const shown = rows.slice(this.top, this.top + visible).map((r) => `${r.text}\t${r.right}`);
    return {
      lines: [this.title, ...(rows.length === 0 ? ['(empty)'] : shown)],
      softKeys: ['Dial', '', this.remove && rows.length > 0 ? 'Del' : '', 'Back'],
      ...(rows.length > 0 ? { selected: 1 + this.cursor - this.top } : {}),
      scroll: { up: this.top > 0, down: this.top + visible < rows.length },
    };
  }

  async key(ctx: MenuContext, k: KeyPress): Promise<PageResult> {
    const rows = this.rows(ctx);
    const row = rows[this.cursor];
    switch (k.key) {
      case 'up':
        if (rows.length > 0) this.cursor = (this.cursor + rows.length - 1) % rows.length;
        return STAY;
      case 'down':
        if (rows.length > 0) this.cursor = (this.cursor + 1) % rows.length;
        return STAY;
      case 'ok':
      case 'soft1':
        if (!row?.number) return STAY;
        await ctx.command('Call', () => ctx.phone.dial(row.number));
        return { kind: 'exit' };
      case 'soft3':
        if (row && this.remove) this.remove(ctx, row.id);
        return STAY;
      case 'c':
      case 'left':
      case 'soft4':
        return POP;
      default:
        return { kind: 'unhandled' };
    }
  }
}

const TITLES: Record<CallHistoryType, string> = { missed: 'Missed calls', received: 'Received calls', dialed: 'Dialed numbers' };

function shortTime(ctx: MenuContext, wallMs: number): string {
  const offset = ctx.clockDisplay().offsetMinutes * 60_000;
  const d = new Date(wallMs + offset);
  const today = new Date(ctx.clock.wallTime() + offset);
  const two = (n: number): string => String(n).padStart(2, '0');
  return d.toISOString().slice(0, 10) === today.toISOString().slice(0, 10)
    ? `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
    : `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}`;
}

/** A call history list; opening the missed calls marks them viewed (the status bar count goes). */
export function historyPage(ctx: MenuContext, type: CallHistoryType): MenuPage {
  if (type === 'missed') ctx.db?.callHistory.markViewed('missed');
  return new RecordListPage(
    TITLES[type],
    (c) =>
      (c.db?.callHistory.list(type) ?? []).map((r) => ({
        id: r.id,
        text: r.remoteName || c.lookupName(r.number) || r.number,
        right: shortTime(c, r.time),
        number: r.number,
      })),
    (c, id) => c.db?.callHistory.remove(id),
  );
}

function contactName(c: Contact): string {
  return c.displayName || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.office || c.mobile || c.other;
}

/** Personal phone book > View all. */
export function contactsPage(): MenuPage {
  return new RecordListPage('Personal phone book', (c) =>
    (c.db?.contacts.list() ?? []).map((k) => {
      const number = k.office || k.mobile || k.other;
      return { id: k.id, text: contactName(k), right: number, number };
    }),
  );
}

/** Enterprise phone book (downloaded, read-only). */
export function enterprisePage(): MenuPage {
  return new RecordListPage('Enterprise phone book', (c) =>
    (c.db?.enterprise.list() ?? []).map((k) => {
      const number = k.office || k.mobile || k.other;
      return { id: k.id, text: contactName(k), right: number, number };
    }),
  );
}
