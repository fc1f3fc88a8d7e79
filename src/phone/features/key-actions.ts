import type { BlfLamp, DialogInfoDialog } from '../../sip-ua/index.js';
import type { Call } from '../call.js';
import { DTMF_DIGITS_RE } from '../dtmf-info.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import type { KeyFunction, KeyPressResult } from '../phone-types.js';
import { directedPickup, parkCall, pickupCall, referAway } from './pickup-park.js';
import { serviceHub } from './service-hub.js';

/** A memory key as pressed: its function and number, the line it resolves to, and what it watches. */
export interface BoundKey {
  id: string;
  fn: KeyFunction;
  number: string;
  line: Line | undefined;
  /** BLF / BLA: the watched extension, its lamp and its live dialogs. */
  watch?: { extension: string; lamp: BlfLamp | undefined; dialogs: DialogInfoDialog[] };
}

/**
 * What pressing a memory key does (manual §7 "Programmable Keys": Speed Dial,
 * Speed Dial Prefix, DTMF, BLF, BLA, Paging, Call Park, Intercom; plus
 * Pickup, key type 9):
 *
 * - speed dial: dial the number on the key's line;
 * - speed dial prefix: open the pre-dial with the prefix in, the person dials the rest;
 * - DTMF: send the number as DTMF in the call being talked in;
 * - BLF: extension ringing → directed pickup; in a call with BLF Transfer on →
 *   transfer the call to it (blind: REFER; attended: hold and call it, the
 *   transfer command completes it); otherwise → speed dial;
 * - BLA (a shared line on a generic PBX: the key watches the shared number's
 *   dialog state like BLF): ringing → pick the call up; idle → seize the line
 *   (pre-dial on the key's line); busy → refused, bridging into a call needs
 *   the PBX's shared-call-appearance;
 * - paging: start or stop paging the key's group;
 * - call park: park the call being talked in at the key's number; with no
 *   call, dial the number (retrieves a parked call);
 * - intercom: dial with the auto-answer headers;
 * - pickup: the pickup code followed by the key's number (group pickup when empty).
 */
export async function pressKey(ctx: PhoneContext, k: BoundKey): Promise<KeyPressResult> {
  const done = (action: KeyPressResult['action'], callId?: string): KeyPressResult => ({ key: k.id, action, ...(callId ? { callId } : {}) });
  const lineOpt = k.line ? { line: k.line.number } : {};
  switch (k.fn) {
    case 'speed-dial':
      return done('dialed', (await ctx.dial(need(k), lineOpt)).id);
    case 'speed-dial-prefix':
      requireHook(ctx).openPredial(k.number, k.line?.number);
      return done('predial');
    case 'dtmf': {
      const call = talkingCall(ctx);
      if (!call) throw new PhoneError('PHONE_BAD_STATE', 'a DTMF key needs a call in progress');
      if (!DTMF_DIGITS_RE.test(k.number)) throw new PhoneError('PHONE_BAD_DIGITS', `key ${k.id}: "${k.number}" is not DTMF (0-9 * # A-D)`);
      if (!(await call.sendDtmf(k.number))) throw new PhoneError('PHONE_BAD_STATE', `call ${call.id} cannot send DTMF now`);
      return done('dtmf', call.id);
    }
    case 'blf':
      return pressBlf(ctx, k, done);
    case 'bla': {
      const line = requireLine(k);
      if (k.watch?.lamp === 'ringing') return done('pickup', (await directedPickup(ctx, line, k.watch.extension, k.watch.dialogs)).id);
      if (k.watch?.lamp === 'busy') throw new PhoneError('PHONE_LINE_BUSY', `shared line ${k.watch.extension} is in use`);
      requireHook(ctx).openPredial('', line.number);
      return done('predial');
    }
    case 'paging': {
      const paging = serviceHub(ctx).paging;
      if (!paging) throw new PhoneError('PHONE_BAD_STATE', 'this phone runs without paging');
      const on = await paging.toggle(paging.targetOf(need(k)), k.id);
      return done(on ? 'paging-started' : 'paging-stopped');
    }
    case 'park': {
      const call = ctx.calls().find((c) => c.state === 'connected');
      if (!call) return done('dialed', (await ctx.dial(need(k), lineOpt)).id);
      await parkCall(ctx, call, need(k));
      return done('parked', call.id);
    }
    case 'intercom':
      return done('dialed', (await ctx.dial(need(k), { ...lineOpt, headers: intercomHeaders(k.line?.domain) })).id);
    case 'pickup':
      return done('pickup', (await pickupCall(ctx, { ...(k.number ? { target: k.number } : {}), ...lineOpt })).id);
    default:
      throw new PhoneError('PHONE_BAD_STATE', `key ${k.id}: ${k.fn} keys are not supported`);
  }
}

async function pressBlf(ctx: PhoneContext, k: BoundKey, done: (a: KeyPressResult['action'], id?: string) => KeyPressResult): Promise<KeyPressResult> {
  const ext = need(k);
  const lineOpt = k.line ? { line: k.line.number } : {};
  if (k.watch?.lamp === 'ringing' && k.line) return done('pickup', (await directedPickup(ctx, k.line, ext, k.watch.dialogs)).id);
  const call = ctx.calls().find((c) => c.state === 'connected');
  if (call && ctx.setting('call.blfTransfer') === true) {
    if (ctx.setting('call.blfTransferMode') === 'attended') {
      // consult call: the held call and this one are joined by the transfer command
      if (!(await call.hold())) throw new PhoneError('PHONE_BAD_STATE', `call ${call.id} could not be held for the transfer`);
      return done('dialed', (await ctx.dial(ext, lineOpt)).id);
    }
    await referAway(ctx, call, ext, 'transfer');
    return done('transferred', call.id);
  }
  return done('dialed', (await ctx.dial(ext, lineOpt)).id);
}

/**
 * The headers an intercom call carries so the callee answers by itself: the
 * forms PBXs and phones recognise (Polycom/Yealink Alert-Info info=alert-autoanswer;
 * the answer-after parameter of Call-Info, draft-ietf-sip-answermode, as
 * Snom/Cisco/Asterisk send it).
 */
export function intercomHeaders(domain: string | undefined): Array<[string, string]> {
  const host = domain ?? 'localhost';
  return [
    ['Alert-Info', `<sip:${host}>;info=alert-autoanswer`],
    ['Call-Info', `<sip:${host}>;answer-after=0`],
  ];
}

/** The call the person is talking in (connected), else one with early media. */
export function talkingCall(ctx: PhoneContext): Call | undefined {
  const calls = ctx.calls();
  return calls.find((c) => c.state === 'connected') ?? calls.find((c) => c.state === 'early');
}

function need(k: BoundKey): string {
  if (!k.number.trim()) throw new PhoneError('PHONE_BAD_TARGET', `key ${k.id} (${k.fn}) has no number`);
  return k.number.trim();
}

function requireLine(k: BoundKey): Line {
  if (!k.line) throw new PhoneError('PHONE_NO_SUCH_LINE', `key ${k.id}: its line does not exist`);
  return k.line;
}

function requireHook(ctx: PhoneContext) {
  const hook = serviceHub(ctx).hook;
  if (!hook) throw new PhoneError('PHONE_BAD_STATE', 'this phone runs without the pre-dial (hook) feature');
  return hook;
}
