import { SipHeaders, SipRequest, type SipResponse } from '../message/index.js';

/**
 * The ACK an INVITE client transaction sends itself for a 300-699 response
 * (RFC 3261 §17.1.1.3). It belongs to the INVITE transaction: same branch,
 * same destination. An ACK for a 2xx is the TU's job and a new transaction.
 */
export function createNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const h = new SipHeaders();
  // "The ACK MUST contain a single Via header field, and this MUST be equal to the top Via header field of the original request."
  const via = invite.headers.get('Via');
  if (via !== undefined) h.append('Via', via);
  // "If the INVITE request whose response is being acknowledged had Route header fields, those header fields MUST appear in the ACK."
  for (const route of invite.headers.getAll('Route')) h.append('Route', route);
  h.append('Max-Forwards', '70');
  // Call-ID, From and Request-URI equal the original request's; "The To header field in the ACK MUST equal the To header field in the response being acknowledged".
  h.append('From', invite.headers.get('From') ?? '');
  h.append('To', response.headers.get('To') ?? invite.headers.get('To') ?? '');
  h.append('Call-ID', invite.callId);
  // same sequence number, "but the method parameter MUST be equal to "ACK""
  h.append('CSeq', `${invite.cseq?.seq ?? 0} ACK`);
  return new SipRequest('ACK', invite.uri, h);
}
