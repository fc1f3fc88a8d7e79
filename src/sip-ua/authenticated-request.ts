import type { DigestClient, ReceivedMessage, SendTarget, SipRequest, SipResponse, TargetIterator } from '../sip/index.js';
import type { UaCore } from './ua-core.js';

/**
 * Send an out-of-dialog request (REGISTER, OPTIONS, SUBSCRIBE, MESSAGE) and
 * see it through: digest challenges answered (401/407, at most a few rounds so a
 * server that rejects our credentials cannot loop us), and failover to the next
 * server on timeout, transport error or 503 (RFC 3263 §4.3).
 */
export type RequestOutcome =
  | { kind: 'response'; response: SipResponse; target: SendTarget; request: SipRequest }
  | { kind: 'auth-failed'; response: SipResponse; reason: string }
  | { kind: 'timeout' | 'transport-error' | 'no-target'; reason: string };

export interface AuthenticatedRequestOptions {
  core: UaCore;
  targets: TargetIterator;
  /** Build the request for one attempt (new CSeq each time; no Via: the transaction adds it). */
  build: (cseq: number, target: SendTarget) => SipRequest;
  /** First CSeq number; later attempts count up. Returns the last used through onCseq. */
  cseq: number;
  onCseq?: (cseq: number) => void;
  auth?: DigestClient;
  onProvisional?: (res: SipResponse) => void;
  /** Most challenge rounds before giving up (default 3). */
  maxAuthRounds?: number;
}

export function sendAuthenticated(opts: AuthenticatedRequestOptions): Promise<RequestOutcome> {
  const { core, targets } = opts;
  let cseq = opts.cseq;
  let authRounds = 0;
  const maxAuthRounds = opts.maxAuthRounds ?? 3;
  let authHeaders: Array<[string, string]> = [];

  return new Promise((resolve) => {
    const attempt = (): void => {
      const cur = targets.current;
      if (!cur) {
        const last = targets.failures.at(-1);
        resolve({
          kind: last?.cause === 'timeout' ? 'timeout' : last ? 'transport-error' : 'no-target',
          reason: last ? `${last.cause} at ${last.target.host}:${last.target.port}` : 'no server address',
        });
        return;
      }
      opts.onCseq?.(cseq);
      const request = opts.build(cseq, cur.target);
      for (const [n, v] of authHeaders) request.headers.append(n, v);
      if (!authHeaders.length && opts.auth) {
        // pre-authorize with a remembered challenge (next nc), saves a round trip
        for (const h of opts.auth.authorize(request)) request.headers.append(h.name, h.value);
      }
      let done = false;
      core.transactions.sendRequest(request, cur.target, {
        onResponse: (rx: ReceivedMessage<SipResponse>) => {
          const res = rx.message;
          if (res.status < 200) {
            opts.onProvisional?.(res);
            return;
          }
          if (done) return;
          done = true;
          if ((res.status === 401 || res.status === 407) && opts.auth) {
            const out = opts.auth.applyCredentials(request, res);
            if (!out.ok) {
              resolve({ kind: 'auth-failed', response: res, reason: out.reason });
              return;
            }
            if (++authRounds > maxAuthRounds) {
              resolve({ kind: 'auth-failed', response: res, reason: 'too many challenges' });
              return;
            }
            authHeaders = out.headers.map((h) => [h.name, h.value]);
            cseq++;
            attempt();
            return;
          }
          if (res.status === 503 && targets.failover('service-unavailable')) {
            cseq++;
            attempt();
            return;
          }
          resolve({ kind: 'response', response: res, target: cur.target, request });
        },
        onTimeout: () => {
          if (done) return;
          done = true;
          targets.failover('timeout');
          cseq++;
          attempt();
        },
        onTransportError: () => {
          if (done) return;
          done = true;
          targets.failover('transport-error');
          cseq++;
          attempt();
        },
      });
    };
    attempt();
  });
}
