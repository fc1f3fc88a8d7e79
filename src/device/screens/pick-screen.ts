import type { CallInfo } from '../../phone/index.js';
import type { FaceMode } from './screen-context.js';
import type { ScreenName } from './screen-state.js';

export interface PickInputs {
  calls: CallInfo[];
  mode: FaceMode;
  dialing: boolean;
  menuOpen: boolean;
}

/** A call ringing in, waiting for Ans/Rej. */
export function ringingCall(calls: CallInfo[]): CallInfo | undefined {
  return calls.find((c) => c.direction === 'incoming' && c.state === 'ringing');
}

/** The call the user talks on: connected (or early media), not held. */
export function talkingCall(calls: CallInfo[]): CallInfo | undefined {
  return calls.find((c) => c.state === 'connected') ?? calls.find((c) => c.state === 'early' && c.direction === 'incoming');
}

/** Our call still ringing out. */
export function outgoingCall(calls: CallInfo[]): CallInfo | undefined {
  return calls.find((c) => c.direction === 'outgoing' && (c.state === 'dialing' || c.state === 'ringing' || c.state === 'early'));
}

/**
 * Which screen the glass shows (manual §4): a call ringing in comes first (over
 * menus: the phone rings whatever the user is doing), then the transfer entry,
 * the menu, the number being dialled, the conference, the talking call, our
 * call ringing out, held calls, and idle.
 */
export function pickScreen(i: PickInputs): ScreenName {
  const { calls, mode } = i;
  const ringing = ringingCall(calls);
  const others = calls.filter((c) => c !== ringing);
  if (ringing) return others.length > 0 ? 'callWaiting' : 'ringing';
  if (mode.entry?.purpose === 'transfer') return 'transfer';
  if (i.menuOpen) return 'menu';
  if (i.dialing || mode.entry) return 'dialing';
  const talking = talkingCall(calls);
  if (talking?.conference && talking.conference.length > 1) return 'conference';
  if (talking) return 'talking';
  if (outgoingCall(calls)) return 'calling';
  if (calls.some((c) => c.state === 'held')) return 'held';
  return 'idle';
}
