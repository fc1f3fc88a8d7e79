import type { TimerHandle } from '../../base/index.js';
import { IncomingCall } from '../../sip-ua/index.js';
import type { Call } from '../call.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import type { PhoneFeature } from '../phone-feature.js';
import type { HookResult, HookStatus, PhoneStatus, PreDialResult } from '../phone-types.js';
import { PreDial, preDialRulesFrom, type PreDialSendCause } from '../pre-dial.js';
import { serviceHub } from './service-hub.js';

/**
 * The handset hook, the pre-dial buffer and the hotline (manual §7 "Hot Line
 * Function: Immediately Hot Line and Delay Hot Line", "Hot Number"):
 *
 * - off-hook with a call ringing answers it (lifting the handset, §4);
 * - off-hook otherwise gives a dial tone; with the hotline `immediate` it
 *   dials the hot number at once, with `delay` after `call.hotline.delay`
 *   seconds unless a key is pressed first (a key cancels the hotline, as on
 *   Yealink/Grandstream "warm line");
 * - keys dialled go into a PreDial (send key / dial timeout / max digits);
 *   a Speed Dial Prefix key seeds it, a BLA key opens it on its line;
 * - on-hook clears the pre-dial, cancels the hotline and hangs up the call in
 *   the handset (connected, or ours still ringing out); held calls and calls
 *   ringing in stay.
 */
export class HookFeature implements PhoneFeature {
  readonly name = 'hook';
  private offHookNow = false;
  private pre: PreDial | undefined;
  private hotline: { timer: TimerHandle; dueAt: number; line: number | undefined } | undefined;
  /** The dial a pre-dial's send started (a send-key press resolves with its call). */
  private sending: Promise<{ id: string } | undefined> | undefined;

  constructor(private readonly ctx: PhoneContext) {
    serviceHub(ctx).hook = this;
  }

  stop(): void {
    this.cancelHotline();
    this.pre?.clear();
    this.pre = undefined;
  }

  decorateStatus(status: PhoneStatus): void {
    status.hook = this.status();
  }

  status(): HookStatus {
    const s: HookStatus = { offHook: this.offHookNow };
    if (this.pre?.state === 'collecting') s.predial = { ...(this.pre.line !== undefined ? { line: this.pre.line } : {}), digits: this.pre.digits };
    if (this.hotline) s.hotlineInMs = Math.max(0, this.hotline.dueAt - this.ctx.clock.now());
    return s;
  }

  async offHook(line?: number): Promise<HookResult> {
    this.checkLine(line);
    if (this.offHookNow) return { action: 'none', hook: this.status() };
    this.offHookNow = true;
    const ringing = this.ctx.calls().find((c) => c.direction === 'incoming' && c.state === 'ringing' && (line === undefined || c.line === line));
    if (ringing && ringing.session instanceof IncomingCall && ringing.session.answer()) {
      this.changed();
      return { action: 'answered', callId: ringing.id, hook: this.status() };
    }
    const mode = String(this.ctx.setting('call.hotline.mode'));
    const number = String(this.ctx.setting('call.hotline.number') ?? '');
    if (mode === 'immediate' && number) {
      this.changed();
      const { id } = await this.ctx.dial(number, line !== undefined ? { line } : {});
      return { action: 'hotline', callId: id, hook: this.status() };
    }
    this.openPredial('', line);
    if (mode === 'delay' && number) {
      const ms = Number(this.ctx.setting('call.hotline.delay')) * 1000;
      const timer = this.ctx.clock.setTimer(ms, () => void this.fireHotline(number));
      this.hotline = { timer, dueAt: this.ctx.clock.now() + ms, line };
    }
    this.changed();
    return { action: 'dial-tone', hook: this.status() };
  }

  async onHook(): Promise<HookResult> {
    this.offHookNow = false;
    this.cancelHotline();
    this.pre?.clear();
    this.pre = undefined;
    const inHandset = this.ctx.calls().filter(isInHandset);
    await Promise.all(inHandset.map((c) => c.session.hangup().catch(() => undefined)));
    this.changed();
    const first = inHandset[0];
    return { action: first ? 'hung-up' : 'none', ...(first ? { callId: first.id } : {}), hook: this.status() };
  }

  /** Keys typed (keypad, `POST /api/v1/predial`). A pre-dial opens when none is; any key cancels a delayed hotline. */
  async predial(digits: string, opts: { line?: number; send?: boolean } = {}): Promise<PreDialResult> {
    this.checkLine(opts.line);
    if (!/^[0-9*#]*$/.test(digits)) throw new PhoneError('PHONE_BAD_DIGITS', `"${digits}" is not keypad keys (0-9 * #)`);
    this.cancelHotline();
    if (this.pre?.state !== 'collecting') this.openPredial('', opts.line);
    this.sending = undefined;
    this.pre!.type(digits);
    if (opts.send) this.pre?.send();
    this.changed();
    // set by send() when the keys completed the number (TS cannot see that type() calls it)
    const sent = await (this.sending as Promise<{ id: string } | undefined> | undefined);
    return { hook: this.status(), ...(sent ? { callId: sent.id } : {}) };
  }

  /** A Speed Dial Prefix key (prefix in, the person types the rest) or a BLA key (the line seized, nothing in). */
  openPredial(prefix: string, line: number | undefined): HookStatus {
    this.cancelHotline();
    this.pre?.clear();
    this.pre = new PreDial({
      clock: this.ctx.clock,
      rules: preDialRulesFrom((k) => this.ctx.setting(k)),
      ...(line !== undefined ? { line } : {}),
      initial: prefix,
      onSend: (number, cause) => this.send(number, line, cause),
      onChange: () => this.changed(),
    });
    this.changed();
    return this.status();
  }

  clearPredial(): HookStatus {
    this.cancelHotline();
    this.pre?.clear();
    this.pre = undefined;
    this.changed();
    return this.status();
  }

  private send(number: string, line: number | undefined, cause: PreDialSendCause): void {
    this.ctx.logger.info('pre-dial sent', { number, cause });
    this.sending = this.ctx.dial(number, line !== undefined ? { line } : {}).catch((err: unknown) => {
      this.ctx.logger.warn('pre-dialled number not placed', { number, error: String(err) });
      return undefined;
    });
  }

  private async fireHotline(number: string): Promise<void> {
    const h = this.hotline;
    this.hotline = undefined;
    if (!h || !this.offHookNow) return;
    this.pre?.clear();
    this.pre = undefined;
    this.changed();
    this.ctx.logger.info('delayed hotline', { number });
    await this.ctx.dial(number, h.line !== undefined ? { line: h.line } : {}).catch((err: unknown) =>
      this.ctx.logger.warn('hotline call not placed', { number, error: String(err) }),
    );
  }

  private cancelHotline(): void {
    this.hotline?.timer.cancel();
    this.hotline = undefined;
  }

  private checkLine(line: number | undefined): void {
    if (line !== undefined && !this.ctx.lines()[line - 1]) throw new PhoneError('PHONE_NO_SUCH_LINE', `no line ${line}`);
  }

  private changed(): void {
    this.ctx.events.emit('hook', this.status());
  }
}

/** The call the handset is in: talking, or ours still ringing out. */
function isInHandset(c: Call): boolean {
  if (c.state === 'connected' || c.state === 'early') return true;
  return c.direction === 'outgoing' && (c.state === 'dialing' || c.state === 'ringing');
}
