import type { SipRequest } from '../../sip/index.js';

/** How the caller asked us to answer by ourselves. */
export interface AutoAnswerRequest {
  /** The header that asked. */
  via: 'Answer-Mode' | 'Priv-Answer-Mode' | 'Alert-Info' | 'Call-Info';
  /** Seconds to wait before answering (answer-after / delay; 0 = at once). */
  delayS: number;
}

/** Longest answer-after we take from a caller: beyond that it is just a ringing call. */
const MAX_DELAY_S = 60;

/**
 * What an INVITE says about answering (intercom and paging calls from a PBX):
 *  - `Answer-Mode: Auto` / `Priv-Answer-Mode: Auto` (RFC 5373 §4);
 *  - `Call-Info: <uri>;answer-after=N` (the draft-ietf-sip-answermode form
 *    Snom, Cisco and Asterisk's Page() send);
 *  - `Alert-Info: <uri>;info=alert-autoanswer` (Polycom, Yealink; also
 *    `info=intercom` / `info=auto-answer`, with `;delay=N`), or
 *    `Alert-Info: ...;answer-after=N`, or Aastra's `Alert-Info: Ring Answer`.
 * Undefined when it asks nothing.
 */
export function autoAnswerRequest(req: SipRequest): AutoAnswerRequest | undefined {
  for (const name of ['Answer-Mode', 'Priv-Answer-Mode'] as const) {
    const value = req.headers.get(name);
    if (value && /^\s*auto\b/i.test(value)) return { via: name, delayS: 0 };
  }
  for (const value of req.headers.getAll('Call-Info')) {
    const after = /;\s*answer-after\s*=\s*"?(\d+)/i.exec(value);
    if (after) return { via: 'Call-Info', delayS: delay(after[1]!) };
  }
  for (const value of req.headers.getAll('Alert-Info')) {
    const after = /;\s*answer-after\s*=\s*"?(\d+)/i.exec(value);
    if (after) return { via: 'Alert-Info', delayS: delay(after[1]!) };
    if (/(?:^|;)\s*info\s*=\s*"?(alert-autoanswer|intercom|auto-?answer)\b/i.test(value) || /^\s*ring answer\s*$/i.test(value)) {
      const d = /;\s*delay\s*=\s*"?(\d+)/i.exec(value);
      return { via: 'Alert-Info', delayS: d ? delay(d[1]!) : 0 };
    }
  }
  return undefined;
}

/** RFC 5373 §4: `Answer-Mode: Manual` asks the callee not to answer by itself. */
export function manualAnswerRequested(req: SipRequest): boolean {
  return /^\s*manual\b/i.test(req.headers.get('Answer-Mode') ?? '');
}

function delay(text: string): number {
  return Math.min(MAX_DELAY_S, Number(text));
}
