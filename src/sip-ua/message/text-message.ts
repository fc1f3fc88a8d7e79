import {
  DigestClient,
  createRequest,
  formatUri,
  makeUri,
  type NameAddr,
  type SipRequest,
  type SipUri,
  type TargetIterator,
  type TransportProtocol,
} from '../../sip/index.js';
import { sendAuthenticated } from '../authenticated-request.js';
import type { UaCore } from '../ua-core.js';

/**
 * Text messages (the manual's "SMS": SIP MESSAGE, RFC 3428) in plain text.
 *
 * RFC 3428 §8: a MESSAGE over a transport without congestion control must
 * stay under 1300 bytes, and the sender cannot know every hop's transport,
 * so the body is limited to TEXT_MESSAGE_MAX_BYTES of UTF-8 both ways.
 */
export const TEXT_MESSAGE_MAX_BYTES = 1300;

/** RFC 3994 typing indications: taken (200) and dropped, the LCD has nowhere to show them. */
const IS_COMPOSING = 'application/im-iscomposing+xml';

/** The sending line: who we are, our credentials and servers (a line's subscription identity fits). */
export interface TextMessageLine {
  core: UaCore;
  user: string;
  domain: string;
  displayName?: string;
  password: string;
  authName?: string;
  transport: TransportProtocol;
  locate: () => Promise<TargetIterator>;
  /** Route header values (outbound proxy). */
  route?: string[];
}

export type TextMessageOutcome = { ok: true; status: number } | { ok: false; reason: string; status?: number };

/** Send `text` to `to` as one MESSAGE, answering digest challenges (RFC 3428 §4, RFC 3261 §22). */
export async function sendTextMessage(line: TextMessageLine, to: SipUri, text: string): Promise<TextMessageOutcome> {
  const body = Buffer.from(text, 'utf8');
  if (body.length === 0) return { ok: false, reason: 'the message is empty' };
  if (body.length > TEXT_MESSAGE_MAX_BYTES) return { ok: false, reason: `the message is ${body.length} bytes; at most ${TEXT_MESSAGE_MAX_BYTES} (RFC 3428 §8)` };
  const { core } = line;
  let targets: TargetIterator;
  try {
    targets = await line.locate();
  } catch (err) {
    return { ok: false, reason: `server lookup failed: ${String(err)}` };
  }
  const callId = core.newCallId();
  const fromTag = core.newTag();
  const auth = new DigestClient({
    credentials: { username: line.user, password: line.password, ...(line.authName ? { authUsername: line.authName } : {}) },
  });
  const outcome = await sendAuthenticated({
    core,
    targets,
    auth,
    cseq: 1,
    build: (cseq) =>
      createRequest({
        method: 'MESSAGE',
        uri: formatUri(to),
        from: {
          ...(line.displayName ? { displayName: line.displayName } : {}),
          uri: makeUri({ user: line.user, host: line.domain }),
          params: new Map([['tag', fromTag]]),
        },
        to: { uri: to, params: new Map() },
        callId,
        cseq,
        ...(line.route ? { route: line.route } : {}),
        extraHeaders: [['User-Agent', core.userAgent]],
        body,
        contentType: 'text/plain;charset=UTF-8',
      }),
  });
  if (outcome.kind !== 'response') return { ok: false, reason: outcome.reason };
  const res = outcome.response;
  // §7: 2xx is delivered (202: accepted for later delivery); anything else is a failure
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  return { ok: false, reason: `${res.status} ${res.reason}`, status: res.status };
}

/** What a received MESSAGE carries, or how to refuse it. */
export type ReceivedText =
  | { kind: 'text'; from: NameAddr | undefined; text: string }
  | { kind: 'ignored'; why: string }
  | { kind: 'refused'; status: number; reason: string; headers?: Array<[string, string]> };

/** Read a MESSAGE we were sent (RFC 3428 §7): plain text only, within the size limit, valid UTF-8. */
export function readTextMessage(req: SipRequest): ReceivedText {
  const type = req.contentType;
  if (type === IS_COMPOSING) return { kind: 'ignored', why: 'typing indication (RFC 3994)' };
  if (type !== 'text/plain') {
    return { kind: 'refused', status: 415, reason: 'Unsupported Media Type', headers: [['Accept', 'text/plain']] };
  }
  const body = req.body ?? Buffer.alloc(0);
  if (body.length > TEXT_MESSAGE_MAX_BYTES) return { kind: 'refused', status: 413, reason: 'Request Entity Too Large' };
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers.get('Content-Type') ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'us-ascii') {
    return { kind: 'refused', status: 415, reason: 'Unsupported Media Type', headers: [['Accept', 'text/plain;charset=UTF-8']] };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (text.trim() === '') return { kind: 'ignored', why: 'empty message' };
  return { kind: 'text', from: req.from, text };
}
