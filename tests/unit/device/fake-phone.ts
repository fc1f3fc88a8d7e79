/**
 * A fake phone for the device tests: the command table over an in-memory call
 * list (a log of every command it got), the phone's event stream, and, when
 * asked, the issue #4 hook/pre-dial commands with the Dial Plan send key.
 * Plus `makeDevice()`: a Device on it with a VirtualClock, in-memory settings
 * and database, and no CJK font (so golden frames do not depend on the host).
 */
import { TypedEvents, VirtualClock } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry, openMemoryPhoneDatabase, type PhoneDatabase } from '../../../src/config/index.js';
import { Device, deviceFonts, type DevicePhone, type DirectorySearch } from '../../../src/device/index.js';
import {
  PhoneError,
  type CallInfo,
  type CallState,
  type HookStatus,
  type LineStatus,
  type PhoneEvents,
  type PhoneModel,
  type PhoneStatus,
  type PreDialResult,
  type ProgrammableKeyStatus,
  type TransferRequest,
  type TransferResult,
} from '../../../src/phone/index.js';

export class FakePhone implements DevicePhone {
  readonly events = new TypedEvents<PhoneEvents>();
  readonly log: Array<{ cmd: string; args: unknown[] }> = [];
  readonly callMap = new Map<string, CallInfo>();
  lines: LineStatus[];
  keys: ProgrammableKeyStatus[] = [];
  missedCalls = 0;
  unreadTextMessages = 0;
  hook: HookStatus = { offHook: false };
  private next = 1;

  constructor(
    readonly model: PhoneModel = 'ES330',
    private readonly wallTime: () => number = () => 0,
  ) {
    this.lines = Array.from({ length: model === 'ES320' ? 2 : 3 }, (_, i) => ({
      line: i + 1,
      user: i === 0 ? '1007' : '',
      server: i === 0 ? '127.0.0.1' : '',
      transport: 'udp' as const,
      registered: i === 0,
      state: i === 0 ? ('registered' as const) : ('disabled' as const),
    }));
  }

  commands(name?: string): Array<{ cmd: string; args: unknown[] }> {
    return name ? this.log.filter((l) => l.cmd === name) : this.log;
  }

  status(): PhoneStatus {
    return { model: this.model, mac: '02005e000001', version: 'test', lines: this.lines, calls: this.calls(), missedCalls: this.missedCalls, keys: this.keys, hook: this.hook, unreadTextMessages: this.unreadTextMessages };
  }

  calls(): CallInfo[] {
    return [...this.callMap.values()];
  }

  /** A call as if an INVITE came in (or a state change of ours). */
  addCall(partial: Partial<CallInfo> = {}): CallInfo {
    const call: CallInfo = {
      id: `c${this.next++}`,
      line: 1,
      direction: 'incoming',
      remote: 'sip:1008@127.0.0.1',
      remoteName: 'Alice',
      state: 'ringing',
      startedAt: this.wallTime(),
      ...partial,
    };
    this.callMap.set(call.id, call);
    this.events.emit('call', { ...call });
    return call;
  }

  move(id: string, state: CallState, extra: Partial<CallInfo> = {}): CallInfo {
    const call = this.callMap.get(id);
    if (!call) throw new PhoneError('PHONE_NO_SUCH_CALL', `no call ${id}`);
    Object.assign(call, { state, ...extra });
    if (state === 'connected' && call.answeredAt === undefined) call.answeredAt = this.wallTime();
    this.events.emit('call', { ...call });
    if (state === 'ended') this.callMap.delete(id);
    return call;
  }

  async dial(to: string, opts?: { line?: number }): Promise<{ id: string }> {
    this.log.push({ cmd: 'dial', args: [to, opts] });
    for (const c of this.callMap.values()) if (c.state === 'connected') this.move(c.id, 'held');
    const call = this.addCall({ direction: 'outgoing', remote: `sip:${to}@127.0.0.1`, remoteName: undefined, state: 'dialing', line: opts?.line ?? 1 });
    return { id: call.id };
  }

  async answer(callId: string): Promise<void> {
    this.log.push({ cmd: 'answer', args: [callId] });
    for (const c of this.callMap.values()) if (c.state === 'connected') this.move(c.id, 'held');
    this.move(callId, 'connected');
  }

  async hangup(callId: string): Promise<void> {
    this.log.push({ cmd: 'hangup', args: [callId] });
    this.move(callId, 'ended', { endReason: 'local hangup' });
  }

  async reject(callId: string, status?: number): Promise<void> {
    this.log.push({ cmd: 'reject', args: [callId, status] });
    this.move(callId, 'ended', { endReason: 'rejected' });
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    this.log.push({ cmd: 'sendDtmf', args: [callId, digits] });
  }

  async hold(callId: string): Promise<boolean> {
    this.log.push({ cmd: 'hold', args: [callId] });
    this.move(callId, 'held');
    return true;
  }

  async resume(callId: string): Promise<boolean> {
    this.log.push({ cmd: 'resume', args: [callId] });
    for (const c of this.callMap.values()) if (c.state === 'connected') this.move(c.id, 'held');
    this.move(callId, 'connected');
    return true;
  }

  async transfer(callId: string, request: TransferRequest): Promise<TransferResult> {
    this.log.push({ cmd: 'transfer', args: [callId, request] });
    return { ok: true };
  }

  async conference(callId: string, withCall: string): Promise<void> {
    this.log.push({ cmd: 'conference', args: [callId, withCall] });
    const ids = [callId, withCall];
    for (const id of ids) this.move(id, 'connected', { conference: ids });
  }
}

/** The fake with the issue #4 pre-dial: '#' sends, digits kept by "the phone". */
export class FakePredialPhone extends FakePhone {
  async predial(digits: string, opts: { line?: number; send?: boolean } = {}): Promise<PreDialResult> {
    this.log.push({ cmd: 'predial', args: [digits, opts] });
    let buf = this.hook.predial?.digits ?? '';
    let callId: string | undefined;
    for (const d of digits) {
      if (d === '#' && buf.length > 0) {
        callId = (await this.dial(buf)).id;
        buf = '';
        this.hook = { offHook: this.hook.offHook };
        break;
      }
      buf += d;
    }
    if (callId === undefined && opts.send && buf) {
      callId = (await this.dial(buf)).id;
      this.hook = { offHook: this.hook.offHook };
    } else if (callId === undefined) this.hook = { ...this.hook, predial: { digits: buf } };
    this.events.emit('hook', this.hook);
    return { hook: this.hook, ...(callId ? { callId } : {}) };
  }

  clearPredial(): HookStatus {
    this.log.push({ cmd: 'clearPredial', args: [] });
    this.hook = { offHook: this.hook.offHook };
    this.events.emit('hook', this.hook);
    return this.hook;
  }
}

export interface TestDevice {
  device: Device;
  phone: FakePhone;
  clock: VirtualClock;
  settings: Settings;
  db: PhoneDatabase;
}

export interface MakeDeviceOptions {
  model?: PhoneModel;
  makePhone?: (clock: VirtualClock) => FakePhone;
  directory?: DirectorySearch;
  reboot?: () => void;
}

export function makeDevice(opts: MakeDeviceOptions = {}): TestDevice {
  const clock = new VirtualClock({ epoch: Date.UTC(2026, 1, 3, 9, 30) }); // Tue 3 Feb 2026 09:30 UTC
  const model = opts.model ?? 'ES330';
  const phone = opts.makePhone?.(clock) ?? new FakePhone(model, () => clock.wallTime());
  const settings = new Settings(createDefaultRegistry(model), new MemorySettingsBackend());
  const db = openMemoryPhoneDatabase();
  const device = new Device({
    phone,
    settings,
    clock,
    db,
    fonts: deviceFonts(undefined),
    ...(opts.directory ? { directory: opts.directory } : {}),
    ...(opts.reboot ? { reboot: opts.reboot } : {}),
  });
  device.start();
  return { device, phone, clock, settings, db };
}
