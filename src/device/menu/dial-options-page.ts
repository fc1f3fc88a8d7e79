import type { MessageId } from '../i18n/en.js';
import { STAY, UNHANDLED, softKeys, type MenuContext, type PageResult } from './menu-node.js';
import { RowListPage, type Row } from './row-list-page.js';

/** One number a person can be called on, with what the LCD calls it ("NO.1"). */
export interface NumberChoice {
  kind: MessageId;
  number: string;
}

/** Place the call and close the menu (the call screen takes the glass). */
export async function dialAndClose(ctx: MenuContext, number: string, dial?: () => Promise<{ id: string }>): Promise<PageResult> {
  const placed = await ctx.command('Call', dial ?? (() => ctx.phone.dial(number)));
  return placed ? { kind: 'exit' } : STAY;
}

/**
 * Dial someone with one or more numbers (manual §5 "Call from phone book": "If
 * there are multiple numbers of one contact, press Dial to enter the interface
 * of “call options”, select the one you want to call and press Dial").
 */
export async function dialChoices(ctx: MenuContext, choices: NumberChoice[], dialFirst?: () => Promise<{ id: string }>): Promise<PageResult> {
  const unique = choices.filter((c, i) => c.number !== '' && choices.findIndex((o) => o.number === c.number) === i);
  if (unique.length === 0) {
    ctx.notice(ctx.t('notice.noNumber'));
    return STAY;
  }
  if (unique.length === 1) return dialAndClose(ctx, unique[0]!.number, dialFirst);
  return { kind: 'push', page: callOptionsPage(unique, dialFirst) };
}

interface ChoiceRow extends Row {
  choice: NumberChoice;
  index: number;
}

export function callOptionsPage(choices: NumberChoice[], dialFirst?: () => Promise<{ id: string }>): RowListPage<ChoiceRow> {
  return new RowListPage<ChoiceRow>({
    title: 'menu.callOptions',
    rows: (ctx) => choices.map((c, index) => ({ text: c.number, right: ctx.t(c.kind), choice: c, index })),
    softKeys: (ctx) => softKeys(ctx, 'soft.dial', '', '', 'soft.back'),
    onKey: (ctx, k, row) => {
      if (!row || (k.key !== 'ok' && k.key !== 'soft1' && k.key !== 'right')) return UNHANDLED;
      return dialAndClose(ctx, row.choice.number, row.index === 0 ? dialFirst : undefined);
    },
  });
}
