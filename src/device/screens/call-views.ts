import type { CallInfo } from '../../phone/index.js';
import { callTimer, partyName, userPart, type ScreenContext } from './screen-context.js';
import type { ScreenName } from './screen-state.js';
import type { ScreenView } from './screen-view.js';
import { outgoingCall, ringingCall, talkingCall } from './pick-screen.js';

/**
 * What each call screen shows (manual §4): four text lines and the soft-key
 * labels the manual names (Ans, End, XFER, CONF, DND, DIR...). Labels are the
 * manual's English; translation files map them for other languages.
 */
export const SOFT_KEYS: Readonly<Record<Exclude<ScreenName, 'menu'>, readonly string[]>> = {
  idle: ['Hist', 'DIR', 'DND', 'Menu'],
  dialing: ['Send', 'Del', '', 'Cancel'],
  calling: ['', '', '', 'End'],
  ringing: ['Ans', '', '', 'Rej'],
  talking: ['Hold', 'XFER', 'CONF', 'End'],
  held: ['Resume', 'XFER', 'New', 'End'],
  callWaiting: ['Ans', '', '', 'Rej'],
  transfer: ['Send', 'Blind', 'Del', 'Cancel'],
  conference: ['Hold', '', '', 'End'],
};

function lineLabel(ctx: ScreenContext, line: number): string {
  const l = ctx.status().lines.find((s) => s.line === line);
  const label = String(ctx.settings.get(`account.${line}.label`) ?? '');
  return label || (l?.user ? `Line ${line}: ${l.user}` : `Line ${line}`);
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
  const soft = [...SOFT_KEYS.idle];
  if (ctx.settings.get('call.dndSoftkey') !== true) soft[2] = '';
  return {
    lines: [
      first ? lineLabel(ctx, first.line) : '',
      '',
      ctx.clockDisplay().date,
      dnd ? 'Do Not Disturb' : missed > 0 ? `${missed} Missed Call${missed === 1 ? '' : 's'}` : '',
    ],
    align: ['left', 'center', 'center', 'center'],
    softKeys: soft,
  };
}

export function dialingView(ctx: ScreenContext): ScreenView {
  const entry = ctx.mode.entry;
  const digits = entry ? entry.entry.digits : ctx.dialer.digits;
  const title = entry?.purpose === 'conference' ? 'Conference with:' : 'Dial:';
  const matches = entry ? [] : ctx.matches(digits).slice(0, 2);
  const lines = [title, digits, ...matches.map((m) => `${m.name}\t${m.number}`)];
  const selected = ctx.mode.selected !== undefined && matches.length > 0 ? 2 + Math.min(ctx.mode.selected, matches.length - 1) : undefined;
  return {
    lines,
    softKeys: SOFT_KEYS.dialing,
    cursor: { line: 1, column: [...digits].length },
    ...(selected !== undefined ? { selected } : {}),
  };
}

export function callingView(ctx: ScreenContext): ScreenView {
  const call = outgoingCall(ctx.calls());
  if (!call) return { lines: [], softKeys: SOFT_KEYS.calling };
  const [name, number] = party(ctx, call);
  const state = call.state === 'dialing' ? 'Calling...' : 'Ringing...';
  return { lines: [name, number, state, lineLabel(ctx, call.line)], softKeys: SOFT_KEYS.calling };
}

export function ringingView(ctx: ScreenContext): ScreenView {
  const call = ringingCall(ctx.calls());
  if (!call) return { lines: [], softKeys: SOFT_KEYS.ringing };
  const [name, number] = party(ctx, call);
  return { lines: ['Incoming call', name, number, lineLabel(ctx, call.line)], softKeys: SOFT_KEYS.ringing };
}

export function talkingView(ctx: ScreenContext): ScreenView {
  const call = talkingCall(ctx.calls());
  if (!call) return { lines: [], softKeys: SOFT_KEYS.talking };
  const [name, number] = party(ctx, call);
  const state = ctx.audio.muted ? 'Muted' : call.state === 'early' ? 'Early media' : 'Talking';
  const soft = [...SOFT_KEYS.talking];
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
  if (!call) return { lines: [], softKeys: SOFT_KEYS.held };
  const [name, number] = party(ctx, call);
  const which = held.length > 1 ? ` ${held.indexOf(call) + 1}/${held.length}` : '';
  return {
    lines: [`Held${which}`, name, number, `${lineLabel(ctx, call.line)}\t${since(ctx, call.answeredAt ?? call.startedAt)}`],
    softKeys: SOFT_KEYS.held,
    ...(held.length > 1 ? { scroll: { up: true, down: true } } : {}),
  };
}

export function callWaitingView(ctx: ScreenContext): ScreenView {
  const calls = ctx.calls();
  const waiting = ringingCall(calls);
  const current = talkingCall(calls) ?? calls.find((c) => c !== waiting);
  if (!waiting) return { lines: [], softKeys: SOFT_KEYS.callWaiting };
  const [name, number] = party(ctx, waiting);
  return {
    lines: ['Call waiting', name, number, current ? `${current.state === 'held' ? 'Held' : 'With'}: ${partyName(ctx, current)}` : ''],
    softKeys: SOFT_KEYS.callWaiting,
  };
}

export function transferView(ctx: ScreenContext): ScreenView {
  const t = ctx.mode.entry;
  const call = t ? ctx.calls().find((c) => c.id === t.callId) : undefined;
  const digits = t?.entry.digits ?? '';
  const soft = [...SOFT_KEYS.transfer];
  if (t?.blind) soft[1] = '';
  return {
    lines: [t?.blind ? 'Blind transfer to:' : 'Transfer to:', digits, call ? `From: ${partyName(ctx, call)}` : '', ''],
    softKeys: soft,
    cursor: { line: 1, column: [...digits].length },
  };
}

export function conferenceView(ctx: ScreenContext): ScreenView {
  const talking = talkingCall(ctx.calls());
  const members = (talking?.conference ?? []).map((id) => ctx.calls().find((c) => c.id === id)).filter((c): c is CallInfo => !!c);
  return {
    lines: ['Conference', ...members.slice(0, 2).map((c) => partyName(ctx, c)), talking ? `\t${since(ctx, talking.answeredAt)}` : ''],
    softKeys: SOFT_KEYS.conference,
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
