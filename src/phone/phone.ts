import { IncomingCall } from '../sip-ua/index.js';
import { parseDialTarget } from './dial-target.js';
import { DTMF_DIGITS_RE } from './dtmf-info.js';
import { defaultParkTarget, dialContact, dialFromHistory, parkCall, pickupCall, type DialPlanFeature } from './features/index.js';
import type { DialOptions } from './phone-context.js';
import { PhoneCore } from './phone-core.js';
import { PhoneError } from './phone-errors.js';
import { isDialHandled, type DialRequest } from './phone-feature.js';
import type { TextMessage } from '../config/index.js';
import type {
  ContactNumberKind,
  DialPlanRule,
  HookResult,
  HookStatus,
  KeyPressResult,
  KeyRef,
  PhoneCommands,
  PhoneServiceCommands,
  PreDialResult,
  ProgrammableKeyStatus,
  TransferRequest,
  TransferResult,
} from './phone-types.js';

/**
 * One phone: its lines, its calls, its SIP stack and media engine (PhoneCore),
 * and the command table and event stream every surface uses (baresip's ua +
 * bevent): the REST API, the LCD face, the web pages and telnet all call these.
 */
export class Phone extends PhoneCore implements PhoneCommands, PhoneServiceCommands {
  async dial(to: string, opts: DialOptions = {}): Promise<{ id: string }> {
    let request: DialRequest = { to, ...(opts.line !== undefined ? { line: opts.line } : {}), ...(opts.headers ? { headers: opts.headers } : {}) };
    for (const f of this.features) {
      if (!f.rewriteDial) continue;
      const next = f.rewriteDial(request);
      if (isDialHandled(next)) {
        if (next.callId) return { id: next.callId };
        throw new PhoneError('PHONE_BAD_TARGET', `"${to}" was handled by ${f.name} and placed no call`);
      }
      request = next;
    }
    const line = this.pickLine(request.line);
    const pound = this.settings.get('call.poundSendMethod') === 'hash' ? 'hash' : 'escaped';
    const target = parseDialTarget(request.to, line.domain, line.transport, pound);
    if (!target.ok) throw new PhoneError('PHONE_BAD_TARGET', target.reason);
    // line switching: the call the user talks on goes on hold first
    await this.lineSwitching.holdOthers();
    const call = await this.placeCall({
      line,
      uri: target.uri,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.anonymous ? { anonymous: true } : {}),
    });
    return { id: call.id };
  }

  /** Answer a ringing call; a call the user talks on goes on hold first (line switching). */
  async answer(callId: string): Promise<void> {
    const call = this.requireCall(callId);
    const ringing = () => call.session instanceof IncomingCall && call.state === 'ringing';
    if (!ringing()) throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not ringing`);
    await this.lineSwitching.holdOthers([call]);
    if (!ringing()) throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not ringing`);
    if (!(call.session as IncomingCall).answer()) throw new PhoneError('PHONE_BAD_STATE', `call ${callId} could not be answered`);
    this.lineSwitching.focus(call);
  }

  /** Hang up; on a conference call the local user leaves the conference (its exit setting decides the rest). */
  async hangup(callId: string): Promise<void> {
    const call = this.requireCall(callId);
    if (call.state === 'ended') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} has ended`);
    const conf = this.conferences.of(call);
    if (conf) return this.conferences.exit(conf);
    await call.session.hangup();
  }

  /** Refuse a ringing call; without a status, with the manual's "Return Code When Refuse" (call.refuseCode). */
  async reject(callId: string, status = Number(this.settings.get('call.refuseCode'))): Promise<void> {
    const call = this.requireCall(callId);
    if (!(call.session instanceof IncomingCall) || call.state !== 'ringing') {
      throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not ringing`);
    }
    call.session.reject(status);
  }

  /**
   * Put a connected call on hold (re-INVITE with a=sendonly, RFC 3264 §8.4).
   * Resolves true when the far end accepted it; false when it refused (the call goes on).
   */
  async hold(callId: string): Promise<boolean> {
    const call = this.requireCall(callId);
    if (call.state !== 'connected') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not connected`);
    const conf = this.conferences.of(call);
    return conf ? this.conferences.holdAll(conf, true) : call.hold();
  }

  /** Take a call we hold off hold (re-INVITE with a=sendrecv); the call the user talks on goes on hold first. */
  async resume(callId: string): Promise<boolean> {
    const call = this.requireCall(callId);
    if (call.state !== 'held') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not held`);
    await this.lineSwitching.holdOthers([call]);
    const conf = this.conferences.of(call);
    const ok = conf ? await this.conferences.holdAll(conf, false) : await call.resume();
    if (ok) this.lineSwitching.focus(call);
    return ok;
  }

  /** Transfer a call: blind (`to`), or attended / to a held line (`withCall`); see transfer.ts. */
  async transfer(callId: string, request: TransferRequest): Promise<TransferResult> {
    return this.transferor.transfer(this.requireCall(callId), request);
  }

  /** Join two calls into the local 3-way conference; see conference-control.ts. */
  async conference(callId: string, withCall: string): Promise<void> {
    await this.conferences.join(this.requireCall(callId), this.requireCall(withCall));
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    if (!DTMF_DIGITS_RE.test(digits)) throw new PhoneError('PHONE_BAD_DIGITS', `"${digits}" is not DTMF (0-9 * # A-D, up to 32)`);
    const call = this.requireCall(callId);
    if (call.state !== 'connected' && call.state !== 'early') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}`);
    if (!(await call.sendDtmf(digits))) throw new PhoneError('PHONE_BAD_STATE', `call ${callId} cannot send DTMF now`);
  }

  // ---- keys and services (issue #4): programmable keys, hook, pre-dial, pickup, park, voice mail, dial plan ----

  programmableKeys(): ProgrammableKeyStatus[] {
    return this.service('keys').list();
  }

  /** Press a memory or expansion key ("3", "e1-5", 3, or { module, index }). */
  async pressProgrammableKey(key: KeyRef): Promise<KeyPressResult> {
    return this.service('keys').press(key);
  }

  /** Group pickup (the pickup code), or directed pickup of `target` (code + extension, or Replaces from BLF). */
  async pickup(opts: { target?: string; line?: number } = {}): Promise<{ id: string }> {
    return pickupCall(this.ctx, opts);
  }

  /** Park a connected call at `to` (default: the first Call Park key's number). */
  async park(callId: string, to?: string): Promise<void> {
    const target = to ?? defaultParkTarget(this.ctx);
    if (!target) throw new PhoneError('PHONE_BAD_TARGET', 'no park code: give one, or set up a Call Park key');
    await parkCall(this.ctx, this.requireCall(callId), target);
  }

  async offHook(line?: number): Promise<HookResult> {
    return this.service('hook').offHook(line);
  }

  async onHook(): Promise<HookResult> {
    return this.service('hook').onHook();
  }

  /** Keypad keys into the pre-dial buffer; the send key, the dial timeout, max digits or `send` dial it. */
  async predial(digits: string, opts: { line?: number; send?: boolean } = {}): Promise<PreDialResult> {
    return this.service('hook').predial(digits, opts);
  }

  clearPredial(): HookStatus {
    return this.service('hook').clearPredial();
  }

  async redial(): Promise<{ id: string }> {
    return this.service('redial').redial();
  }

  async dialFromHistory(entryId: number): Promise<{ id: string }> {
    return dialFromHistory(this.ctx, entryId);
  }

  async dialContact(contactId: number, which?: ContactNumberKind): Promise<{ id: string }> {
    return dialContact(this.ctx, contactId, which);
  }

  /** The Message key: the line's voice-mail number. */
  async dialVoicemail(line?: number): Promise<{ id: string }> {
    return this.service('mwi').dialVoicemail(line);
  }

  dialPlan(): DialPlanRule[] {
    return this.feature<DialPlanFeature>('dial-plan').rules();
  }

  setDialPlan(rules: DialPlanRule[]): DialPlanRule[] {
    return this.feature<DialPlanFeature>('dial-plan').setRules(rules);
  }

  // ---- text messages (the manual's "SMS": SIP MESSAGE, RFC 3428) ----

  textMessages(opts: { direction?: 'in' | 'out'; limit?: number } = {}): TextMessage[] {
    return this.ctx.db.textMessages.list(opts);
  }

  async sendTextMessage(to: string, text: string, opts: { line?: number } = {}): Promise<TextMessage> {
    return this.service('texts').send(to, text, opts.line);
  }

  markTextMessagesRead(id?: number): number {
    const changed = this.ctx.db.textMessages.markRead(id);
    if (changed > 0) this.events.emit('unreadTextMessages', { count: this.ctx.db.textMessages.unreadCount() });
    return changed;
  }

  deleteTextMessage(id: number): boolean {
    const texts = this.ctx.db.textMessages;
    const m = texts.get(id);
    if (!m || !texts.delete(id)) return false;
    if (m.direction === 'in' && !m.read) this.events.emit('unreadTextMessages', { count: texts.unreadCount() });
    return true;
  }
}
