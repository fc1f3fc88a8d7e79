import { parseUri } from '../../sip/index.js';
import type { DialogInfoDialog } from '../../sip-ua/index.js';
import type { Call } from '../call.js';
import { parseDialTarget } from '../dial-target.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import { serviceHub } from './service-hub.js';
import { autoLine } from './subscription-line.js';

/**
 * Call pickup and call park (manual feature list "Call Pickup", "Call Park";
 * §7 "Pickup Function" / "Pickup Code"). Both are PBX services; the phone's
 * part is to reach them the way the PBX expects:
 *
 * - Group pickup dials the pickup code (`call.pickupCode`, e.g. Asterisk and
 *   FreeSWITCH "*8"); directed pickup of an extension dials the code followed
 *   by the extension ("**1003" with code "**"), as Asterisk's pickupexten,
 *   FreeSWITCH/FusionPBX and Yealink's "Directed Pickup" code do.
 * - Directed pickup without a pickup code needs the ringing dialog's ids, which
 *   the BLF subscription (RFC 4235 dialog-info with call-id and tags) gives:
 *   we INVITE the CALLER with `Replaces: ...;early-only` (RFC 3891), since §3
 *   lets a UA replace only an early dialog it initiated. PBXs that do not
 *   report tags leave this path closed (the phone says so).
 * - Park blind-transfers the connected call to the park code or extension
 *   (REFER, RFC 3515 / RFC 5589 §6: Asterisk's parking lot "700", FreeSWITCH
 *   "*5900"...) and ends our leg once the far end took the REFER. A park key
 *   pressed without a call dials its number, which retrieves the parked call
 *   on those PBXs (Escene, Yealink "Call Park" key semantics).
 */

/** `call.pickupCode` prefixed to `extension` (not twice). */
function pickupNumber(code: string, extension: string): string {
  return extension.startsWith(code) ? extension : `${code}${extension}`;
}

function requirePickupOn(ctx: PhoneContext): void {
  if (ctx.setting('call.pickup') === false) throw new PhoneError('PHONE_BAD_STATE', 'call pickup is switched off (call.pickup)');
}

/** `POST /api/v1/pickup`: group pickup, or directed pickup of `target`. */
export async function pickupCall(ctx: PhoneContext, opts: { target?: string; line?: number } = {}): Promise<{ id: string }> {
  requirePickupOn(ctx);
  const code = String(ctx.setting('call.pickupCode') ?? '');
  const line = opts.line !== undefined ? ctx.lines()[opts.line - 1] : undefined;
  if (opts.line !== undefined && !line) throw new PhoneError('PHONE_NO_SUCH_LINE', `no line ${opts.line}`);
  const target = opts.target?.trim();
  if (!target) {
    if (!code) throw new PhoneError('PHONE_BAD_TARGET', 'no pickup code set (call.pickupCode) for a group pickup');
    return ctx.dial(code, lineOpt(line));
  }
  if (code) return ctx.dial(pickupNumber(code, target), lineOpt(line));
  // no code: a BLF/BLA key watching the target may know the ringing dialog
  const known = serviceHub(ctx).keys?.ringingDialogs(target);
  if (known) return directedPickup(ctx, known.line, target, known.dialogs);
  throw new PhoneError('PHONE_BAD_TARGET', `no pickup code set (call.pickupCode) and no BLF key sees ${target} ringing`);
}

/** A BLF/BLA key pressed while its extension rings. */
export async function directedPickup(ctx: PhoneContext, line: Line, extension: string, dialogs: readonly DialogInfoDialog[]): Promise<{ id: string }> {
  requirePickupOn(ctx);
  const code = String(ctx.setting('call.pickupCode') ?? '');
  if (code) return ctx.dial(pickupNumber(code, extension), { line: line.number });
  const early = dialogs.find(
    (d) => d.state !== 'confirmed' && d.state !== 'terminated' && d.direction !== 'initiator' && d.callId && d.localTag && d.remoteTag && d.remote?.identity,
  );
  const caller = early?.remote?.identity ? parseUri(early.remote.identity) : undefined;
  if (!early || !caller) {
    throw new PhoneError('PHONE_BAD_TARGET', `no pickup code set (call.pickupCode) and the PBX's dialog info for ${extension} names no caller and tags`);
  }
  // RFC 3891 §3: the caller compares to-tag with its own tag (the watched
  // extension's remote tag) and from-tag with the extension's tag.
  const call = await ctx.placeCall({
    line,
    uri: caller,
    replaces: { callId: early.callId!, toTag: early.remoteTag!, fromTag: early.localTag!, earlyOnly: true },
  });
  return { id: call.id };
}

/** Park `call` at `to` (park code or extension): REFER, then our BYE once the far end accepted. */
export function parkCall(ctx: PhoneContext, call: Call, to: string): Promise<void> {
  return referAway(ctx, call, to, 'park');
}

/**
 * A blind transfer of `call` to `to` (REFER, RFC 3515 §2.4.1), our leg ended
 * with BYE once the far end accepted it (202): the transferee places the new
 * call itself (RFC 5589 §6). Park is one; the BLF Transfer key is another.
 */
export async function referAway(ctx: PhoneContext, call: Call, to: string, purpose: 'park' | 'transfer'): Promise<void> {
  if (call.state !== 'connected' && call.state !== 'held') throw new PhoneError('PHONE_BAD_STATE', `call ${call.id} is ${call.state}, not connected`);
  const line = ctx.lines()[call.line - 1] ?? autoLine(ctx);
  if (!line) throw new PhoneError('PHONE_NO_SUCH_LINE', `no line ${call.line}`);
  const target = parseDialTarget(to, line.domain, line.transport);
  if (!target.ok) throw new PhoneError('PHONE_BAD_TARGET', target.reason);
  const out = await call.session.refer(target.uri);
  if (!out.accepted) throw new PhoneError('PHONE_BAD_STATE', `the far end refused the ${purpose} (${out.reason})`);
  ctx.logger.info(purpose === 'park' ? 'call parked' : 'call transferred', { call: call.id, to });
  await call.session.hangup();
}

/** The park target of `POST /calls/{id}/park` without one: the first Call Park key's number. */
export function defaultParkTarget(ctx: PhoneContext): string | undefined {
  return serviceHub(ctx).keys?.firstNumberOf('park');
}

function lineOpt(line: Line | undefined): { line?: number } {
  return line ? { line: line.number } : {};
}
