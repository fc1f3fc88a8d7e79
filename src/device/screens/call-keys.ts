import { toggleDnd } from '../function-key-remap.js';
import type { DeviceKey } from '../keys.js';
import { isKeypadKey } from '../keys.js';
import { answer, cancelEntry, conferenceKey, hangup, hold, reject, resume, transferKey } from './call-actions.js';
import { heldCalls, selectedHeld } from './call-views.js';
import { outgoingCall, ringingCall, talkingCall } from './pick-screen.js';
import type { ScreenContext } from './screen-context.js';
import type { ScreenName } from './screen-state.js';

export interface KeyPress {
  key: DeviceKey;
  holdMs: number;
}

/** A long press: C held this long clears the whole number. */
export const LONG_PRESS_MS = 1000;

type Handler = (ctx: ScreenContext, k: KeyPress) => Promise<boolean>;

/** Keys of the idle screen (manual §3 item 18, §4 "Placing a Call"). */
const idle: Handler = async (ctx, { key }) => {
  if (isKeypadKey(key)) {
    await ctx.dialer.press(key);
    return true;
  }
  switch (key) {
    case 'ok':
    case 'soft4':
      ctx.openMenu();
      return true;
    case 'soft1':
      ctx.openMenu(['Call history']);
      return true;
    case 'soft2':
      ctx.openMenu(['Phone book']);
      return true;
    case 'soft3': {
      if (ctx.settings.get('call.dndSoftkey') !== true) return false;
      toggleDnd(ctx);
      return true;
    }
    // "Up: Adjust ring volume"; "Down: Missed Calls", "Left: Received Calls", "Right: Dialed Numbers"
    case 'up':
      ctx.openMenu(['System setting', 'Phone setting', 'Volume setting', 'Ring volume']);
      return true;
    case 'down':
      ctx.openMenu(['Call history', 'Missed calls']);
      return true;
    case 'left':
      ctx.openMenu(['Call history', 'Received calls']);
      return true;
    case 'right':
      ctx.openMenu(['Call history', 'Dialed numbers']);
      return true;
    default:
      return false;
  }
};

/** Keys while a number is typed: the phone's pre-dial, or the conference party's entry. */
const dialing: Handler = async (ctx, { key, holdMs }) => {
  const entry = ctx.mode.entry;
  const digits = entry ? entry.entry.digits : ctx.dialer.digits;
  const matches = entry ? [] : ctx.matches(digits);
  if (isKeypadKey(key)) {
    ctx.mode.selected = undefined;
    if (entry) entry.entry.press(key);
    else await ctx.dialer.press(key);
    ctx.refresh();
    return true;
  }
  const cancel = async (): Promise<void> => {
    if (entry) {
      cancelEntry(ctx);
      const first = ctx.calls().find((c) => c.id === entry.callId);
      if (first?.state === 'held') await resume(ctx, first);
    } else ctx.dialer.cancel();
  };
  const backspace = async (): Promise<void> => {
    if (digits.length === 0) return cancel();
    if (entry) entry.entry.backspace();
    else await ctx.dialer.backspace();
  };
  const send = async (): Promise<void> => {
    const pick = ctx.mode.selected !== undefined ? matches[ctx.mode.selected] : undefined;
    ctx.mode.selected = undefined;
    if (pick) {
      ctx.dialer.cancel();
      await ctx.command('Call', () => ctx.phone.dial(pick.number));
    } else if (entry) entry.entry.send();
    else await ctx.dialer.send();
  };
  switch (key) {
    case 'soft1':
    case 'ok':
      await send();
      break;
    case 'soft2':
      await backspace();
      break;
    case 'c':
      if (holdMs >= LONG_PRESS_MS) await cancel();
      else await backspace();
      break;
    case 'soft4':
      await cancel();
      break;
    case 'down':
    case 'up': {
      // Up/Down walk the phone book matches (dial-matches.ts); OK or Send dials the one selected
      const n = matches.length;
      if (n === 0) return true;
      const cur = ctx.mode.selected;
      ctx.mode.selected = key === 'down' ? (cur === undefined ? 0 : Math.min(n - 1, cur + 1)) : cur === undefined || cur === 0 ? undefined : cur - 1;
      break;
    }
    default:
      return false;
  }
  ctx.refresh();
  return true;
};

const calling: Handler = async (ctx, { key }) => {
  const call = outgoingCall(ctx.calls());
  if (!call) return false;
  if (key === 'soft4' || key === 'c') {
    await hangup(ctx, call);
    return true;
  }
  return false;
};

const ringing: Handler = async (ctx, { key }) => {
  const call = ringingCall(ctx.calls());
  if (!call) return false;
  if (key === 'soft1' || key === 'ok') await answer(ctx, call);
  else if (key === 'soft4' || key === 'c') await reject(ctx, call);
  else return false;
  return true;
};

const talking: Handler = async (ctx, { key }) => {
  const call = talkingCall(ctx.calls());
  if (!call) return false;
  if (isKeypadKey(key)) {
    // in a call the keypad sends DTMF (RFC 4733 / SIP INFO / in-band, per line)
    await ctx.command('DTMF', () => ctx.phone.sendDtmf(call.id, key));
    return true;
  }
  switch (key) {
    case 'soft1':
      await hold(ctx, call);
      return true;
    case 'soft2':
      await transferKey(ctx, call);
      return true;
    case 'soft3':
      await conferenceKey(ctx, call);
      return true;
    case 'soft4':
      await hangup(ctx, call);
      return true;
    default:
      return false;
  }
};

const held: Handler = async (ctx, { key }) => {
  const call = selectedHeld(ctx);
  if (!call) return false;
  const count = heldCalls(ctx).length;
  switch (key) {
    case 'soft1':
    case 'ok':
      await resume(ctx, call);
      return true;
    case 'soft2':
      await transferKey(ctx, call);
      return true;
    case 'soft3':
      await ctx.dialer.open();
      ctx.refresh();
      return true;
    case 'soft4':
      await hangup(ctx, call);
      return true;
    case 'up':
    case 'down':
      ctx.mode.selected = ((ctx.mode.selected ?? 0) + (key === 'down' ? 1 : count - 1)) % count;
      ctx.refresh();
      return true;
    default:
      return false;
  }
};

const callWaiting: Handler = async (ctx, k) => {
  if (k.key === 'soft1' || k.key === 'soft4' || k.key === 'ok') return ringing(ctx, k);
  return talking(ctx, k);
};

const transfer: Handler = async (ctx, { key, holdMs }) => {
  const t = ctx.mode.entry;
  if (!t) return false;
  if (isKeypadKey(key)) {
    t.entry.press(key);
    ctx.refresh();
    return true;
  }
  const cancel = (): void => cancelEntry(ctx);
  switch (key) {
    case 'soft1':
    case 'ok':
      t.entry.send();
      break;
    case 'soft2':
      t.blind = true;
      break;
    case 'soft3':
      if (t.entry.digits.length === 0) cancel();
      else t.entry.backspace();
      break;
    case 'c':
      if (holdMs >= LONG_PRESS_MS || t.entry.digits.length === 0) cancel();
      else t.entry.backspace();
      break;
    case 'soft4':
      cancel();
      break;
    default:
      return false;
  }
  ctx.refresh();
  return true;
};

const conference: Handler = async (ctx, k) => {
  const call = talkingCall(ctx.calls());
  if (!call) return false;
  if (k.key === 'soft1') {
    await hold(ctx, call);
    return true;
  }
  if (k.key === 'soft4') {
    await hangup(ctx, call);
    return true;
  }
  return talking(ctx, k);
};

export const CALL_KEYS: Readonly<Record<Exclude<ScreenName, 'menu'>, Handler>> = {
  idle,
  dialing,
  calling,
  ringing,
  talking,
  held,
  callWaiting,
  transfer,
  conference,
};


