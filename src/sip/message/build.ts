import { formatNameAddr } from './name-addr.js';
import { SipRequest, SipResponse } from './message.js';
import { reasonPhrase } from './reason-phrases.js';
import { SipHeaders } from './sip-headers.js';
import type { NameAddr } from './types.js';

/**
 * A response to `req` (RFC 3261 §8.2.6): every Via in order, From, To,
 * Call-ID and CSeq copied as written (§8.2.6.2); a To tag added when given,
 * the To has none and the status is not 100 (the 100 Trying is sent before a
 * dialog exists); Timestamp copied into a 100 (§8.2.6.1). The tag is appended
 * to the request's To text so everything else in it stays byte-identical.
 */
export function createResponse(req: SipRequest, status: number, opts: { reason?: string; toTag?: string } = {}): SipResponse {
  const h = new SipHeaders();
  for (const via of req.headers.getAll('Via')) h.append('Via', via);
  const from = req.headers.get('From');
  if (from !== undefined) h.append('From', from);
  const to = req.headers.get('To');
  if (to !== undefined) {
    const addTag = opts.toTag !== undefined && opts.toTag !== '' && status !== 100 && req.toTag === undefined;
    h.append('To', addTag ? `${to};tag=${opts.toTag}` : to);
  }
  const callId = req.headers.get('Call-ID');
  if (callId !== undefined) h.append('Call-ID', callId);
  const cseq = req.headers.get('CSeq');
  if (cseq !== undefined) h.append('CSeq', cseq);
  if (status === 100) {
    const ts = req.headers.get('Timestamp');
    if (ts !== undefined) h.append('Timestamp', ts);
  }
  const res = new SipResponse(status, opts.reason ?? reasonPhrase(status), h);
  res.adoptParsed(req);
  return res;
}

export interface RequestParts {
  method: string;
  uri: string;
  from: NameAddr;
  to: NameAddr;
  callId: string;
  cseq: number;
  /** Route set, in order, as header values. */
  route?: string[];
  contact?: NameAddr;
  maxForwards?: number;
  extraHeaders?: Array<[string, string]>;
  body?: Buffer;
  contentType?: string;
}

/**
 * A new out-of-dialog or in-dialog request (RFC 3261 §8.1.1). The Via is added
 * later by the transaction layer, which owns the branch.
 */
export function createRequest(p: RequestParts): SipRequest {
  const h = new SipHeaders();
  for (const r of p.route ?? []) h.append('Route', r);
  h.append('Max-Forwards', String(p.maxForwards ?? 70));
  h.append('From', formatNameAddr(p.from));
  h.append('To', formatNameAddr(p.to));
  h.append('Call-ID', p.callId);
  h.append('CSeq', `${p.cseq} ${p.method}`);
  if (p.contact) h.append('Contact', formatNameAddr(p.contact));
  for (const [n, v] of p.extraHeaders ?? []) h.append(n, v);
  if (p.body && p.body.length > 0) h.append('Content-Type', p.contentType ?? 'application/sdp');
  return new SipRequest(p.method, p.uri, h, p.body);
}
