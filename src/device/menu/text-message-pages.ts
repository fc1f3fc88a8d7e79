import type { TextMessage } from '../../config/index.js';
import { InfoPage } from './info-page.js';
import { STAY, UNHANDLED, softKeys, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';
import { RowListPage, type Row } from './row-list-page.js';
import { local } from './call-history-pages.js';
import { dialChoices } from './dial-options-page.js';
import { EntryPage } from './text-page.js';
import { twoDigits } from '../status-clock.js';

/**
 * Text messages on the LCD (the manual's feature list: "SMS"; a function key
 * set to SMS opens it, the idle screen counts new ones): newest first, a
 * received one under its sender, a sent one with ">" before the addressee.
 * Opening the list marks every received message read. OK shows the whole
 * text; Reply and New write one (To, then the text, multi-tap); Del deletes.
 */

/** A text typed on the keypad stays short: the entry line shows one LCD line at a time. */
const COMPOSE_MAX_CHARS = 160;

/** New message: the addressee (prefilled for a reply), then the text; Send sends it and goes back. */
export function composePage(to = ''): MenuPage {
  return new EntryPage({
    title: 'menu.newMessage',
    prompt: 'field.to',
    initial: to,
    modes: ['123', 'abc', 'ABC'],
    star: '.',
    maxLength: 64,
    saveLabel: 'soft.ok',
    onSave: (ctx, typed) => {
      if (typed.trim() === '') {
        ctx.notice(ctx.t('notice.noNumber'));
        return STAY;
      }
      return { kind: 'push', page: messageEntry(typed.trim()) };
    },
  });
}

function messageEntry(to: string): MenuPage {
  return new EntryPage({
    title: 'menu.newMessage',
    prompt: { text: to },
    modes: ['abc', 'ABC', '123'],
    maxLength: COMPOSE_MAX_CHARS,
    saveLabel: 'soft.send',
    onSave: async (ctx, text) => {
      if (text.trim() === '' || !ctx.phone.sendTextMessage) return STAY;
      const sent = await ctx.command('Send', () => ctx.phone.sendTextMessage!(to, text));
      if (!sent) return STAY; // the command's notice says why
      return { kind: 'pop', count: 2, notice: ctx.t(sent.status === 'sent' ? 'notice.messageSent' : 'notice.messageNotSent') };
    },
  });
}

/** Columns of the LCD's 6-pixel text font; a CJK glyph takes two. */
const LCD_COLUMNS = 21;

function columnsOf(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  return c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60)) ? 2 : 1;
}

/** The text broken into LCD lines: at spaces where possible, inside long words otherwise; its own line breaks kept. */
export function wrapForLcd(text: string, columns = LCD_COLUMNS): string[] {
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    let width = 0;
    for (const word of paragraph.split(/(\s+)/)) {
      if (word === '') continue;
      const w = [...word].reduce((n, ch) => n + columnsOf(ch), 0);
      if (/^\s+$/.test(word)) {
        if (width > 0 && width < columns) {
          line += ' ';
          width++;
        }
        continue;
      }
      if (width + w > columns && width > 0) {
        out.push(line.trimEnd());
        line = '';
        width = 0;
      }
      for (const ch of word) {
        const cw = columnsOf(ch);
        if (width + cw > columns) {
          out.push(line);
          line = '';
          width = 0;
        }
        line += ch;
        width += cw;
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

function partyOf(ctx: MenuContext, m: TextMessage): string {
  return m.remoteName || ctx.lookupName(m.number) || m.number || m.remoteUri;
}


function when(ctx: MenuContext, m: TextMessage): string {
  const d = local(ctx, m.time);
  return `${twoDigits(d.getUTCDate())}/${twoDigits(d.getUTCMonth() + 1)} ${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())}`;
}

function dialParty(ctx: MenuContext, m: TextMessage): Promise<PageResult> {
  return dialChoices(ctx, [{ kind: 'field.number', number: m.number }]);
}

function remove(ctx: MenuContext, m: TextMessage): void {
  if (ctx.phone.deleteTextMessage) ctx.phone.deleteTextMessage(m.id);
  else ctx.db?.textMessages.delete(m.id);
}

interface MessageRow extends Row {
  message: TextMessage;
}

export function textMessagesPage(ctx: MenuContext): MenuPage {
  if (ctx.phone.markTextMessagesRead) ctx.phone.markTextMessagesRead();
  else ctx.db?.textMessages.markRead();
  return new RowListPage<MessageRow>({
    title: 'menu.textMessages',
    rows: (c) => (c.db?.textMessages.list() ?? []).map((message) => ({ text: `${message.direction === 'out' ? '>' : ''}${partyOf(c, message)}`, right: when(c, message).slice(6), message })),
    softKeys: (c, row) => (row ? softKeys(c, 'soft.reply', 'soft.del', 'soft.new', 'soft.back') : softKeys(c, '', '', 'soft.new', 'soft.back')),
    onKey: (c, k, row) => {
      if (k.key === 'soft3') return { kind: 'push', page: composePage() };
      if (!row) return UNHANDLED;
      switch (k.key) {
        case 'ok':
        case 'right':
          return { kind: 'push', page: messagePage(row.message) };
        case 'soft1':
          return { kind: 'push', page: composePage(row.message.number) };
        case 'soft2':
          remove(c, row.message);
          c.notice(c.t('notice.deleted'));
          return STAY;
        default:
          return UNHANDLED;
      }
    },
  });
}

/** One message: who, when, its state when we sent it, then the text (Up/Down scroll). */
function messagePage(m: TextMessage): MenuPage {
  const info = new InfoPage('menu.textMessages', (c) => [
    `${m.direction === 'out' ? '> ' : ''}${partyOf(c, m)}`,
    `${when(c, m)}${m.direction === 'out' && m.status !== 'sent' ? ` ${m.status.startsWith('failed') ? c.t('screen.messageFailed') : '...'}` : ''}`,
    ...wrapForLcd(m.body),
  ]);
  return {
    title: info.title,
    view: (c) => ({ ...info.view(c), softKeys: softKeys(c, 'soft.dial', 'soft.del', 'soft.reply', 'soft.back') }),
    key: (c, k) => {
      if (k.key === 'soft1') return dialParty(c, m);
      if (k.key === 'soft3') return { kind: 'push', page: composePage(m.number) };
      if (k.key === 'soft2') {
        remove(c, m);
        return { kind: 'pop', notice: c.t('notice.deleted') };
      }
      return info.key(c, k);
    },
  };
}
