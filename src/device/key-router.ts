import type { CallInfo } from '../phone/index.js';
import { lineKeyNumber, programmableKeyNumber } from './keys.js';
import { answer, conferenceKey, hangup, hold, resume, transferKey, transferToCall } from './screens/call-actions.js';
import type { KeyPress } from './screens/call-keys.js';
import { outgoingCall, ringingCall, talkingCall } from './screens/pick-screen.js';
import type { ScreenContext } from './screens/screen-context.js';

/**
 * The keys that work on every screen (manual §3 figure 3.1, §4): the hook,
 * Speaker, Headset, Mute, volume, the line keys, the programmable keys and the
 * fixed function keys (MENU, DIRECTORIES, SERVICE, MESSAGES, REDIAL, HOLD,
 * TRANSFER, CONFERENCE). The screen gets a key first; what it leaves comes here.
 */
export interface GlobalKeyHost extends ScreenContext {
  /** MENU: open, or close when open. */
  toggleMenu(): void;
  /** The text messages list (a function key set to SMS), or a new message (New SMS). */
  openTextMessages(compose?: boolean): void;
  menuOpen(): boolean;
}

export async function globalKey(ctx: GlobalKeyHost, k: KeyPress): Promise<boolean> {
  const calls = ctx.calls();
  const line = lineKeyNumber(k.key);
  if (line !== undefined) return lineKey(ctx, line, calls);
  const prog = programmableKeyNumber(k.key);
  if (prog !== undefined) return programmableKey(ctx, prog);
  switch (k.key) {
    case 'hookOff':
      return hookOff(ctx);
    case 'hookOn':
      return hookOn(ctx);
    case 'hook':
      return ctx.audio.offHook ? hookOn(ctx) : hookOff(ctx);
    case 'speaker':
      return speaker(ctx, calls);
    case 'headset':
      ctx.audio.toggleHeadsetMode();
      return true;
    case 'mute':
      ctx.audio.setMute(!ctx.audio.muted);
      return true;
    case 'volUp':
    case 'volDown': {
      const { kind, level } = ctx.audio.step(k.key === 'volUp' ? 1 : -1);
      ctx.notice(ctx.t(kind === 'ring' ? 'notice.ringVolume' : 'notice.volume', { n: level }));
      return true;
    }
    case 'menu':
      ctx.toggleMenu();
      return true;
    case 'directory':
      ctx.openMenu(['Phone book']);
      return true;
    case 'service':
      ctx.openMenu(['Function setting']);
      return true;
    case 'message':
      return message(ctx);
    case 'redial':
      return redial(ctx);
    case 'hold': {
      const talking = talkingCall(calls);
      const held = calls.find((c) => c.state === 'held');
      if (talking) await hold(ctx, talking);
      else if (held) await resume(ctx, held);
      return true;
    }
    case 'transfer': {
      const call = talkingCall(calls) ?? calls.find((c) => c.state === 'held');
      if (call) await transferKey(ctx, call);
      return true;
    }
    case 'conference': {
      const call = talkingCall(calls);
      if (call) await conferenceKey(ctx, call);
      return true;
    }
    default:
      return false;
  }
}

/** Lifting the handset answers a ringing call, else gives the dial tone and opens the dial entry (§4). */
async function hookOff(ctx: GlobalKeyHost): Promise<boolean> {
  ctx.audio.setHook(true);
  if (ctx.phone.offHook) {
    await ctx.command('Off hook', () => ctx.phone.offHook!());
    return true;
  }
  const ringing = ringingCall(ctx.calls());
  if (ringing) await answer(ctx, ringing);
  else if (!talkingCall(ctx.calls())) await ctx.dialer.open();
  return true;
}

/** Putting it back ends the call in the handset; held calls and calls ringing in stay. */
async function hookOn(ctx: GlobalKeyHost): Promise<boolean> {
  const handsFree = ctx.audio.path === 'speaker' || ctx.audio.path === 'headset';
  ctx.audio.setHook(false);
  // a call moved to the speaker or headset goes on when the handset goes down; the
  // phone's onHook would end it (it hangs up "the call in the handset"), so it is not told
  if (handsFree && ctx.calls().length > 0) return true;
  if (ctx.phone.onHook) {
    await ctx.command('On hook', () => ctx.phone.onHook!());
    ctx.dialer.cancel();
    return true;
  }
  ctx.dialer.cancel();
  const calls = ctx.calls();
  const inHandset = talkingCall(calls) ?? outgoingCall(calls);
  if (inHandset && ctx.audio.path !== 'speaker' && ctx.audio.path !== 'headset') await hangup(ctx, inHandset);
  return true;
}

/**
 * Speaker (hands-free, §4): answers a ringing call; moves a handset call to the
 * speaker; ends a call already on the speaker; sends a typed number; otherwise
 * goes off-hook on the speaker with the dial tone.
 */
async function speaker(ctx: GlobalKeyHost, calls: CallInfo[]): Promise<boolean> {
  const ringing = ringingCall(calls);
  const talking = talkingCall(calls) ?? outgoingCall(calls);
  if (ringing && !talking) {
    ctx.audio.setPath(ctx.audio.headsetMode ? 'headset' : 'speaker');
    await answer(ctx, ringing);
  } else if (talking && ctx.audio.path === 'handset') {
    ctx.audio.setPath('speaker');
  } else if (talking) {
    await hangup(ctx, talking);
  } else if (ctx.dialer.active && ctx.dialer.digits.length > 0) {
    ctx.audio.setPath('speaker');
    await ctx.dialer.send();
  } else if (ctx.dialer.active) {
    ctx.dialer.cancel();
    ctx.audio.setPath('none');
  } else {
    ctx.audio.setPath(ctx.audio.headsetMode ? 'headset' : 'speaker');
    // hands-free off-hook is off-hook: the phone gives the dial tone and its hotline
    if (ctx.phone.offHook) await ctx.command('Speaker', () => ctx.phone.offHook!());
    else await ctx.dialer.open();
  }
  return true;
}

/**
 * A line key (§4): answers the call ringing on it; during a transfer entry, a
 * held line is the blind-transfer target; resumes its held call; ends its
 * active call; otherwise takes the line to dial on.
 */
async function lineKey(ctx: GlobalKeyHost, line: number, calls: CallInfo[]): Promise<boolean> {
  // a line key given a key function on the Programmable Keys page does that instead (manual §7 "Line Keys")
  if ((ctx.status().keys ?? []).some((k) => k.lineKey && k.index === line)) return pressKeyFunction(ctx, `l${line}`, `Line key ${line}`);
  const mine = calls.filter((c) => c.line === line);
  const ringing = mine.find((c) => c.direction === 'incoming' && c.state === 'ringing');
  const held = mine.find((c) => c.state === 'held');
  const entry = ctx.mode.entry;
  if (ringing) {
    await answer(ctx, ringing);
  } else if (entry?.purpose === 'transfer' && held && held.id !== entry.callId) {
    await transferToCall(ctx, entry.callId, held.id);
  } else if (held) {
    await resume(ctx, held);
  } else if (mine.some((c) => c.state === 'connected' || c.state === 'early' || c.direction === 'outgoing')) {
    await hangup(ctx, mine.find((c) => c.state !== 'held')!);
  } else {
    if (ctx.audio.path === 'none') ctx.audio.setPath(ctx.audio.defaultPath());
    await ctx.dialer.open(line);
  }
  return true;
}

function programmableKey(ctx: GlobalKeyHost, n: number): Promise<boolean> {
  return pressKeyFunction(ctx, n, `Key ${n}`);
}

/** A memory key, or a line key with a key function: the phone's programmable-key command. */
async function pressKeyFunction(ctx: GlobalKeyHost, id: number | string, what: string): Promise<boolean> {
  if (!ctx.phone.pressProgrammableKey) {
    ctx.notice(ctx.t('notice.keyUnavailable', { n: id }));
    return true;
  }
  const r = await ctx.command(what, () => ctx.phone.pressProgrammableKey!(id));
  if (r?.action === 'predial' && ctx.audio.path === 'none') ctx.audio.setPath(ctx.audio.defaultPath());
  return true;
}

/** MESSAGES: "auto-dials your voice message service" (§3). */
async function message(ctx: GlobalKeyHost): Promise<boolean> {
  if (ctx.phone.dialVoicemail) {
    await ctx.command('Voice mail', () => ctx.phone.dialVoicemail!());
    return true;
  }
  const number = String(ctx.settings.get('account.1.voicemailNumber') || ctx.settings.get('call.voicemailNumber') || '');
  if (!number) ctx.notice(ctx.t('notice.noVoicemail'));
  else await ctx.command('Voice mail', () => ctx.phone.dial(number));
  return true;
}

/** REDIAL: "To Redial the last number" (§3). */
async function redial(ctx: GlobalKeyHost): Promise<boolean> {
  if (ctx.phone.redial) {
    await ctx.command('Redial', () => ctx.phone.redial!());
    return true;
  }
  ctx.notice(ctx.t('notice.redialUnavailable'));
  return true;
}
