/** Parsed forms of the header values the stack works with (RFC 3261 §19, §20, §25). */

/** Generic parameters: ';name=value' or ';flag' (value null). Keys lower-case. */
export type Params = Map<string, string | null>;

/**
 * sip:, sips: or tel: URI (RFC 3261 §19.1, RFC 3966). `user` and `password`
 * are kept as written, %-escapes included (unescapeUri() reads them, uriEquals
 * compares them unescaped); parameter names/values and headers are stored
 * unescaped and re-escaped by formatUri. For tel: the number is in `user`.
 */
export interface SipUri {
  scheme: 'sip' | 'sips' | 'tel';
  user?: string;
  password?: string;
  /** Host name, IPv4 literal, or IPv6 literal WITHOUT brackets. */
  host: string;
  port?: number;
  params: Params;
  /** URI headers (?name=value&...), e.g. Replaces in a Refer-To; unescaped. */
  headers: Map<string, string>;
}

/** name-addr / addr-spec with header parameters: From, To, Contact, Route... */
export interface NameAddr {
  displayName?: string;
  uri: SipUri;
  params: Params;
}

/** One Via field value (RFC 3261 §20.42). */
export interface Via {
  protocol: string; // 'SIP/2.0'
  transport: string; // upper-case: UDP, TCP, TLS, WS...
  host: string; // without IPv6 brackets
  port?: number;
  params: Params; // branch, received, rport (null when requested), maddr, ttl
}

/** A Via to read only (the parsed top Via a message keeps, SipMessage.viewTopVia()). */
export type ReadonlyVia = Readonly<Omit<Via, 'params'>> & { readonly params: ReadonlyMap<string, string | null> };

export interface CSeq {
  seq: number;
  method: string;
}
