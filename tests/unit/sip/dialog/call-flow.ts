/** Messages shaped like the RFC 3261 §24.2 call flow (Alice -> two proxies -> Bob), for the dialog tests. */
import { parseMessage, type SipRequest, type SipResponse } from '../../../../src/sip/message/index.js';

export function msg(lines: string[]): SipRequest | SipResponse {
  const r = parseMessage(Buffer.from(lines.join('\r\n') + '\r\n\r\n'));
  if (!r.ok) throw new Error(r.reason);
  return r.message;
}

export function inviteFromAlice(extra: string[] = [], uri = 'sip:bob@biloxi.example.com'): SipRequest {
  return msg([
    `INVITE ${uri} SIP/2.0`,
    'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
    'Max-Forwards: 70',
    'To: Bob <sip:bob@biloxi.example.com>',
    'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
    'CSeq: 314159 INVITE',
    'Contact: <sip:alice@pc33.atlanta.example.com>',
    ...extra,
  ]) as SipRequest;
}

export function bobAnswers(status: string, toTag: string, extra: string[] = [], contact = '<sip:bob@192.0.2.4>'): SipResponse {
  return msg([
    `SIP/2.0 ${status}`,
    'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
    `To: Bob <sip:bob@biloxi.example.com>${toTag ? `;tag=${toTag}` : ''}`,
    'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
    'CSeq: 314159 INVITE',
    ...(contact ? [`Contact: ${contact}`] : []),
    ...extra,
  ]) as SipResponse;
}

