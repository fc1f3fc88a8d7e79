import type { DigestClient, ReceivedMessage, SendTarget, SipRequest, SipResponse, TargetIterator } from '../sip/index.js';
import type { UaCore } from './ua-core.js';

/**
 * Send an out-of-dialog request (REGISTER, OPTIONS, SUBSCRIBE, MESSAGE) and
 * see it through: digest challenges answered (401/407, at most a few rounds so a
 * server that rejects our credentials cannot loop us), and failover to the next
 * server on timeout, transport error or 503 (RFC 3263 §4.3).
 */
export type RequestOutcome =
  | {
      kind: 'response';
      response: SipResponse;
      target: SendTarget;
      request: SipRequest;
      /** Which server answered ("primary", "secondary", ...: the TargetIterator's group label). */
      label: string;
      /** TCP/TLS: the connection the final response came on (the registration's flow). */
      connectionId?: string;
    }
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
  // why each target we gave up on failed, so the line status can say more than "transport error"
  const why: string[] = [];

  return new Promise((resolve) => {
    const attempt = (): void => {
      const cur = targets.current;
      if (!cur) {
        const last = targets.failures.at(-1);
        const tried = targets.failures.length;
        resolve({
          kind: last?.cause === 'timeout' ? 'timeout' : last ? 'transport-error' : 'no-target',
          reason: last ? `${tried > 1 ? `all ${tried} servers failed; last: ` : ''}${why.at(-1)}` : 'no server address',
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
      const server = `${cur.label} server`;
      const where = `${cur.target.protocol.toUpperCase()} ${cur.target.host}:${cur.target.port}`;
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
              resolve({ kind: 'auth-failed', response: res, reason: authFailureText(out.reason, res, out.realm) });
              return;
            }
            if (++authRounds > maxAuthRounds) {
              resolve({ kind: 'auth-failed', response: res, reason: `${res.status} ${res.reason}: too many challenges` });
              return;
            }
            authHeaders = out.headers.map((h) => [h.name, h.value]);
            cseq++;
            attempt();
            return;
          }
          if (res.status === 503 && targets.failover('service-unavailable')) {
            why.push(`${server}: 503 ${res.reason} from ${where}`);
            cseq++;
            attempt();
            return;
          }
          const outcome: RequestOutcome = { kind: 'response', response: res, target: cur.target, request, label: cur.label };
          if (rx.connectionId !== undefined) outcome.connectionId = rx.connectionId;
          resolve(outcome);
        },
        onTimeout: () => {
          if (done) return;
          done = true;
          // RFC 3261 §8.1.3.1: a timeout counts as 408; RFC 3263 §4.3: try the next server
          why.push(`${server}: no answer from ${where}`);
          targets.failover('timeout');
          cseq++;
          attempt();
        },
        onTransportError: (_tx, error) => {
          if (done) return;
          done = true;
          why.push(`${server}: ${error.message}`);
          targets.failover('transport-error');
          cseq++;
          attempt();
        },
      });
    };
    attempt();
  });
}

function authFailureText(reason: string, res: SipResponse, realm: string | undefined): string {
  const status = `${res.status} ${res.reason}`;
  const inRealm = realm ? ` for realm "${realm}"` : '';
  switch (reason) {
    case 'auth-failed':
      return `${status}: credentials rejected${inRealm} (wrong user name or password?)`;
    case 'no-supported-challenge':
      return `${status}: no digest challenge we can answer`;
    case 'stale-loop':
      return `${status}: server keeps saying stale nonce${inRealm}`;
    default:
      return `${status} without a challenge`;
  }
}
