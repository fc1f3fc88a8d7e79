/**
 * A fake phone for the web tests: the WebPhone command table over an in-memory
 * call list, with the same error codes as Phone (PHONE_NO_SUCH_CALL,
 * PHONE_BAD_STATE...), a log of the commands it received and a TypedEvents
 * stream the tests emit on. Plus `makeTestServer()`: the real web server with
 * in-memory web logins (root/root admin, user/user user) and a virtual clock.
 */
import type { FastifyInstance } from 'fastify';
import { TypedEvents, VirtualClock, nullLogger } from '../../../src/base/index.js';
import { PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import {
  PhoneError,
  type CallInfo,
  type LineStatus,
  type PhoneEvents,
  type PhoneModel,
  type PhoneStatus,
  type TransferRequest,
  type TransferResult,
} from '../../../src/phone/index.js';
import { createWebServer, type WebPhone } from '../../../src/web/index.js';

export class FakePhone implements WebPhone {
  readonly events = new TypedEvents<PhoneEvents>();
  readonly log: Array<{ cmd: string; args: unknown[] }> = [];
  readonly callMap = new Map<string, CallInfo>();
  lines: LineStatus[];
  /** What the next hold()/resume() resolves with (false: the far end refused). */
  reInviteAccepted = true;
  /** Thrown by the next command, once. */
  failNext: Error | undefined;
  private next = 1;

  constructor(readonly model: PhoneModel = 'ES330') {
    this.lines = Array.from({ length: model === 'ES320' ? 2 : 3 }, (_, i) => ({
      line: i + 1,
      user: i === 0 ? '1007' : '',
      server: i === 0 ? '127.0.0.1' : '',
      transport: 'udp' as const,
      registered: i === 0,
      state: i === 0 ? ('registered' as const) : ('disabled' as const),
      ...(i === 0 ? { expires: 3600 } : {}),
    }));
  }

  status(): PhoneStatus {
    return { model: this.model, mac: '02005e000001', version: 'test', lines: this.lines, calls: this.calls() };
  }

  calls(): CallInfo[] {
    return [...this.callMap.values()];
  }

  /** An incoming call in `state`, as if an INVITE had arrived. */
  addCall(partial: Partial<CallInfo> = {}): CallInfo {
    const call: CallInfo = {
      id: `c${this.next++}`,
      line: 1,
      direction: 'incoming',
      remote: 'sip:1008@127.0.0.1',
      state: 'ringing',
      startedAt: 1_767_225_600_000,
      ...partial,
    };
    this.callMap.set(call.id, call);
    this.events.emit('call', call);
    return call;
  }

  async dial(to: string, opts?: { line?: number }): Promise<{ id: string }> {
    this.command('dial', to, opts);
    if (opts?.line !== undefined && opts.line > this.lines.length) throw new PhoneError('PHONE_NO_SUCH_LINE', `no line ${opts.line}`);
    if (to.includes(' ')) throw new PhoneError('PHONE_BAD_TARGET', `"${to}" is not a number or address`);
    const call = this.addCall({ direction: 'outgoing', remote: `sip:${to}@127.0.0.1`, state: 'dialing', line: opts?.line ?? 1 });
    return { id: call.id };
  }

  async answer(callId: string): Promise<void> {
    this.command('answer', callId);
    this.move(this.ringing(callId), 'connected');
  }

  async hangup(callId: string): Promise<void> {
    this.command('hangup', callId);
    const call = this.find(callId);
    if (call.state === 'ended') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} has ended`);
    this.move(call, 'ended');
  }

  async reject(callId: string, status?: number): Promise<void> {
    this.command('reject', callId, status);
    this.move(this.ringing(callId), 'ended');
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    this.command('sendDtmf', callId, digits);
    const call = this.find(callId);
    if (call.state !== 'connected') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}`);
  }

  async hold(callId: string): Promise<boolean> {
    this.command('hold', callId);
    const call = this.find(callId);
    if (call.state !== 'connected') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not connected`);
    if (this.reInviteAccepted) this.move(call, 'held');
    return this.reInviteAccepted;
  }

  async resume(callId: string): Promise<boolean> {
    this.command('resume', callId);
    const call = this.find(callId);
    if (call.state !== 'held') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not held`);
    if (this.reInviteAccepted) this.move(call, 'connected');
    return this.reInviteAccepted;
  }

  /** Transfer: the REFER is accepted unless `reInviteAccepted` is false (then refused with 603). */
  async transfer(callId: string, request: TransferRequest): Promise<TransferResult> {
    this.command('transfer', callId, request);
    const call = this.find(callId);
    if (call.state !== 'connected' && call.state !== 'held') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}`);
    const withCall = 'withCall' in request ? this.find(request.withCall) : undefined;
    if (!this.reInviteAccepted) return { ok: false, reason: '603 Decline' };
    call.transfer = { role: 'transferor', state: 'trying', target: withCall?.remote ?? `sip:${'to' in request ? request.to : ''}@127.0.0.1`, ...(withCall ? { withCall: withCall.id } : {}) };
    this.events.emit('call', { ...call });
    return { ok: true };
  }

  async conference(callId: string, withCall: string): Promise<void> {
    this.command('conference', callId, withCall);
    const a = this.find(callId);
    const b = this.find(withCall);
    for (const c of [a, b]) if (c.state !== 'connected' && c.state !== 'held') throw new PhoneError('PHONE_BAD_STATE', `call ${c.id} is ${c.state}`);
    for (const c of [a, b]) {
      c.conference = [a.id, b.id];
      this.move(c, 'connected');
    }
  }

  private command(cmd: string, ...args: unknown[]): void {
    this.log.push({ cmd, args });
    const fail = this.failNext;
    this.failNext = undefined;
    if (fail) throw fail;
  }

  private find(callId: string): CallInfo {
    const call = this.callMap.get(callId);
    if (!call) throw new PhoneError('PHONE_NO_SUCH_CALL', `no call ${callId}`);
    return call;
  }

  private ringing(callId: string): CallInfo {
    const call = this.find(callId);
    if (call.direction !== 'incoming' || call.state !== 'ringing') {
      throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not ringing`);
    }
    return call;
  }

  private move(call: CallInfo, state: CallInfo['state']): void {
    call.state = state;
    if (state === 'connected') call.codec = 'PCMU';
    this.events.emit('call', { ...call });
  }
}

export const ADMIN = `Basic ${Buffer.from('root:root').toString('base64')}`;
export const USER = `Basic ${Buffer.from('user:user').toString('base64')}`;
export const WRONG = `Basic ${Buffer.from('root:wrong').toString('base64')}`;

let sharedAccounts: Promise<WebAccounts> | undefined;

/**
 * The web server over a fake phone; logins in memory (hashed once per test file: scrypt
 * is slow on purpose) unless `ownLogins` (tests that change them); settings in an
 * in-memory database of its own.
 */
export async function makeTestServer(
  model: PhoneModel = 'ES330',
  options: { ownLogins?: boolean } = {},
): Promise<{ app: FastifyInstance; phone: FakePhone; config: PhoneSettings }> {
  sharedAccounts ??= WebAccounts.open(undefined);
  const accounts = options.ownLogins ? await WebAccounts.open(undefined) : await sharedAccounts;
  const phone = new FakePhone(model);
  const config = await PhoneSettings.open({ model, accounts });
  const app = await createWebServer({
    phone,
    accounts,
    config,
    clock: new VirtualClock(),
    logger: nullLogger,
    version: '9.9.9-test',
  });
  app.addHook('onClose', async () => config.close());
  return { app, phone, config };
}
