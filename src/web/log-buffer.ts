import type { LogFields, LogLevel, LogRecord, Logger } from '../base/index.js';

const ORDER: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, silent: 99 };

/**
 * The last log records of the phone, for the Phone Maintenance > Log page (view
 * and download). A ring of `capacity` records in memory; the CLI tees its logger
 * into it (recordingLogger), whatever goes to stderr.
 */
export class LogBuffer {
  private readonly ring: LogRecord[] = [];
  private dropped = 0;

  constructor(
    readonly capacity = 2000,
    /** Records below this level are not kept. */
    readonly level: Exclude<LogLevel, 'silent'> = 'info',
  ) {}

  push(record: LogRecord): void {
    if (ORDER[record.level] < ORDER[this.level]) return;
    this.ring.push(record);
    if (this.ring.length > this.capacity) {
      this.ring.shift();
      this.dropped++;
    }
  }

  records(): readonly LogRecord[] {
    return this.ring;
  }

  /** Records older than the ring that were let go. */
  get droppedCount(): number {
    return this.dropped;
  }

  clear(): void {
    this.ring.length = 0;
    this.dropped = 0;
  }

  /** One line per record: `2026-01-01T12:00:00.123Z INFO  msg key=value`. */
  text(): string {
    return this.ring.map(formatLogLine).join('');
  }
}

export function formatLogLine(r: LogRecord): string {
  const extra = Object.entries(r.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${new Date(r.time).toISOString()} ${r.level.toUpperCase().padEnd(5)} ${r.msg}${extra ? ' ' + extra : ''}\n`;
}

/** A logger that writes to `inner` and keeps a copy of each record in `buffer`. */
export class RecordingLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    private readonly buffer: LogBuffer,
    private readonly wallTime: () => number,
    private readonly bindings: LogFields = {},
  ) {}

  enabled(level: LogLevel): boolean {
    return this.inner.enabled(level) || ORDER[level] >= ORDER[this.buffer.level];
  }
  trace(msg: string, fields?: LogFields): void {
    this.inner.trace(msg, fields);
    this.keep('trace', msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.inner.debug(msg, fields);
    this.keep('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.inner.info(msg, fields);
    this.keep('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.inner.warn(msg, fields);
    this.keep('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.inner.error(msg, fields);
    this.keep('error', msg, fields);
  }
  child(bindings: LogFields): Logger {
    return new RecordingLogger(this.inner.child(bindings), this.buffer, this.wallTime, { ...this.bindings, ...bindings });
  }

  private keep(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void {
    if (ORDER[level] < ORDER[this.buffer.level]) return;
    this.buffer.push({ time: this.wallTime(), level, msg, fields: fields ? { ...this.bindings, ...fields } : this.bindings });
  }
}
