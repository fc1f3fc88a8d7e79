import type { CallInfo } from '../../phone/index.js';
import { DialEntry, dialRulesFrom, type DialSendCause } from './dial-entry.js';
import type { ScreenContext } from './screen-context.js';

/**
 * The call actions of the soft keys and function keys (manual §4): answer,
 * reject, end, hold/resume, transfer (blind, consult, to a held line) and the
 * 3-way conference. Each is one phone command; failures show as notices.
 */
export async function answer(ctx: ScreenContext, call: CallInfo): Promise<void> {
  await ctx.command('Answer', () => ctx.phone.answer(call.id));
}

export async function reject(ctx: ScreenContext, call: CallInfo): Promise<void> {
  await ctx.command('Reject', () => ctx.phone.reject(call.id));
}

export async function hangup(ctx: ScreenContext, call: CallInfo): Promise<void> {
  await ctx.command('End', () => ctx.phone.hangup(call.id));
}

export async function hold(ctx: ScreenContext, call: CallInfo): Promise<void> {
  const ok = await ctx.command('Hold', () => ctx.phone.hold(call.id));
  if (ok === false) ctx.notice(ctx.t('notice.holdRefused'));
}

export async function resume(ctx: ScreenContext, call: CallInfo): Promise<void> {
  const ok = await ctx.command('Resume', () => ctx.phone.resume(call.id));
  if (ok === false) ctx.notice(ctx.t('notice.resumeRefused'));
}

/** A number entry for a call (transfer target, conference party), with the Dial Plan send rules. */
function openEntry(ctx: ScreenContext, purpose: 'transfer' | 'conference', call: CallInfo): void {
  ctx.mode.entry?.entry.cancel();
  const entry = new DialEntry(ctx.clock, dialRulesFrom((k) => ctx.settings.get(k)), (number, cause) => ctx.track(entryDone(ctx, number, cause)));
  ctx.mode.entry = { purpose, callId: call.id, entry, blind: false };
  ctx.refresh();
}

export function cancelEntry(ctx: ScreenContext): void {
  ctx.mode.entry?.entry.cancel();
  ctx.mode.entry = undefined;
  ctx.refresh();
}

/**
 * XFER (soft key or TRANSFER key): on the consultation call of an attended
 * transfer it completes the transfer (RFC 5589 §7: REFER with Replaces to the
 * consulted party); otherwise it opens the target entry.
 */
export async function transferKey(ctx: ScreenContext, call: CallInfo): Promise<void> {
  const consult = ctx.mode.consult;
  if (consult && (consult.consult === call.id || consult.original === call.id)) {
    ctx.mode.consult = undefined;
    const { original, consult: consultId } = consult;
    if (consultId) await transferResult(ctx, () => ctx.phone.transfer(original, { withCall: consultId }));
    return;
  }
  openEntry(ctx, 'transfer', call);
}

/** Blind transfer to a held line (manual §4: "Press TRANSFER ... Press the Line button of held line"). */
export async function transferToCall(ctx: ScreenContext, callId: string, withCall: string): Promise<void> {
  cancelEntry(ctx);
  await transferResult(ctx, () => ctx.phone.transfer(callId, { withCall }));
}

async function transferResult(ctx: ScreenContext, run: () => Promise<{ ok: true } | { ok: false; reason: string }>): Promise<void> {
  const r = await ctx.command('Transfer', run);
  if (r && !r.ok) ctx.notice(ctx.t('notice.transferFailed', { reason: r.reason }));
  else if (r?.ok) ctx.notice(ctx.t('notice.transferred'));
}

async function entryDone(ctx: ScreenContext, number: string, cause: DialSendCause): Promise<void> {
  const e = ctx.mode.entry;
  if (!e) return;
  ctx.mode.entry = undefined;
  ctx.logger.debug('number entered', { purpose: e.purpose, number, cause });
  if (e.purpose === 'transfer' && e.blind) {
    await transferResult(ctx, () => ctx.phone.transfer(e.callId, { to: number }));
    return;
  }
  // consult transfer / conference: call the third party (the phone holds the first call)
  const placed = await ctx.command('Call', () => ctx.phone.dial(number));
  if (!placed) return;
  if (e.purpose === 'transfer') ctx.mode.consult = { original: e.callId, consult: placed.id };
  else ctx.mode.conference = { first: e.callId, second: placed.id };
  ctx.refresh();
}

/**
 * CONF (soft key or CONFERENCE key), manual §4 "3-way Conference": on the third
 * party's call it joins the two; with another call up (held) it joins that one;
 * otherwise it opens the entry for the third party's number.
 */
export async function conferenceKey(ctx: ScreenContext, call: CallInfo): Promise<void> {
  const c = ctx.mode.conference;
  if (c && (c.second === call.id || c.first === call.id)) {
    ctx.mode.conference = undefined;
    await ctx.command('Conference', () => ctx.phone.conference(c.first, c.second));
    return;
  }
  const other = ctx.calls().find((o) => o.id !== call.id && (o.state === 'held' || o.state === 'connected'));
  if (other) {
    await ctx.command('Conference', () => ctx.phone.conference(call.id, other.id));
    return;
  }
  openEntry(ctx, 'conference', call);
}
