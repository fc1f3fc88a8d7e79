import type { CallInfo } from '../../phone/index.js';
import type { MessageId } from '../i18n/en.js';
import { callTimer, partyName, userPart, type ScreenContext } from './screen-context.js';
import type { ScreenName } from './screen-state.js';
import type { ScreenView } from './screen-view.js';
import { outgoingCall, ringingCall, talkingCall } from './pick-screen.js';

/**
 * What each call screen shows (manual §4): four text lines and the soft-key
 * labels the manual names (Ans, End, XFER, CONF, DND, DIR...), as message ids
 * shown in the LCD language (i18n/).
 */
type SoftKeyIds = readonly [MessageId | '', MessageId | '', MessageId | '', MessageId | ''];

export const SOFT_KEYS: Readonly<Record<Exclude<ScreenName, 'menu'>, SoftKeyIds>> = {
  idle: ['soft.hist', 'soft.dir', 'soft.dnd', 'soft.menu'],
  dialing: ['soft.send', 'soft.del', '', 'soft.cancel'],
  calling: ['', '', '', 'soft.end'],
  ringing: ['soft.ans', '', '', 'soft.rej'],
  talking: ['soft.hold', 'soft.xfer', 'soft.conf', 'soft.end'],
  held: ['soft.resume', 'soft.xfer', 'soft.new', 'soft.end'],
  callWaiting: ['soft.ans', '', '', 'soft.rej'],
  transfer: ['soft.send', 'soft.blind', 'soft.del', 'soft.cancel'],
  conference: ['soft.hold', '', '', 'soft.end'],
};

/** A screen's soft-key labels in the LCD language. */
export function softKeysOf(ctx: ScreenContext, screen: Exclude<ScreenName, 'menu'>): string[] {
  return SOFT_KEYS[screen].map((id) => (id === '' ? '' : ctx.t(id)));
}

function lineLabel(ctx: ScreenContext, line: number): string {
  const l = ctx.status().lines.find((s) => s.line === line);
  const label = String(ctx.settings.get(`account.${line}.label`) ?? '');
  return label || (l?.user ? ctx.t('screen.lineUser', { n: line, user: l.user }) : ctx.t('screen.line', { n: line }));
}

/** Name and number lines: the number only when it differs from the name. */
function party(ctx: ScreenContext, call: CallInfo): [string, string] {
  const name = partyName(ctx, call);
  const number = userPart(call.remote);
  return [name, name === number ? '' : number];
}

function since(ctx: ScreenContext, from: number | undefined): string {
  return from === undefined ? '' : callTimer(ctx.clock.wallTime() - from);
}

export function idleView(ctx: ScreenContext): ScreenView {
  const status = ctx.status();
  const first = status.lines.find((l) => l.state !== 'disabled') ?? status.lines[0];
  const dnd = ctx.settings.get('call.dnd') === true;
  const missed = status.missedCalls ?? 0;
  const texts = status.unreadTextMessages ?? 0;
  const soft = softKeysOf(ctx, 'idle');
  if (ctx.settings.get('call.dndSoftkey') !== true) soft[2] = '';
  return {
    lines: [
      first ? lineLabel(ctx, first.line) : '',
      texts > 0 ? ctx.t(texts === 1 ? 'screen.newMessage' : 'screen.newMessages', { n: texts }) : '',
      ctx.clockDisplay().date,
      dnd ? ctx.t('screen.dnd') : missed > 0 ? ctx.t(missed === 1 ? 'screen.missedCall' : 'screen.missedCalls', { n: missed }) : '',
    ],
    align: ['left', 'center', 'center', 'center'],
    softKeys: soft,
  };
}

export function dialingView(ctx: ScreenContext): ScreenView {
  const entry = ctx.mode.entry;
  const digits = entry ? entry.entry.digits : ctx.dialer.digits;
  const title = ctx.t(entry?.purpose === 'conference' ? 'screen.conferenceWith' : 'screen.dial');
  // the phone book matches under the number, a window of what fits that follows the cursor
  const all = entry ? [] : ctx.matches(digits);
  const room = Math.max(1, ctx.layout().textRows - 2);
  const sel = ctx.mode.selected === undefined ? undefined : Math.min(ctx.mode.selected, all.length - 1);
  const start = sel === undefined ? 0 : Math.max(0, Math.min(sel - room + 1, all.length - room));
  const shown = all.slice(start, start + room);
  const lines = [title, digits, ...shown.map((m) => `${m.name}\t${m.number}`)];
  const selected = sel !== undefined && sel >= 0 ? 2 + sel - start : undefined;
  return {
    lines,
    softKeys: softKeysOf(ctx, 'dialing'),
    cursor: { line: 1, column: [...digits].length },
    ...(selected !== undefined ? { selected } : {}),
  };
}

export function callingView(ctx: ScreenContext): ScreenView {
  const call = outgoingCall(ctx.calls());
  if (!call) return { lines: [], softKeys: softKeysOf(ctx, 'calling') };
  const [name, number] = party(ctx, call);
  const state = ctx.t(call.state === 'dialing' ? 'screen.calling' : 'screen.ringing');
  return { lines: [name, number, state, lineLabel(ctx, call.line)], softKeys: softKeysOf(ctx, 'calling') };
}

export function ringingView(ctx: ScreenContext): ScreenView {
  const call = ringingCall(ctx.calls());
  if (!call) return { lines: [], softKeys: softKeysOf(ctx, 'ringing') };
  const [name, number] = party(ctx, call);
  return { lines: [ctx.t('screen.incomingCall'), name, number, lineLabel(ctx, call.line)], softKeys: softKeysOf(ctx, 'ringing') };
}

export function talkingView(ctx: ScreenContext): ScreenView {
  const call = talkingCall(ctx.calls());
  if (!call) return { lines: [], softKeys: softKeysOf(ctx, 'talking') };
  const [name, number] = party(ctx, call);
  const state = ctx.t(ctx.audio.muted ? 'screen.muted' : call.state === 'early' ? 'screen.earlyMedia' : 'screen.talking');
  const soft = softKeysOf(ctx, 'talking');
  return {
    lines: [name, number, `${state}\t${since(ctx, call.answeredAt ?? call.startedAt)}`, `${lineLabel(ctx, call.line)}${call.codec ? `\t${call.codec}` : ''}`],
    softKeys: soft,
  };
}

/** Held calls; Up/Down choose which one the soft keys act on. */
export function heldCalls(ctx: ScreenContext): CallInfo[] {
  return ctx.calls().filter((c) => c.state === 'held');
}

export function selectedHeld(ctx: ScreenContext): CallInfo | undefined {
  const held = heldCalls(ctx);
  return held[Math.min(ctx.mode.selected ?? 0, held.length - 1)];
}

export function heldView(ctx: ScreenContext): ScreenView {
  const held = heldCalls(ctx);
  const call = selectedHeld(ctx);
  if (!call) return { lines: [], softKeys: softKeysOf(ctx, 'held') };
  const [name, number] = party(ctx, call);
  const which = held.length > 1 ? ` ${held.indexOf(call) + 1}/${held.length}` : '';
  return {
    lines: [`${ctx.t('screen.held')}${which}`, name, number, `${lineLabel(ctx, call.line)}\t${since(ctx, call.answeredAt ?? call.startedAt)}`],
    softKeys: softKeysOf(ctx, 'held'),
    ...(held.length > 1 ? { scroll: { up: true, down: true } } : {}),
  };
}

export function callWaitingView(ctx: ScreenContext): ScreenView {
  const calls = ctx.calls();
  const waiting = ringingCall(calls);
  const current = talkingCall(calls) ?? calls.find((c) => c !== waiting);
  if (!waiting) return { lines: [], softKeys: softKeysOf(ctx, 'callWaiting') };
  const [name, number] = party(ctx, waiting);
  const other = current ? ctx.t(current.state === 'held' ? 'screen.heldWith' : 'screen.talkingWith', { name: partyName(ctx, current) }) : '';
  return {
    lines: [ctx.t('screen.callWaiting'), name, number, other],
    softKeys: softKeysOf(ctx, 'callWaiting'),
  };
}

export function transferView(ctx: ScreenContext): ScreenView {
  const t = ctx.mode.entry;
  const call = t ? ctx.calls().find((c) => c.id === t.callId) : undefined;
  const digits = t?.entry.digits ?? '';
  const soft = softKeysOf(ctx, 'transfer');
  if (t?.blind) soft[1] = '';
  return {
    lines: [ctx.t(t?.blind ? 'screen.blindTransferTo' : 'screen.transferTo'), digits, call ? ctx.t('screen.from', { name: partyName(ctx, call) }) : '', ''],
    softKeys: soft,
    cursor: { line: 1, column: [...digits].length },
  };
}

export function conferenceView(ctx: ScreenContext): ScreenView {
  const talking = talkingCall(ctx.calls());
  const members = (talking?.conference ?? []).map((id) => ctx.calls().find((c) => c.id === id)).filter((c): c is CallInfo => !!c);
  return {
    lines: [ctx.t('screen.conference'), ...members.slice(0, 2).map((c) => partyName(ctx, c)), talking ? `\t${since(ctx, talking.answeredAt)}` : ''],
    softKeys: softKeysOf(ctx, 'conference'),
  };
}

export const CALL_VIEWS: Readonly<Record<Exclude<ScreenName, 'menu'>, (ctx: ScreenContext) => ScreenView>> = {
  idle: idleView,
  dialing: dialingView,
  calling: callingView,
  ringing: ringingView,
  talking: talkingView,
  held: heldView,
  callWaiting: callWaitingView,
  transfer: transferView,
  conference: conferenceView,
};
