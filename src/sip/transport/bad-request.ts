import { randomToken } from '../../base/index.js';
import { SipHeaders, SipResponse, formatNameAddr, parseNameAddr, parseVia } from '../message/index.js';
import { stampReceived } from './via-rules.js';

/**
 * The stateless "400 <reason>" for a request that failed to parse
 * (RFC 3261 §8.2.2 rejects what a UA cannot act on; §16.3 / RFC 4475 show the
 * reason in the phrase). Built only from what the parser could read: a
 * response needs Via, From, To, Call-ID and CSeq (§8.2.6.2). An ACK never gets
 * a response (§17.2.3), and without a readable Via there is nowhere to send one.
 */
export interface ParsePartial {
  isRequest: boolean;
  method?: string;
  headers: SipHeaders;
}

const NEEDED = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];

export function buildBadRequest(
  partial: ParsePartial | undefined,
  reason: string,
  source: { host: string; port: number },
): SipResponse | undefined {
  if (!partial?.isRequest) return undefined;
  if ((partial.method ?? '').toUpperCase() === 'ACK') return undefined;
  const src = partial.headers;
  for (const name of NEEDED) if (!src.has(name)) return undefined;
  if (!parseVia(src.get('Via')!)) return undefined;

  const h = new SipHeaders();
  for (const via of src.getAll('Via')) h.append('Via', via);
  // the request never reached the Via stamping of the intake: do it here so the 400 routes right
  stampReceived(h, source);
  h.append('From', src.get('From')!);
  h.append('To', toWithTag(src.get('To')!));
  h.append('Call-ID', src.get('Call-ID')!);
  h.append('CSeq', src.get('CSeq')!);
  return new SipResponse(statusFor(reason), phraseFrom(reason), h);
}

/** Most parse failures are 400; a SIP version we do not speak is 505 (RFC 3261 §8.2.2, RFC 4475 §3.1.2.16). */
function statusFor(reason: string): number {
  return reason === 'Version Not Supported' ? 505 : 400;
}

/** §8.2.6.2: a UAS response other than 100 carries a To tag. */
function toWithTag(to: string): string {
  const parsed = parseNameAddr(to);
  if (!parsed || parsed.params.has('tag')) return to;
  parsed.params.set('tag', randomToken(10));
  return formatNameAddr(parsed);
}

/** A reason phrase is UTF-8 text without CR or LF (RFC 3261 §25.1 Reason-Phrase). */
function phraseFrom(reason: string): string {
  let clean = '';
  for (const ch of reason) clean += ch < ' ' || ch === '\u007f' ? ' ' : ch;
  clean = clean.trim().slice(0, 100);
  return clean || 'Bad Request';
}
