import { formatNameAddr } from './name-addr.js';
import { SipRequest, SipResponse } from './message.js';
import { reasonPhrase } from './reason-phrases.js';
import { SipHeaders } from './sip-headers.js';
import type { NameAddr } from './types.js';

/**
 * A response to `req` (RFC 3261 §8.2.6.2): Via (all, in order), From, To,
 * Call-ID and CSeq copied; a To tag added when given and the To has none.
 */
export function createResponse(req: SipRequest, status: number, opts: { reason?: string; toTag?: string } = {}): SipResponse {
  const h = new SipHeaders();
  for (const via of req.headers.getAll('Via')) h.append('Via', via);
  for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
    const v = req.headers.get(name);
    if (v !== undefined) h.append(name, v);
  }
  if (opts.toTag && status !== 100) {
    const to = req.to;
    if (to && !to.params.has('tag')) {
      to.params.set('tag', opts.toTag);
      h.set('To', formatNameAddr(to));
    }
  }
  return new SipResponse(status, opts.reason ?? reasonPhrase(status), h);
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
