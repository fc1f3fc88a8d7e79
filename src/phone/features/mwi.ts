import { MwiMonitor, type MessageSummary } from '../../sip-ua/index.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';
import { PhoneError } from '../phone-errors.js';
import type { PhoneFeature } from '../phone-feature.js';
import type { MessageWaiting, PhoneStatus } from '../phone-types.js';
import { UNSUBSCRIBE_WAIT_MS, settleWithin } from './bounded-stop.js';
import { serviceHub } from './service-hub.js';
import { autoLine, subscriptionIdentity, subscriptionLineFor } from './subscription-line.js';

interface LineMwi {
  identity: string;
  monitor: MwiMonitor;
  off: () => void;
}

/** Settings that change what the message light subscribes to. */
const MWI_SETTING_RE = /^(call\.voicemailSubscribe|account\.\d+\.subscribeExpires|sip\.subscribeExpires)$/;

/**
 * Voice mail (manual §2 "Messages button: typically auto-dials your voice
 * message service; red means unread voice mail"; §7 "Booking Voice Mail"):
 * per line with a server, a message-summary monitor (RFC 3842) that
 * SUBSCRIBEs to the line's own AOR when `call.voicemailSubscribe` is on and
 * takes the unsolicited NOTIFYs many PBXs send either way. Its counts go to
 * the line status (`messages`) and the `mwi` event; the Message key dials the
 * line's voice-mail number.
 *
 * A line's monitor starts once the line has registered (the PBX knows us) and
 * then follows its own retries; it starts afresh when the account or the
 * subscribe period changes, and stops when the line loses its server.
 */
export class MwiFeature implements PhoneFeature {
  readonly name = 'mwi';
  private readonly monitors = new Map<number, LineMwi>();
  private offs: Array<() => void> = [];
  private running = false;

  constructor(private readonly ctx: PhoneContext) {
    serviceHub(ctx).mwi = this;
  }

  start(): void {
    this.running = true;
    this.offs.push(
      this.ctx.events.on('registration', () => this.sync()),
      this.ctx.settings.events.on('changed', (changes) => {
        if (changes.some((c) => MWI_SETTING_RE.test(c.key))) this.sync();
      }),
    );
    this.sync();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const off of this.offs.splice(0)) off();
    const stops = [...this.monitors.values()].map((m) => this.drop(m));
    this.monitors.clear();
    await settleWithin(this.ctx.clock, UNSUBSCRIBE_WAIT_MS, stops);
  }

  decorateStatus(status: PhoneStatus): void {
    for (const ls of status.lines) {
      const summary = this.monitors.get(ls.line)?.monitor.summary;
      if (summary) ls.messages = countsOf(summary);
    }
  }

  /** The line's message counts, when a summary came. */
  messages(line: number): MessageWaiting | undefined {
    const s = this.monitors.get(line)?.monitor.summary;
    return s ? countsOf(s) : undefined;
  }

  /** Manual §7: the account's "Voice Mail Number", else the phone-wide Message code. */
  voicemailNumber(line: number): string {
    return String(this.ctx.setting(`account.${line}.voicemailNumber`) || this.ctx.setting('call.voicemailNumber') || '');
  }

  /**
   * The Message key: dial the voice-mail number of `line`, or of the first
   * line with messages waiting, or of the line the phone would dial on.
   */
  async dialVoicemail(line?: number): Promise<{ id: string }> {
    const chosen = line ?? this.ctx.lines().find((l) => this.messages(l.number)?.waiting)?.number ?? autoLine(this.ctx)?.number ?? 1;
    const number = this.voicemailNumber(chosen);
    if (!number) {
      throw new PhoneError('PHONE_BAD_TARGET', `no voice-mail number for line ${chosen} (account.${chosen}.voicemailNumber or call.voicemailNumber)`);
    }
    return this.ctx.dial(number, { line: chosen });
  }

  private sync(): void {
    if (!this.running) return;
    for (const line of this.ctx.lines()) {
      const have = this.monitors.get(line.number);
      const wanted = line.hasServer && (have !== undefined || line.status().state === 'registered');
      if (!wanted) {
        if (have) this.remove(line.number, have);
        continue;
      }
      const identity = `${subscriptionIdentity(this.ctx, line)}|${String(this.ctx.setting('call.voicemailSubscribe'))}`;
      if (have?.identity === identity) continue;
      if (have) this.remove(line.number, have);
      this.add(line, identity);
    }
  }

  private add(line: Line, identity: string): void {
    const sub = subscriptionLineFor(this.ctx, line);
    if (!sub) return;
    const monitor = new MwiMonitor({ ...sub, subscribe: this.ctx.setting('call.voicemailSubscribe') === true });
    const off = monitor.events.on('summary', (summary) => {
      this.ctx.logger.info('message waiting', { line: line.number, waiting: summary.waiting, new: summary.voice.new });
      this.ctx.events.emit('mwi', { line: line.number, ...countsOf(summary) });
    });
    this.monitors.set(line.number, { identity, monitor, off });
    monitor.start();
  }

  private remove(line: number, m: LineMwi): void {
    this.monitors.delete(line);
    const had = m.monitor.summary;
    void this.drop(m);
    if (had?.waiting) this.ctx.events.emit('mwi', { line, waiting: false, new: 0, old: 0, urgentNew: 0, urgentOld: 0 });
  }

  private drop(m: LineMwi): Promise<void> {
    m.off();
    return m.monitor.stop().catch((err: unknown) => this.ctx.logger.info('MWI un-subscribe failed', { error: String(err) }));
  }
}

function countsOf(s: MessageSummary): MessageWaiting {
  const v = s.voice;
  return { waiting: s.waiting, new: v.new, old: v.old, urgentNew: v.urgentNew, urgentOld: v.urgentOld };
}
