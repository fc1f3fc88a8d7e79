import { parseNameAddr } from './name-addr.js';
import { SipHeaders } from './sip-headers.js';
import type { CSeq, NameAddr, Via } from './types.js';
import { parseBoundedInt, parseCSeq } from './cseq.js';
import { parseVia } from './via.js';

/**
 * SIP request and response (RFC 3261 §7). Header values are kept as text and
 * parsed on demand by the accessors below, which keeps parsing an INVITE cheap
 * when most headers are only relayed.
 */
abstract class SipMessageBase {
  headers: SipHeaders;
  body: Buffer;

  constructor(headers?: SipHeaders, body?: Buffer) {
    this.headers = headers ?? new SipHeaders();
    this.body = body ?? EMPTY;
  }

  get callId(): string {
    return this.headers.get('Call-ID') ?? '';
  }

  /** Parsed CSeq, or undefined when absent or malformed. */
  get cseq(): CSeq | undefined {
    const v = this.headers.get('CSeq');
    return v === undefined ? undefined : parseCSeq(v);
  }

  /** The top (first) Via. */
  get topVia(): Via | undefined {
    const v = this.headers.get('Via');
    return v === undefined ? undefined : parseVia(v);
  }

  get vias(): Via[] {
    return this.headers.getAll('Via').flatMap((v) => parseVia(v) ?? []);
  }

  get from(): NameAddr | undefined {
    const v = this.headers.get('From');
    return v === undefined ? undefined : parseNameAddr(v);
  }

  get to(): NameAddr | undefined {
    const v = this.headers.get('To');
    return v === undefined ? undefined : parseNameAddr(v);
  }

  get fromTag(): string | undefined {
    return this.from?.params.get('tag') ?? undefined;
  }

  get toTag(): string | undefined {
    return this.to?.params.get('tag') ?? undefined;
  }

  /** Contact values (a '*' Contact yields an empty list). */
  get contacts(): NameAddr[] {
    return this.headers.getAll('Contact').flatMap((v) => (v.trim() === '*' ? [] : (parseNameAddr(v) ?? [])));
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
    return this.headers
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '');
  }
}

const EMPTY = Buffer.alloc(0);

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
