import type { Clock, Logger } from '../../base/index.js';
import { parseMessage, type ParseLimits, type ReadonlyVia, type SipResponse } from '../message/index.js';
import { buildBadRequest } from './bad-request.js';
import type { ReceivedMessage, TransportAddress } from './transport.js';
import { sentByIsOurs, stampReceived } from './via-rules.js';

/**
 * What happens to every message that arrives, on any transport, before the
 * transaction layer sees it:
 * - requests get received/rport in the top Via (RFC 3261 §18.2.1, RFC 3581 §4);
 * - responses whose top Via is not ours are dropped (§18.1.2);
 * - what fails to parse is answered "400 <reason>" when it is a request with
 *   enough headers to answer, else dropped; both are counted and logged at
 *   a bounded rate so a flood cannot flood the log as well.
 * Nothing here throws back into a socket handler.
 */
export interface IntakeCounters {
  received: number;
  keepAlives: number;
  malformed: number;
  badRequestsSent: number;
  foreignResponses: number;
  handlerErrors: number;
}

export interface MessageIntakeOptions {
  clock: Clock;
  logger: Logger;
  limits: ParseLimits;
  /** Set to skip the §18.1.2 check (a test harness posing as several hosts). */
  acceptAnySentBy?: boolean;
  ourHosts(): ReadonlySet<string>;
  deliver(msg: ReceivedMessage): void;
  sendBadRequest(response: SipResponse, source: TransportAddress, connectionId: string | undefined): void;
}

/** One warning per this many ms at most, per kind. */
const LOG_INTERVAL_MS = 10_000;

export class MessageIntake {
  readonly counters: IntakeCounters = {
    received: 0,
    keepAlives: 0,
    malformed: 0,
    badRequestsSent: 0,
    foreignResponses: 0,
    handlerErrors: 0,
  };
  private readonly lastLogAt = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly opts: MessageIntakeOptions) {}

  /** A UDP datagram: one whole message, a keep-alive, or noise. */
  datagram(data: Buffer, source: TransportAddress, local: TransportAddress): void {
    if (isKeepAlive(data)) {
      // CRLF keep-alives from peers that keep their NAT binding open like we do
      this.counters.keepAlives++;
      return;
    }
    const first = data[0]!;
    const startLineLike = (first >= 0x41 && first <= 0x7a) || first === 0x0d || first === 0x0a;
    if (!startLineLike) {
      // not a SIP start-line (STUN, RTP, stray binary): not worth a 400
      this.counters.malformed++;
      this.warnLimited('ignored non-SIP datagram', { from: `${source.host}:${source.port}`, bytes: data.length });
      return;
    }
    this.message(data, source, local, undefined);
  }

  /** One message: a datagram, or one framed out of a stream. */
  message(data: Buffer, source: TransportAddress, local: TransportAddress, connectionId: string | undefined): void {
    try {
      this.process(data, source, local, connectionId);
    } catch (err) {
      this.counters.handlerErrors++;
      this.opts.logger.error('error while handling a received message', {
        error: (err as Error).message,
        from: `${source.host}:${source.port}`,
      });
    }
  }

  private process(data: Buffer, source: TransportAddress, local: TransportAddress, connectionId: string | undefined): void {
    const parsed = parseMessage(data, this.opts.limits);
    if (!parsed.ok) {
      this.counters.malformed++;
      const reply = buildBadRequest(parsed.partial, parsed.reason, source);
      this.warnLimited('malformed message', {
        from: `${source.host}:${source.port}`,
        protocol: source.protocol,
        reason: parsed.reason,
        answered: reply !== undefined,
      });
      if (reply) {
        this.counters.badRequestsSent++;
        this.opts.sendBadRequest(reply, source, connectionId);
      }
      return;
    }
    const message = parsed.message;
    if (message.kind === 'request') {
      stampReceived(message.headers, source, message.viewTopVia());
    } else if (!this.opts.acceptAnySentBy && !this.isOurs(message.viewTopVia())) {
      // §18.1.2: a response not meant for us is silently discarded
      this.counters.foreignResponses++;
      this.warnLimited('discarded response with a foreign Via', { from: `${source.host}:${source.port}` });
      return;
    }
    this.counters.received++;
    const received: ReceivedMessage = { message, source, local };
    if (connectionId !== undefined) received.connectionId = connectionId;
    this.opts.deliver(received);
  }

  private isOurs(via: ReadonlyVia | undefined): boolean {
    return sentByIsOurs(via, this.opts.ourHosts());
  }

  private warnLimited(msg: string, fields: Record<string, unknown>): void {
    const now = this.opts.clock.now();
    const last = this.lastLogAt.get(msg);
    if (last && now - last.at < LOG_INTERVAL_MS) {
      last.suppressed++;
      return;
    }
    const suppressed = last?.suppressed ?? 0;
    this.lastLogAt.set(msg, { at: now, suppressed: 0 });
    this.opts.logger.warn(msg, suppressed > 0 ? { ...fields, suppressed } : fields);
  }
}

/** A datagram of nothing but CR and LF (the "\r\n\r\n" keep-alive phones send). */
function isKeepAlive(data: Buffer): boolean {
  if (data.length === 0) return true;
  if (data.length > 4) return false;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0x0d && data[i] !== 0x0a) return false;
  return true;
}
