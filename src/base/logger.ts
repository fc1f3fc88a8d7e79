/**
 * A small structured logger. Layers take a Logger; the CLI decides where lines go
 * (stderr text, JSON, the web "Log" page buffer). Levels follow syslog's order.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, silent: 99 };

export type LogFields = Record<string, unknown>;

export interface LogRecord {
  time: number;
  level: Exclude<LogLevel, 'silent'>;
  msg: string;
  fields: LogFields;
}

export interface Logger {
  trace(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every record (e.g. { line: 1 } or { callId }). */
  child(bindings: LogFields): Logger;
  enabled(level: LogLevel): boolean;
}

export type LogSink = (record: LogRecord) => void;

export class SinkLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly level: LogLevel = 'info',
    private readonly bindings: LogFields = {},
    private readonly wallTime: () => number = () => Date.now(),
  ) {}

  enabled(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.level];
  }

  trace(msg: string, fields?: LogFields): void {
    this.write('trace', msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }

  child(bindings: LogFields): Logger {
    return new SinkLogger(this.sink, this.level, { ...this.bindings, ...bindings }, this.wallTime);
  }

  private write(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void {
    if (ORDER[level] < ORDER[this.level]) return;
    this.sink({ time: this.wallTime(), level, msg, fields: fields ? { ...this.bindings, ...fields } : this.bindings });
  }
}

/** Human-readable lines on stderr: `12:00:00.123 INFO  msg key=value`. */
export function stderrSink(record: LogRecord): void {
  const t = new Date(record.time).toISOString().slice(11, 23);
  const extra = Object.entries(record.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  process.stderr.write(`${t} ${record.level.toUpperCase().padEnd(5)} ${record.msg}${extra ? ' ' + extra : ''}\n`);
}

export function createLogger(level: LogLevel = 'info', sink: LogSink = stderrSink): Logger {
  return new SinkLogger(sink, level);
}

/** Discards everything: the default for unit tests and library use. */
export const nullLogger: Logger = new SinkLogger(() => {}, 'silent');
