import { SipHeaders, SipRequest } from '../message/index.js';

/**
 * A CANCEL for `request` (RFC 3261 §9.1). It reuses the top Via of the request
 * it cancels, so the far end's §9.2 matching finds the INVITE transaction and
 * the CANCEL travels the same path.
 */
export function createCancel(request: SipRequest): SipRequest {
  const h = new SipHeaders();
  // "A CANCEL constructed by a client MUST have only a single Via header field value matching the top Via value in the request being cancelled."
  const via = request.headers.get('Via');
  if (via !== undefined) h.append('Via', via);
  // "If the request being cancelled contains a Route header field, the CANCEL request MUST include that Route header field's values."
  for (const route of request.headers.getAll('Route')) h.append('Route', route);
  h.append('Max-Forwards', '70');
  // "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the CANCEL request MUST be identical to those in the request being cancelled, including tags."
  h.append('From', request.headers.get('From') ?? '');
  h.append('To', request.headers.get('To') ?? '');
  h.append('Call-ID', request.callId);
  h.append('CSeq', `${request.cseq?.seq ?? 0} CANCEL`);
  return new SipRequest('CANCEL', request.uri, h);
}
