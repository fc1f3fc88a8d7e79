import { BRANCH_COOKIE, type ReadonlyVia, type SipRequest, type SipResponse } from '../message/index.js';

/**
 * The keys a TransactionLayer files its transactions under, so that matching
 * (RFC 3261 §17.1.3 and §17.2.3) is one Map lookup per message.
 */

/**
 * §17.1.3: a response matches a client transaction when its top Via branch
 * equals the request's and "the method parameter in the CSeq header field
 * matches the method of the request that created the transaction" (a CANCEL
 * shares its INVITE's branch, so the method tells them apart).
 */
export function clientKey(branch: string, method: string): string {
  return `${branch}|${method}`;
}

/** The client key of a received response, or undefined when it has no branch or CSeq. */
export function responseKey(response: SipResponse): string | undefined {
  const branch = response.viewTopVia()?.params.get('branch');
  const method = response.viewCSeq()?.method;
  if (!branch || !method) return undefined;
  return clientKey(branch, method);
}

/**
 * §17.2.3: with an RFC 3261 branch (magic cookie), a request matches a server
 * transaction when the branch and the sent-by of the top Via match, and the
 * method matches, "except for ACK, where the method of the request that created
 * the transaction is INVITE". `asMethod` looks up another method's transaction
 * with the same Via (a CANCEL looking for its INVITE, §9.2).
 *
 * Without the cookie (an RFC 2543 peer) this falls back to a simple hash of
 * the fields §17.2.3 lists: Request-URI, From tag, Call-ID, CSeq number and
 * top Via; the To tag is left out so an ACK still finds its INVITE.
 */
export function serverKey(request: SipRequest, asMethod?: string): string | undefined {
  const via = request.viewTopVia();
  const cseq = request.viewCSeq();
  if (!via || !cseq) return undefined;
  let method = asMethod ?? request.method;
  if (method === 'ACK') method = 'INVITE';
  const branch = via.params.get('branch');
  if (branch && branch.startsWith(BRANCH_COOKIE)) return `${branch}|${sentBy(via)}|${method}`;
  return `2543|${request.uri}|${request.fromTag ?? ''}|${request.callId}|${cseq.seq}|${sentBy(via)}|${branch ?? ''}|${method}`;
}

function sentBy(via: ReadonlyVia): string {
  return `${via.host.toLowerCase()}:${via.port ?? ''}`;
}
