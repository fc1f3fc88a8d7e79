import { nameAddrTag, parseNameAddr } from './name-addr.js';
import { SipHeaders } from './sip-headers.js';
import type { CSeq, NameAddr, ReadonlyVia, Via } from './types.js';
import { parseBoundedInt, parseCSeq } from './cseq.js';
import { parseVia } from './via.js';

/**
 * SIP request and response (RFC 3261 §7). Header values are kept as text and
 * parsed on demand by the accessors below, which keeps parsing an INVITE cheap
 * when most headers are only relayed.
 *
 * The headers every layer reads on every message (top Via, CSeq, From, To)
 * are parsed once and remembered together with the text they came from: an
 * accessor re-parses only when that header's first value is no longer the
 * same text (a header rewritten, or `headers` replaced), so the memo can never
 * be stale. What the memo holds is never handed out to be changed: topVia
 * and cseq return copies the caller owns, as before; viewTopVia() and
 * viewCSeq() give read-only access without a copy.
 */
abstract class SipMessageBase {
  headers: SipHeaders;
  body: Buffer;
  private readonly memo: HeaderMemo = new HeaderMemo();

  constructor(headers?: SipHeaders, body?: Buffer) {
    this.headers = headers ?? new SipHeaders();
    this.body = body ?? EMPTY;
  }

  get callId(): string {
    return this.headers.getByKey('call-id') ?? '';
  }

  /** Parsed CSeq, or undefined when absent or malformed. */
  get cseq(): CSeq | undefined {
    const c = this.viewCSeq();
    return c === undefined ? undefined : { seq: c.seq, method: c.method };
  }

  /** The parsed CSeq, shared with this message: read it, do not change it. */
  viewCSeq(): Readonly<CSeq> | undefined {
    const text = this.headers.getByKey('cseq');
    if (text === undefined) return undefined;
    const m = this.memo;
    if (text !== m.cseqText) {
      m.cseqText = text;
      m.cseq = parseCSeq(text) ?? null;
    }
    return m.cseq ?? undefined;
  }

  /** The top (first) Via. */
  get topVia(): Via | undefined {
    const v = this.viewTopVia();
    return v === undefined ? undefined : copyVia(v);
  }

  /** The parsed top Via, shared with this message: read it, do not change it. */
  viewTopVia(): ReadonlyVia | undefined {
    const text = this.headers.getByKey('via');
    if (text === undefined) return undefined;
    const m = this.memo;
    if (text !== m.viaText) {
      m.viaText = text;
      m.via = parseVia(text) ?? null;
    }
    return m.via ?? undefined;
  }

  get vias(): Via[] {
    return this.headers.getAll('Via').flatMap((v) => parseVia(v) ?? []);
  }

  get from(): NameAddr | undefined {
    const v = this.headers.getByKey('from');
    return v === undefined ? undefined : parseNameAddr(v);
  }

  get to(): NameAddr | undefined {
    const v = this.headers.getByKey('to');
    return v === undefined ? undefined : parseNameAddr(v);
  }

  get fromTag(): string | undefined {
    const text = this.headers.getByKey('from');
    if (text === undefined) return undefined;
    const m = this.memo;
    if (text !== m.fromText) {
      m.fromText = text;
      m.fromTag = nameAddrTag(text) ?? undefined;
    }
    return m.fromTag;
  }

  get toTag(): string | undefined {
    const text = this.headers.getByKey('to');
    if (text === undefined) return undefined;
    const m = this.memo;
    if (text !== m.toText) {
      m.toText = text;
      m.toTag = nameAddrTag(text) ?? undefined;
    }
    return m.toTag;
  }

  /**
   * Take over what `other` has parsed, for headers copied from it as they
   * were (a response built from its request, RFC 3261 §8.2.6.2). Only a
   * head start: each entry is used only while the text still matches.
   * @internal
   */
  adoptParsed(other: SipMessageBase): void {
    this.memo.copyFrom(other.memo);
  }

  /** The parser's results for the headers it had to validate anyway (tags: null when none). @internal */
  seedParsed(
    via: { text: string; value: Via },
    fromTag: { text: string; value: string | null },
    toTag: { text: string; value: string | null },
    cseq: { text: string; value: CSeq },
  ): void {
    const m = this.memo;
    m.viaText = via.text;
    m.via = via.value;
    m.fromText = fromTag.text;
    m.fromTag = fromTag.value ?? undefined;
    m.toText = toTag.text;
    m.toTag = toTag.value ?? undefined;
    m.cseqText = cseq.text;
    m.cseq = cseq.value;
  }

  /** Contact values (a '*' Contact yields an empty list). */
  get contacts(): NameAddr[] {
    const out: NameAddr[] = [];
    for (const v of this.headers.getAll('Contact')) {
      if (v.trim() === '*') continue;
      const na = parseNameAddr(v);
      if (na) out.push(na);
    }
    return out;
  }

  /** Max-Forwards as a number 0..255, or undefined when absent or out of range (RFC 3261 §20.22; RFC 4475 §3.1.2.4 says treat it as absent then). */
  get maxForwards(): number | undefined {
    const v = this.headers.get('Max-Forwards');
    if (v === undefined) return undefined;
    const t = v.trim();
    // Leading zeros are fine ("0068", RFC 4475 §3.1.1.1); parseBoundedInt rejects non-digits.
    return t === '' ? undefined : parseBoundedInt(t, 0, t.length, 255);
  }

  get contentType(): string | undefined {
    return this.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  }

  /** Header values split on commas, trimmed, lower-case (Supported, Require, Allow...). */
  tokens(name: string): string[] {
    const out: string[] = [];
    for (const v of this.headers.getAll(name)) {
      let start = 0;
      for (;;) {
        const comma = v.indexOf(',', start);
        const t = v.slice(start, comma < 0 ? v.length : comma).trim().toLowerCase();
        if (t !== '') out.push(t);
        if (comma < 0) break;
        start = comma + 1;
      }
    }
    return out;
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Parsed header values and the text each came from (null: parsed, malformed).
 * From and To keep only their tag: dialog matching reads the tags of every
 * message, the whole name-addr is read once per dialog, and messages stay
 * alive with their transactions for up to 64*T1 (keep the memo small).
 */
class HeaderMemo {
  viaText: string | undefined = undefined;
  via: Via | null = null;
  cseqText: string | undefined = undefined;
  cseq: CSeq | null = null;
  fromText: string | undefined = undefined;
  fromTag: string | undefined = undefined;
  toText: string | undefined = undefined;
  toTag: string | undefined = undefined;

  copyFrom(o: HeaderMemo): void {
    this.viaText = o.viaText;
    this.via = o.via;
    this.cseqText = o.cseqText;
    this.cseq = o.cseq;
    this.fromText = o.fromText;
    this.fromTag = o.fromTag;
    this.toText = o.toText;
    this.toTag = o.toTag;
  }
}


function copyVia(v: ReadonlyVia): Via {
  const via: Via = { protocol: v.protocol, transport: v.transport, host: v.host, params: new Map(v.params) };
  if (v.port !== undefined) via.port = v.port;
  return via;
}


export class SipRequest extends SipMessageBase {
  readonly kind = 'request' as const;
  method: string;
  uri: string;

  constructor(method: string, uri: string, headers?: SipHeaders, body?: Buffer) {
    super(headers, body);
    this.method = method;
    this.uri = uri;
  }

  clone(): SipRequest {
    return new SipRequest(this.method, this.uri, this.headers.clone(), this.body);
  }
}

export class SipResponse extends SipMessageBase {
  readonly kind = 'response' as const;
  status: number;
  reason: string;

  constructor(status: number, reason: string, headers?: SipHeaders, body?: Buffer) {
    super(headers, body);
    this.status = status;
    this.reason = reason;
  }

  clone(): SipResponse {
    return new SipResponse(this.status, this.reason, this.headers.clone(), this.body);
  }
}

export type SipMessage = SipRequest | SipResponse;

export function isRequest(m: SipMessage): m is SipRequest {
  return m.kind === 'request';
}
