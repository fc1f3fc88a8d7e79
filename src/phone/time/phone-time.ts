import { TypedEvents, nullLogger, type Clock, type Logger, type SocketFactory, type TimerHandle } from '../../base/index.js';
import type { SettingChange, Settings } from '../../config/index.js';
import { esceneTimeZone } from './escene-time-zones.js';
import { parseSipDate } from './sip-date.js';
import { SntpClient, type SntpOutcome } from './sntp-client.js';
import { localOffset, zoneSettings } from './zone-offset.js';

/**
 * The phone's clock (manual §4 "Time & Date", web "Set Time Mode: SNTP / SIP
 * Server / PSTN / Manual"). The host keeps the real clock; the phone shows
 * host time + an offset, taken from (first that applies):
 *
 *   sntp        `time.sntpEnabled`: RFC 4330 against `time.sntpServer`, then
 *               `time.sntpServer2`, every `time.sntpInterval` s.
 *   sip-server  `time.sipServerTime`: the Date header of a 2xx to REGISTER
 *               (RFC 3261 §20.17), when SNTP is off or has not answered.
 *   manual      both off: `time.manualOffset` s (the LCD's Manual setting >
 *               Date & time writes it), when it is not 0.
 *   host        nothing else: offset 0, with the reason.
 *
 * A sample stays in force until its source is switched off or reconfigured: a
 * later failed SNTP round keeps the last offset (a hardware phone's clock runs
 * on between syncs too) and reports the failure. PSTN has no meaning here.
 * Call records keep host time (UTC epoch ms, `clock.wallTime()`); only what is
 * shown follows this clock.
 */
export type TimeSource = 'sntp' | 'sip-server' | 'manual' | 'host';

export interface PhoneTimeStatus {
  source: TimeSource;
  /** Phone time minus host time, ms. */
  offsetMs: number;
  /** The phone's UTC time, ISO 8601. */
  utc: string;
  /** The phone's local time in its zone, "YYYY-MM-DD HH:MM:SS". */
  local: string;
  /** Minutes east of UTC in force (zone and DST). */
  utcOffsetMinutes: number;
  /** Escene zone code, its name and IANA zone ("unknown" for a code the Escene list lacks). */
  zone: number;
  zoneName: string;
  ianaZone?: string;
  /** The SNTP server of the sample in force (source sntp). */
  server?: string;
  /** SNTP round-trip delay and server stratum of that sample. */
  roundTripMs?: number;
  stratum?: number;
  /** When the sample in force was taken (host time, ISO 8601). */
  syncedAt?: string;
  /** Why the source is not the configured one, or the last SNTP failure. */
  reason?: string;
}

/** What the face and the web read of the phone's clock. */
export interface PhoneTimeView {
  /** The phone's wall time: UTC epoch ms. */
  wallTime(): number;
  status(): PhoneTimeStatus;
  readonly events: { on(event: 'change', fn: (s: PhoneTimeStatus) => void): () => void };
}

export interface PhoneTimeOptions {
  clock: Clock;
  sockets: SocketFactory;
  settings: Settings;
  logger?: Logger;
  /** Local address for SNTP queries (the phone's SIP bind address). */
  bindAddress?: string;
  /** SNTP first timeout and requests per server (sntp-client.ts defaults: 1000 ms, 3). */
  sntpTimeoutMs?: number;
  sntpAttempts?: number;
}

interface Sample {
  offsetMs: number;
  at: number;
  server?: string;
  roundTripMs?: number;
  stratum?: number;
}

/** After a failed SNTP round, try again after this long, doubling up to the update interval. */
const FIRST_RETRY_MS = 60_000;
const SNTP_KEYS = new Set(['time.sntpEnabled', 'time.sntpServer', 'time.sntpServer2', 'time.sntpInterval']);

export class PhoneTime implements PhoneTimeView {
  readonly events = new TypedEvents<{ change: [PhoneTimeStatus] }>();
  private readonly logger: Logger;
  private sntp: Sample | undefined;
  private sipDate: Sample | undefined;
  private sntpError: string | undefined;
  private client: SntpClient | undefined;
  private round: Promise<SntpOutcome> | undefined;
  private timer: TimerHandle | undefined;
  private failures = 0;
  /** Servers that sent Kiss-o'-Death DENY/RSTR: not asked again until the SNTP settings change (RFC 4330 §8). */
  private readonly denied = new Set<string>();
  private offSettings: (() => void) | undefined;
  private lastSource: TimeSource | undefined;
  private running = false;

  constructor(private readonly opts: PhoneTimeOptions) {
    this.logger = (opts.logger ?? nullLogger).child({ layer: 'time' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.offSettings = this.opts.settings.events.on('changed', (changes) => this.onSettings(changes));
    if (this.sntpEnabled()) void this.syncNow();
    this.noteChange();
  }

  stop(): void {
    this.running = false;
    this.offSettings?.();
    this.offSettings = undefined;
    this.timer?.cancel();
    this.timer = undefined;
    this.client?.close();
    this.client = undefined;
    this.round = undefined;
  }

  wallTime(): number {
    return this.opts.clock.wallTime() + this.current().offsetMs;
  }

  /**
   * One SNTP round now (the primary, then the backup); the next is scheduled
   * from its outcome. A round in flight is joined, not doubled.
   */
  syncNow(): Promise<SntpOutcome> {
    if (this.round) return this.round;
    this.timer?.cancel();
    this.timer = undefined;
    const servers = [this.setting('time.sntpServer'), this.setting('time.sntpServer2')].filter((s) => s.trim() !== '' && !this.denied.has(s));
    const client = new SntpClient({
      clock: this.opts.clock,
      sockets: this.opts.sockets,
      logger: this.logger,
      ...(this.opts.bindAddress ? { bindAddress: this.opts.bindAddress } : {}),
      ...(this.opts.sntpTimeoutMs !== undefined ? { timeoutMs: this.opts.sntpTimeoutMs } : {}),
      ...(this.opts.sntpAttempts !== undefined ? { attempts: this.opts.sntpAttempts } : {}),
    });
    this.client = client;
    const round = (async (): Promise<SntpOutcome> => {
      const outcome: SntpOutcome = servers.length > 0 ? await client.query(servers) : { ok: false, reason: 'no SNTP server set', denied: [] };
      if (this.client !== client) return outcome; // stopped or reconfigured meanwhile
      this.client = undefined;
      this.round = undefined;
      this.afterRound(outcome);
      return outcome;
    })();
    this.round = round;
    return round;
  }

  /**
   * The Date header of a 2xx to REGISTER (RFC 3261 §20.17), received now.
   * The header has whole seconds: the server's clock was somewhere in the
   * second it names, so take its middle. Returns false when it was not used.
   */
  sipServerDate(header: string): boolean {
    if (!this.running || this.opts.settings.get('time.sipServerTime') !== true) return false;
    const serverMs = parseSipDate(header);
    if (serverMs === undefined) {
      this.logger.info('ignoring a Date header that is not an RFC 1123 date', { date: header });
      return false;
    }
    const now = this.opts.clock.wallTime();
    this.sipDate = { offsetMs: serverMs + 500 - now, at: now };
    this.noteChange();
    return true;
  }

  status(): PhoneTimeStatus {
    const c = this.current();
    const host = this.opts.clock.wallTime();
    const phone = host + c.offsetMs;
    const zs = zoneSettings((k) => this.opts.settings.get(k));
    const local = localOffset(phone, zs);
    const zone = esceneTimeZone(zs.zone);
    const s: PhoneTimeStatus = {
      source: c.source,
      offsetMs: Math.round(c.offsetMs),
      utc: new Date(phone).toISOString(),
      local: new Date(phone + local.minutes * 60_000).toISOString().slice(0, 19).replace('T', ' '),
      utcOffsetMinutes: local.minutes,
      zone: zs.zone,
      zoneName: zone?.name ?? 'unknown',
      ...(zone?.iana ? { ianaZone: zone.iana } : {}),
    };
    const sample = c.source === 'sntp' ? this.sntp : c.source === 'sip-server' ? this.sipDate : undefined;
    if (sample) s.syncedAt = new Date(sample.at).toISOString();
    if (sample?.server) s.server = sample.server;
    if (sample?.roundTripMs !== undefined) s.roundTripMs = Math.round(sample.roundTripMs);
    if (sample?.stratum !== undefined) s.stratum = sample.stratum;
    if (c.reason) s.reason = c.reason;
    return s;
  }

  /** The source in force and its offset (the precedence of the doc comment). */
  private current(): { source: TimeSource; offsetMs: number; reason?: string } {
    const sntpOn = this.sntpEnabled();
    const sipOn = this.opts.settings.get('time.sipServerTime') === true;
    const sntpTrouble = sntpOn && this.sntpError ? `SNTP: ${this.sntpError}` : undefined;
    if (sntpOn && this.sntp) return { source: 'sntp', offsetMs: this.sntp.offsetMs, ...(sntpTrouble ? { reason: sntpTrouble } : {}) };
    if (sipOn && this.sipDate) return { source: 'sip-server', offsetMs: this.sipDate.offsetMs, ...(sntpTrouble ? { reason: sntpTrouble } : {}) };
    if (sntpOn || sipOn) {
      const waiting = [sntpOn ? (sntpTrouble ?? 'SNTP: waiting for the first answer') : '', sipOn ? 'SIP server: no Date header received yet' : ''];
      return { source: 'host', offsetMs: 0, reason: waiting.filter(Boolean).join('; ') };
    }
    const manualS = Number(this.opts.settings.get('time.manualOffset'));
    if (manualS !== 0) return { source: 'manual', offsetMs: manualS * 1000 };
    return { source: 'host', offsetMs: 0, reason: 'SNTP and SIP server time are off and no manual time is set' };
  }

  private afterRound(outcome: SntpOutcome): void {
    if (!this.running) return;
    if (!outcome.ok) for (const d of outcome.denied) this.denied.add(d);
    const intervalMs = Math.max(60, Number(this.opts.settings.get('time.sntpInterval'))) * 1000;
    if (outcome.ok) {
      this.failures = 0;
      this.sntpError = undefined;
      this.sntp = { offsetMs: outcome.offsetMs, at: this.opts.clock.wallTime(), server: outcome.server, roundTripMs: outcome.delayMs, stratum: outcome.stratum };
      this.logger.info('SNTP time', { server: outcome.server, offsetMs: Math.round(outcome.offsetMs), roundTripMs: Math.round(outcome.delayMs), stratum: outcome.stratum });
    } else {
      this.failures++;
      this.sntpError = outcome.reason;
      const fallback = this.sntp ? 'keeping the last SNTP offset' : this.sipDate ? 'using the SIP server time' : 'using the host time';
      this.logger.warn(`SNTP failed, ${fallback}`, { reason: outcome.reason });
    }
    this.noteChange();
    if (!this.sntpEnabled()) return;
    // RFC 4330 §10: never poll faster than 15 s; after failures back off from 60 s to the interval
    const delay = outcome.ok ? intervalMs : Math.min(intervalMs, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    this.timer = this.opts.clock.setTimer(delay, () => {
      this.timer = undefined;
      void this.syncNow();
    });
  }

  private onSettings(changes: SettingChange[]): void {
    const keys = changes.map((c) => c.key).filter((k) => k.startsWith('time.'));
    if (keys.length === 0) return;
    if (keys.some((k) => SNTP_KEYS.has(k))) {
      // a new server or interval starts over: forget the old sample, ask at once
      this.client?.close();
      this.client = undefined;
      this.round = undefined;
      this.timer?.cancel();
      this.timer = undefined;
      this.sntp = undefined;
      this.sntpError = undefined;
      this.failures = 0;
      this.denied.clear();
      if (this.sntpEnabled()) void this.syncNow();
    }
    if (keys.includes('time.sipServerTime') && this.opts.settings.get('time.sipServerTime') !== true) this.sipDate = undefined;
    this.noteChange();
  }

  private noteChange(): void {
    const s = this.status();
    if (s.source !== this.lastSource) {
      // Starting on the host clock is the default (SNTP off): not worth an INFO line on stderr.
      const level = this.lastSource === undefined && s.source === 'host' ? 'debug' : 'info';
      this.logger[level](`time source ${this.lastSource ?? 'none'} -> ${s.source}`, { offsetMs: s.offsetMs, ...(s.reason ? { reason: s.reason } : {}) });
      this.lastSource = s.source;
    }
    this.events.emit('change', s);
  }

  private sntpEnabled(): boolean {
    return this.opts.settings.get('time.sntpEnabled') === true;
  }

  private setting(key: string): string {
    return String(this.opts.settings.get(key) ?? '');
  }
}
