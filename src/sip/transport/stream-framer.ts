import { findHeadEnd } from '../message/index.js';

/**
 * Cuts SIP messages out of a byte stream (RFC 3261 §18.3): the head ends at
 * the first empty line, and Content-Length (mandatory on streams; a missing
 * one is taken as 0) says how many body bytes follow. Several messages in one
 * chunk and one message over many chunks are both normal on TCP.
 *
 * Between messages, CRLFs are keep-alive traffic (RFC 5626 §3.5.1): a double
 * CRLF "ping" must be answered with a single CRLF "pong". RFC 3261 §7.5 also
 * says stray CRLFs before a start-line are ignored, which this matches.
 *
 * The buffer is bounded: a peer that sends more than `maxMessageBytes` without
 * a complete message cannot be framed and the caller closes the connection.
 */
export interface StreamFramerEvents {
  /** One complete message (head + body). The buffer is not reused afterwards. */
  onMessage(message: Buffer): void;
  /** A CRLFCRLF keep-alive ping: answer with CRLF. */
  onPing(): void;
  /** A lone CRLF keep-alive pong. */
  onPong(): void;
}

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

export class StreamFramer {
  private buf: Buffer = EMPTY;
  /** Where the search for the end of the head resumes (bytes already scanned). */
  private scanFrom = 0;
  /** A lone CRLF ended the previous chunk: a following CRLF completes a split ping. */
  private halfPing = false;

  constructor(
    private readonly events: StreamFramerEvents,
    private readonly maxMessageBytes = 65_535,
  ) {}

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.buf.length;
  }

  /**
   * Feed received bytes. Returns undefined while the stream is fine, or the
   * reason it cannot be framed any more (the caller closes the connection).
   */
  push(chunk: Buffer): string | undefined {
    if (chunk.length === 0) return undefined;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk], this.buf.length + chunk.length);
    for (;;) {
      const buf = this.buf;
      if (buf.length === 0) return undefined;

      // keep-alive CRLFs between messages
      if (buf[0] === CR || buf[0] === LF) {
        const step = this.keepAlive(buf);
        if (step < 0) return undefined; // need more bytes
        this.consume(step);
        continue;
      }
      this.halfPing = false;

      const head = findHeadEnd(buf, this.scanFrom);
      if (head.index < 0) {
        if (buf.length > this.maxMessageBytes) return `no end of message head within ${this.maxMessageBytes} bytes`;
        // the terminator may straddle chunks: rescan the last 3 bytes next time
        this.scanFrom = Math.max(0, buf.length - 3);
        return undefined;
      }
      const bodyStart = head.index + head.length;
      const contentLength = readContentLength(buf, head.index);
      if (contentLength === undefined) return 'unreadable Content-Length';
      const total = bodyStart + contentLength;
      if (total > this.maxMessageBytes) return `message of ${total} bytes exceeds ${this.maxMessageBytes}`;
      if (buf.length < total) {
        this.scanFrom = head.index; // the head end is known; wait for the body
        return undefined;
      }
      const message = buf.subarray(0, total);
      this.consume(total);
      this.events.onMessage(message);
    }
  }

  /** Drop everything held (the connection closed). */
  reset(): void {
    this.buf = EMPTY;
    this.scanFrom = 0;
    this.halfPing = false;
  }

  /**
   * At a message boundary starting with CR or LF: how many bytes of
   * keep-alive to consume (after reporting ping or pong), or -1 to wait.
   */
  private keepAlive(buf: Buffer): number {
    const crlf = buf[0] === CR && buf[1] === LF;
    if (!crlf) {
      if (buf[0] === CR && buf.length === 1) return -1;
      // a bare CR or LF: tolerated noise before a start-line (RFC 3261 §7.5)
      this.halfPing = false;
      return 1;
    }
    if (buf[2] === CR && buf[3] === LF) {
      this.halfPing = false;
      this.events.onPing();
      return 4;
    }
    if (buf.length === 3 && buf[2] === CR) return -1; // "\r\n\r": wait for the LF
    // a lone CRLF: a pong, or the second half of a ping split across chunks
    if (this.halfPing) {
      this.halfPing = false;
      this.events.onPing();
    } else {
      this.events.onPong();
      // only when it ended the chunk can the next CRLF complete a ping
      this.halfPing = buf.length === 2;
    }
    return 2;
  }

  private consume(n: number): void {
    this.buf = n >= this.buf.length ? EMPTY : this.buf.subarray(n);
    this.scanFrom = 0;
  }
}

/**
 * Content-Length (or its compact form "l") from the head in buf[0, headEnd).
 * Missing means 0 (RFC 3261 §18.3 makes it mandatory on streams; be lenient).
 * Returns undefined when the value is not a number: the stream cannot be framed.
 */
export function readContentLength(buf: Buffer, headEnd: number): number | undefined {
  let lineStart = 0;
  while (lineStart < headEnd) {
    let lineEnd = buf.indexOf(LF, lineStart);
    if (lineEnd < 0 || lineEnd > headEnd) lineEnd = headEnd;
    const value = contentLengthValue(buf, lineStart, lineEnd);
    if (value !== null) {
      if (!/^\d{1,9}$/.test(value)) return undefined;
      return Number(value);
    }
    lineStart = lineEnd + 1;
  }
  return 0;
}

/** The value text when buf[start, end) is a Content-Length line, else null. */
function contentLengthValue(buf: Buffer, start: number, end: number): string | null {
  const first = buf[start]! | 0x20; // lower-case ASCII letter
  if (first !== 0x63 /* c */ && first !== 0x6c /* l */) return null;
  const line = buf.toString('latin1', start, end);
  const m = /^(content-length|l)[ \t]*:(.*)$/is.exec(line);
  return m ? m[2]!.trim() : null;
}
