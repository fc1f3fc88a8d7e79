/** Small SIP messages for transport tests. */
import { parseMessage, type SipRequest } from '../../../../src/sip/index.js';

export function requestText(opts: { method?: string; via: string; callId?: string; body?: string; cseq?: number }): string {
  const method = opts.method ?? 'OPTIONS';
  const body = opts.body ?? '';
  return (
    `${method} sip:bob@example.com SIP/2.0\r\n` +
    `Via: ${opts.via}\r\n` +
    `Max-Forwards: 70\r\n` +
    `From: <sip:alice@example.com>;tag=a1\r\n` +
    `To: <sip:bob@example.com>\r\n` +
    `Call-ID: ${opts.callId ?? 'call-1'}\r\n` +
    `CSeq: ${opts.cseq ?? 1} ${method}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
    body
  );
}

export function request(opts: { method?: string; via: string; callId?: string; body?: string; cseq?: number }): SipRequest {
  const r = parseMessage(Buffer.from(requestText(opts)));
  if (!r.ok || r.message.kind !== 'request') throw new Error(`bad sample: ${r.ok ? 'response' : r.reason}`);
  return r.message;
}
