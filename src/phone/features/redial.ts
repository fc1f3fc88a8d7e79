import type { Call } from '../call.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import type { PhoneFeature } from '../phone-feature.js';
import type { ContactNumberKind } from '../phone-types.js';
import { serviceHub } from './service-hub.js';

/**
 * Dialling what the phone already knows (manual §4 "Placing a Call"):
 * REDIAL ("dial the last number"), a call log entry ("Dial from a call log")
 * and a phonebook contact (up to three numbers each).
 *
 * Redial takes the newest of the last outgoing call of this run (kept here,
 * so redial works with Call List Save off or before the call has ended) and
 * the newest "dialed" record of the call history. It dials the URI the call
 * went to, so a dial plan rule that made it is not applied twice. A call log
 * entry is dialled by its URI too, on its line. A contact's number is dialled
 * like a typed one (dial plan and all), on the contact's account.
 */
export class RedialFeature implements PhoneFeature {
  readonly name = 'redial';
  private last: { uri: string; line: number; at: number } | undefined;

  constructor(private readonly ctx: PhoneContext) {
    serviceHub(ctx).redial = this;
  }

  onCallAdded(call: Call): void {
    if (call.direction !== 'outgoing') return;
    const info = call.snapshot();
    this.last = { uri: info.remote, line: call.line, at: info.startedAt };
  }

  async redial(): Promise<{ id: string }> {
    const logged = this.ctx.db.callHistory.list('dialed', 1)[0];
    const last = this.last;
    const pick = logged && (!last || logged.time > last.at) ? { uri: logged.remoteUri || logged.number, line: logged.line } : last;
    if (!pick) throw new PhoneError('PHONE_BAD_TARGET', 'nothing to redial: no number was dialled yet');
    return this.ctx.dial(pick.uri, lineIfExists(this.ctx, pick.line));
  }
}

/** "Dial from a call log": the entry's URI on its line. */
export async function dialFromHistory(ctx: PhoneContext, entryId: number): Promise<{ id: string }> {
  const rec = ctx.db.callHistory.get(entryId);
  if (!rec) throw new PhoneError('PHONE_BAD_TARGET', `no call history entry ${entryId}`);
  const target = rec.remoteUri || rec.number;
  if (!target || /^sips?:anonymous@/i.test(target)) throw new PhoneError('PHONE_BAD_TARGET', `call history entry ${entryId} has no number to call back`);
  return ctx.dial(target, lineIfExists(ctx, rec.line));
}

/** A phonebook contact's office, mobile or other number (the first one set when not said). */
export async function dialContact(ctx: PhoneContext, contactId: number, which?: ContactNumberKind): Promise<{ id: string }> {
  const c = ctx.db.contacts.get(contactId);
  if (!c) throw new PhoneError('PHONE_BAD_TARGET', `no contact ${contactId} in the phonebook`);
  const number = which ? c[which] : c.office || c.mobile || c.other;
  if (!number) throw new PhoneError('PHONE_BAD_TARGET', `contact ${contactId} has no ${which ?? ''} number`.replace('  ', ' '));
  return ctx.dial(number, c.account === 'auto' ? {} : lineIfExists(ctx, c.account));
}

function lineIfExists(ctx: PhoneContext, line: number): { line?: number } {
  return line > 0 && ctx.lines()[line - 1]?.enabled ? { line } : {};
}
