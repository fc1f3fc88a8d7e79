import type { Clock, Logger } from '../base/index.js';
import type { MediaClock } from '../media/index.js';
import type { Call } from './call.js';
import { CONFERENCE_MAX_CALLS, LocalConference } from './conference.js';
import type { LineSwitching } from './line-switching.js';
import { PhoneError } from './phone-errors.js';
import type { TransferRequest, TransferResult } from './phone-types.js';

/** The manual's "Conference Exit Result" (`call.conferenceExit`). */
export type ConferenceExit = 'end-all' | 'keep-others';

export interface ConferenceControlOptions {
  clock: Clock;
  mediaClock: MediaClock;
  logger: Logger;
  lineSwitching: LineSwitching;
  exitSetting(): ConferenceExit;
  /** Transfer one call's party to another's (REFER with Replaces), without holding it first. */
  transfer(call: Call, request: TransferRequest): Promise<TransferResult>;
}

/**
 * How long a conference handed over by transfer may take before we end the
 * calls ourselves: the transferee's INVITE with Replaces and the NOTIFY that
 * reports it (RFC 6665 Timer N is 32 s; a phone answers a Replaces at once).
 */
const HANDOVER_LIMIT_MS = 32_000;

const joinable = (c: Call) => c.state === 'connected' || c.state === 'held';

/**
 * The 3-way conference of the manual (§4): from a consultation ("press CONF
 * when the transfer recipient answers"), from an active call (CONF, dial the
 * third party, CONF: the same join once the new call is up), with a held line
 * (it is resumed as it joins). One conference per phone, as there is one handset.
 *
 * Ending: a far end that hangs up leaves, and with one far end left the call
 * goes on as an ordinary call. The local user hanging up (the originator) ends
 * it by the "Conference Exit Result" setting: `end-all` hangs up both calls;
 * `keep-others` connects the two far ends to each other by an attended
 * transfer (REFER to the first with Replaces naming our call with the second,
 * RFC 5589 §7) and leaves; if that fails, both calls are ended.
 */
export class ConferenceControl {
  private current: LocalConference | undefined;

  constructor(private readonly opts: ConferenceControlOptions) {}

  of(call: Call): LocalConference | undefined {
    return this.current?.has(call) ? this.current : undefined;
  }

  /** Join `a` and `b` (and the handset); either may be held or already in the conference. */
  async join(a: Call, b: Call): Promise<void> {
    if (a === b) throw new PhoneError('PHONE_BAD_STATE', 'a call cannot be conferenced with itself');
    for (const c of [a, b]) if (!joinable(c)) throw new PhoneError('PHONE_BAD_STATE', `call ${c.id} is ${c.state}, not connected or held`);
    const conf = this.current;
    if (conf && !conf.has(a) && !conf.has(b)) throw new PhoneError('PHONE_BAD_STATE', 'a conference is already running');
    const newcomers = [a, b].filter((c) => !conf?.has(c));
    if (newcomers.length === 0) return;
    if ((conf?.members.length ?? 0) + newcomers.length > CONFERENCE_MAX_CALLS) {
      throw new PhoneError('PHONE_BAD_STATE', 'the conference is full (3-way)');
    }
    // any other call goes on hold; the held ones joining are taken off hold (manual: "establish a conference with held line")
    await this.opts.lineSwitching.holdOthers([a, b]);
    for (const c of [a, b]) {
      if (c.state === 'held' && !(await c.resume())) throw new PhoneError('PHONE_BAD_STATE', `call ${c.id} could not be taken off hold`);
    }
    for (const c of [a, b]) if (c.state !== 'connected') throw new PhoneError('PHONE_BAD_STATE', `call ${c.id} is ${c.state}`);
    if (this.current && this.current !== conf) throw new PhoneError('PHONE_BAD_STATE', 'a conference is already running');
    const target = this.current ?? new LocalConference(this.opts.mediaClock, this.opts.logger);
    for (const c of newcomers) {
      const r = target.join(c);
      if (!r.ok) {
        if (target.members.length < 2) target.close();
        throw new PhoneError('PHONE_BAD_STATE', r.reason);
      }
    }
    this.current = target;
    this.opts.lineSwitching.setConference(target);
    this.opts.lineSwitching.focus(a);
    this.opts.logger.info('conference', { calls: target.members.map((c) => c.id).join(' ') });
  }

  /** Hold (or resume) every call of the conference: the phone's Hold key holds the conference. */
  async holdAll(conf: LocalConference, hold: boolean): Promise<boolean> {
    const results = await Promise.all(
      conf.members.map((c) => (hold ? (c.state === 'connected' ? c.hold() : true) : c.state === 'held' ? c.resume() : true)),
    );
    return results.every(Boolean);
  }

  /** The local user hangs up a conference (the originator leaves): the exit setting decides. */
  async exit(conf: LocalConference): Promise<void> {
    const members = [...conf.members];
    const [x, y] = members;
    const keep = this.opts.exitSetting() === 'keep-others' && x && y && members.every(joinable);
    conf.localLeft = true;
    for (const c of members) this.opts.lineSwitching.abandon(c);
    if (keep) {
      const done = this.whenTransferEnds(x);
      const r = await this.opts.transfer(x, { withCall: y.id });
      if (!r.ok) done.cancel();
      else if (await done.result) return;
      this.opts.logger.info('conference handover failed: ending both calls', { reason: r.ok ? 'transfer failed' : r.reason });
    }
    await Promise.all(members.map((c) => c.session.hangup().catch(() => undefined)));
  }

  /** A call changed: a member that ended leaves, and a conference of one is over. */
  callChanged(call: Call): void {
    const conf = this.of(call);
    if (!conf || call.state !== 'ended') return;
    conf.leave(call);
    if (conf.members.length >= 2) return;
    const rest = [...conf.members];
    conf.close();
    if (this.current === conf) this.current = undefined;
    this.opts.lineSwitching.setConference(undefined);
    const last = rest[0];
    if (last && !conf.localLeft && last.state !== 'ended') this.opts.lineSwitching.focus(last);
  }

  /** An INVITE with Replaces took a member's place (RFC 3891): the new call joins in its stead. */
  replace(old: Call, next: Call): void {
    const conf = this.of(old);
    if (!conf) return;
    conf.leave(old);
    const r = conf.join(next);
    if (!r.ok) this.opts.logger.warn('replacing call could not join the conference', { reason: r.reason });
  }

  close(): void {
    this.current?.close();
    this.current = undefined;
  }

  /** `result` resolves true when the transfer of `call` succeeds, false when it fails, takes too long or is cancelled. */
  private whenTransferEnds(call: Call): { result: Promise<boolean>; cancel(): void } {
    let finish: (ok: boolean) => void = () => {};
    const result = new Promise<boolean>((resolve) => {
      const timer = this.opts.clock.setTimer(HANDOVER_LIMIT_MS, () => finish(false));
      const off = call.events.on('change', (info) => {
        const t = info.transfer;
        if (t?.role !== 'transferor') return;
        if (t.state === 'succeeded') finish(true);
        else if (t.state === 'failed') finish(false);
      });
      finish = (ok) => {
        timer.cancel();
        off();
        resolve(ok);
      };
    });
    return { result, cancel: () => finish(false) };
  }
}
