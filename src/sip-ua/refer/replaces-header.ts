import { parseParamsStrict, type DialogId } from '../../sip/index.js';

/**
 * The Replaces header (RFC 3891 §6.1):
 *   Replaces: 98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only
 * It names one dialog as its receiver sees it: the receiver compares to-tag
 * with its local tag and from-tag with its remote tag (§3).
 */
export interface ReplacesHeader {
  callId: string;
  toTag: string;
  fromTag: string;
  /** Only an early dialog may be replaced (§3: a confirmed one gets 486). */
  earlyOnly: boolean;
}

/** Parse a Replaces value; undefined when the Call-ID or either tag is missing (§6.1 makes both mandatory). */
export function parseReplaces(text: string): ReplacesHeader | undefined {
  const s = text.trim();
  // callid = word [ "@" word ]: no ';' and no whitespace (RFC 3261 §25.1)
  let end = 0;
  while (end < s.length && s.charCodeAt(end) !== 0x3b && s.charCodeAt(end) > 0x20) end++;
  if (end === 0) return undefined;
  const params = parseParamsStrict(s, end);
  if (!params) return undefined;
  const toTag = params.get('to-tag');
  const fromTag = params.get('from-tag');
  if (!toTag || !fromTag) return undefined;
  return { callId: s.slice(0, end), toTag, fromTag, earlyOnly: params.has('early-only') };
}

export function formatReplaces(r: ReplacesHeader): string {
  return `${r.callId};to-tag=${r.toTag};from-tag=${r.fromTag}${r.earlyOnly ? ';early-only' : ''}`;
}

/**
 * The Replaces value that names one of OUR dialogs for a third party that
 * will send it to our peer (attended transfer, RFC 5589 §7): the peer's
 * local tag is our remote tag, so to-tag = remote, from-tag = local.
 */
export function replacesForDialog(id: DialogId, earlyOnly = false): ReplacesHeader {
  return { callId: id.callId, toTag: id.remoteTag, fromTag: id.localTag, earlyOnly };
}

/** Does a Replaces value received by us name this dialog of ours (§3)? */
export function replacesMatches(r: ReplacesHeader, id: DialogId): boolean {
  return r.callId === id.callId && r.toTag === id.localTag && r.fromTag === id.remoteTag;
}
