import type { Result } from '../../base/index.js';

/**
 * The message-summary event package's body, application/simple-message-summary
 * (RFC 3842 §5.2):
 *
 *   Messages-Waiting: yes
 *   Message-Account: sip:alice@vmail.example.com
 *   Voice-Message: 2/8 (0/2)
 *
 * new/old messages per message-context-class (RFC 3458 §6.2: voice-message,
 * fax-message, pager-message, multimedia-message, text-message, none), urgent
 * ones in parentheses. After a blank line come optional headers of single
 * messages (§5.2 opt-msg-headers), which we skip. Pure: a summary or a reason.
 */

export const MESSAGE_SUMMARY_TYPE = 'application/simple-message-summary';

export interface MessageCounts {
  new: number;
  old: number;
  urgentNew: number;
  urgentOld: number;
}

export interface MessageSummary {
  /** Messages-Waiting: yes (the message light). */
  waiting: boolean;
  /** Message-Account: the mailbox URI, when given. */
  account?: string;
  /** Voice-Message counts (zeros when the line is absent). */
  voice: MessageCounts;
  /** Every class line, keyed by lower-case class name ("voice-message", "fax-message"...). */
  classes: Map<string, MessageCounts>;
}

/** Largest body we read; a summary is a few lines (message headers may follow). */
export const MAX_MESSAGE_SUMMARY_BYTES = 16_384;

/** Counts above this are not believed (msgcount = 1*DIGIT, but a mailbox is not that big). */
const MAX_COUNT = 1_000_000;

export function parseMessageSummary(body: Buffer | string): Result<MessageSummary> {
  if (body.length === 0) return { ok: false, reason: 'empty body' };
  if (body.length > MAX_MESSAGE_SUMMARY_BYTES) return { ok: false, reason: `body of ${body.length} bytes is larger than ${MAX_MESSAGE_SUMMARY_BYTES}` };
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let waiting: boolean | undefined;
  let account: string | undefined;
  const classes = new Map<string, MessageCounts>();
  const lines = text.split(/\r?\n/);
  let started = false;
  for (const line of lines) {
    if (line.trim() === '') {
      // §5.2: the summary ends at the first blank line after it started
      if (started) break;
      continue;
    }
    started = true;
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, reason: `not a "name: value" line: "${clip(line)}"` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'messages-waiting') {
      const v = value.toLowerCase();
      if (v !== 'yes' && v !== 'no') return { ok: false, reason: `Messages-Waiting is "${clip(value)}", not yes or no` };
      waiting = v === 'yes';
    } else if (name === 'message-account') {
      if (value) account = value;
    } else if (/^[a-z0-9-]+$/.test(name)) {
      const counts = parseCounts(value);
      if (counts) classes.set(name, counts);
      // RFC 3458 names a few classes; anything else that does not count messages is an extension we skip
      else if (KNOWN_CLASSES.has(name)) return { ok: false, reason: `bad counts for ${name}: "${clip(value)}"` };
    } else {
      return { ok: false, reason: `bad header name "${clip(line.slice(0, colon))}"` };
    }
  }
  if (waiting === undefined) return { ok: false, reason: 'no Messages-Waiting line' };
  const summary: MessageSummary = { waiting, voice: classes.get('voice-message') ?? zeroCounts(), classes };
  if (account !== undefined) summary.account = account;
  return { ok: true, value: summary };
}

const KNOWN_CLASSES: ReadonlySet<string> = new Set([
  'voice-message',
  'fax-message',
  'pager-message',
  'multimedia-message',
  'text-message',
  'none',
]);

/** newmsgs SLASH oldmsgs [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ] (§5.2, SWS allowed around the separators). */
function parseCounts(value: string): MessageCounts | undefined {
  const m = /^(\d{1,9})\s*\/\s*(\d{1,9})(?:\s*\(\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*\))?$/.exec(value);
  if (!m) return undefined;
  const n = [m[1], m[2], m[3] ?? '0', m[4] ?? '0'].map(Number) as [number, number, number, number];
  if (n.some((x) => x > MAX_COUNT)) return undefined;
  return { new: n[0], old: n[1], urgentNew: n[2], urgentOld: n[3] };
}

function zeroCounts(): MessageCounts {
  return { new: 0, old: 0, urgentNew: 0, urgentOld: 0 };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}
