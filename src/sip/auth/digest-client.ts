import { randomToken } from '../../base/index.js';
import { authParam, parseAuthChallenges, type SipRequest, type SipResponse } from '../message/index.js';
import { lookupDigestAlgorithm } from './digest-algorithm.js';
import { toDigestChallenge, type DigestChallenge, type DigestQop } from './digest-challenge.js';
import { computeDigest, formatDigestCredentials } from './digest-response.js';

/**
 * Client side of SIP Digest authentication for one account (RFC 3261 §22,
 * RFC 8760, RFC 7616). It remembers the last challenge per realm so later
 * requests can be pre-authorized with the next nonce count (RFC 3261 §22.3),
 * answers stale=true without counting a failure (RFC 7616 §3.3 "stale"), and
 * reports 'auth-failed' once an answer to a challenge is itself rejected for
 * the same realm without stale: the credentials were refused twice (the first
 * challenge, then our answer), so the registration layer shows the manual's
 * failed state instead of looping.
 *
 * Build, then send: this object never touches CSeq, Via or the transaction.
 * The caller (UA layer) makes the retry: copy the request, new CSeq (RFC 3261
 * §22.2 "increment the CSeq"), new branch, REMOVE every Authorization and
 * Proxy-Authorization header, then append the returned headers in order. The
 * returned list is complete for the retry (challenged realms plus the realms
 * the rejected request already carried, with their next nc).
 */

export interface DigestCredentials {
  /** SIP user name (From user part). */
  username: string;
  password: string;
  /** The manual's "Authenticate Name"; used in the digest when set. */
  authUsername?: string;
}

export type AuthHeaderName = 'Authorization' | 'Proxy-Authorization';

export interface AuthHeader {
  name: AuthHeaderName;
  value: string;
  realm: string;
}

export type AuthFailure =
  /** Not a 401/407, or one without any WWW-/Proxy-Authenticate. */
  | 'no-challenge'
  /** Only challenges we cannot answer (Basic, unknown algorithm or qop). */
  | 'no-supported-challenge'
  /** Our answer to a challenge was rejected without stale=true. */
  | 'auth-failed'
  /** The server kept saying stale=true (bounded, so a broken server cannot loop us). */
  | 'stale-loop';

export type AuthOutcome =
  | { ok: true; headers: AuthHeader[] }
  | { ok: false; reason: AuthFailure; realm?: string };

export interface DigestClientOptions {
  credentials: DigestCredentials;
  /** cnonce source; random 16 characters by default. Tests pass a fixed one. */
  makeCnonce?: () => string;
  /** Answer qop=auth-int when both are offered (default: auth, which survives body rewriting). */
  preferAuthInt?: boolean;
  /** Consecutive stale=true answers per realm before giving up (default 3). */
  maxStaleRetries?: number;
}

interface RealmState {
  headerName: AuthHeaderName;
  challenge: DigestChallenge;
  /** Last nonce count used with challenge.nonce. */
  nc: number;
  /** One cnonce per nonce, so a -sess HA1 stays the same for the whole nonce. */
  cnonce: string;
  /**
   * response= values we sent in answer to `challenge` (each is unique per nc
   * and cnonce), to recognise a rejection of our own answer. Last few only.
   */
  answered: string[];
  staleInRow: number;
}

const CHALLENGE_HEADERS: ReadonlyArray<[string, AuthHeaderName]> = [
  ['Proxy-Authenticate', 'Proxy-Authorization'],
  ['WWW-Authenticate', 'Authorization'],
];

export class DigestClient {
  private credentials: DigestCredentials;
  private readonly makeCnonce: () => string;
  private readonly preferAuthInt: boolean;
  private readonly maxStaleRetries: number;
  private readonly realms = new Map<string, RealmState>();

  constructor(opts: DigestClientOptions) {
    this.credentials = { ...opts.credentials };
    this.makeCnonce = opts.makeCnonce ?? (() => randomToken(16));
    this.preferAuthInt = opts.preferAuthInt ?? false;
    this.maxStaleRetries = opts.maxStaleRetries ?? 3;
  }

  /** New credentials (the account was edited): every remembered challenge is dropped. */
  setCredentials(credentials: DigestCredentials): void {
    this.credentials = { ...credentials };
    this.realms.clear();
  }

  /** Forget one realm, or all. */
  forget(realm?: string): void {
    if (realm === undefined) this.realms.clear();
    else for (const [k, s] of this.realms) if (s.challenge.realm === realm) this.realms.delete(k);
  }

  /** Realms with a remembered challenge. */
  knownRealms(): string[] {
    return [...this.realms.values()].map((s) => s.challenge.realm);
  }

  /**
   * Answer a 401/407 to `request`. On success, the headers for the retry
   * (see the file comment for what the caller does with them).
   */
  applyCredentials(request: SipRequest, response: SipResponse): AuthOutcome {
    if (response.status !== 401 && response.status !== 407) return { ok: false, reason: 'no-challenge' };
    const chosen = this.chooseChallenges(response);
    if (chosen === 'none') return { ok: false, reason: 'no-challenge' };
    if (chosen.length === 0) return { ok: false, reason: 'no-supported-challenge' };

    const sent = sentCredentials(request);
    const headers: AuthHeader[] = [];
    const challenged = new Set<string>();
    for (const { headerName, challenge } of chosen) {
      const key = stateKey(headerName, challenge.realm);
      challenged.add(key);
      const prev = this.realms.get(key);
      const ours = prev !== undefined && sent.some((s) => s.realm === challenge.realm && prev.answered.includes(s.response));
      let staleInRow = 0;
      if (ours) {
        if (!challenge.stale) {
          // RFC 3261 §22.2: the server refused the credentials we computed for its
          // challenge; trying again with the same password would only loop.
          this.realms.delete(key);
          return { ok: false, reason: 'auth-failed', realm: challenge.realm };
        }
        staleInRow = prev!.staleInRow + 1;
        if (staleInRow > this.maxStaleRetries) {
          this.realms.delete(key);
          return { ok: false, reason: 'stale-loop', realm: challenge.realm };
        }
      }
      const state: RealmState = {
        headerName,
        challenge,
        nc: prev && prev.challenge.nonce === challenge.nonce ? prev.nc : 0,
        cnonce: prev && prev.challenge.nonce === challenge.nonce ? prev.cnonce : this.makeCnonce(),
        staleInRow,
        answered: prev && prev.challenge.nonce === challenge.nonce ? prev.answered : [],
      };
      this.realms.set(key, state);
      const header = this.credentialsFor(state, request);
      state.answered = [...state.answered.slice(-3), header.response];
      headers.push(publicHeader(header));
    }
    // realms the rejected request already carried and that were not challenged
    // again (a proxy passed us, the registrar challenged): keep them, next nc
    for (const [key, state] of this.realms) {
      if (challenged.has(key)) continue;
      if (sent.some((s) => s.realm === state.challenge.realm && s.headerName === state.headerName)) {
        headers.push(publicHeader(this.credentialsFor(state, request)));
      }
    }
    return { ok: true, headers };
  }

  /**
   * Pre-authorization (RFC 3261 §22.3): credentials for every remembered realm
   * (or the ones named), with the next nonce count. Empty when nothing is known.
   */
  authorize(request: SipRequest, realms?: string[]): AuthHeader[] {
    const out: AuthHeader[] = [];
    for (const state of this.realms.values()) {
      if (realms && !realms.includes(state.challenge.realm)) continue;
      // Without qop (RFC 2069) a pre-authorization is byte-identical to our last
      // answer, so a later rejection could not be told apart: treat it as fresh.
      if (state.challenge.qop.length === 0) state.answered = [];
      out.push(publicHeader(this.credentialsFor(state, request)));
    }
    return out;
  }

  /** Strongest answerable challenge per (header, realm); 'none' when no challenge header at all. */
  private chooseChallenges(response: SipResponse): Array<{ headerName: AuthHeaderName; challenge: DigestChallenge }> | 'none' {
    let sawAny = false;
    const best = new Map<string, { headerName: AuthHeaderName; challenge: DigestChallenge; strength: number }>();
    for (const [challengeHeader, headerName] of CHALLENGE_HEADERS) {
      for (const value of response.headers.getAll(challengeHeader)) {
        for (const c of parseAuthChallenges(value)) {
          sawAny = true;
          const r = toDigestChallenge(c);
          if (!r.ok) continue;
          const strength = lookupDigestAlgorithm(r.value.algorithm)?.strength ?? 0;
          const key = stateKey(headerName, r.value.realm);
          const cur = best.get(key);
          // RFC 7616 §3.7 lets local policy override "first supported": we take the
          // strongest hash, and the server's order among equals.
          if (!cur || strength > cur.strength) best.set(key, { headerName, challenge: r.value, strength });
        }
      }
    }
    if (!sawAny) return 'none';
    return [...best.values()].map(({ headerName, challenge }) => ({ headerName, challenge }));
  }

  private credentialsFor(state: RealmState, request: SipRequest): AuthHeader & { response: string } {
    state.nc += 1;
    const qop = this.pickQop(state.challenge.qop);
    const inputs = {
      challenge: state.challenge,
      method: request.method,
      uri: request.uri,
      username: this.credentials.authUsername || this.credentials.username,
      password: this.credentials.password,
      body: request.body,
      qop,
      cnonce: state.cnonce,
      nc: state.nc,
    };
    const answer = computeDigest(inputs);
    return {
      name: state.headerName,
      value: formatDigestCredentials(inputs, answer),
      realm: state.challenge.realm,
      response: answer.response,
    };
  }

  private pickQop(offered: DigestQop[]): DigestQop | undefined {
    if (offered.length === 0) return undefined;
    if (this.preferAuthInt && offered.includes('auth-int')) return 'auth-int';
    return offered.includes('auth') ? 'auth' : 'auth-int';
  }
}

function publicHeader(h: AuthHeader): AuthHeader {
  return { name: h.name, value: h.value, realm: h.realm };
}

function stateKey(headerName: AuthHeaderName, realm: string): string {
  return `${headerName}\n${realm}`;
}

interface SentCredentials {
  headerName: AuthHeaderName;
  realm: string;
  response: string;
}

/** The Digest credentials a request carried (same syntax as a challenge). */
function sentCredentials(request: SipRequest): SentCredentials[] {
  const out: SentCredentials[] = [];
  for (const headerName of ['Authorization', 'Proxy-Authorization'] as const) {
    for (const value of request.headers.getAll(headerName)) {
      for (const c of parseAuthChallenges(value)) {
        if (c.scheme.toLowerCase() !== 'digest') continue;
        out.push({
          headerName,
          realm: authParam(c, 'realm') ?? '',
          response: (authParam(c, 'response') ?? '').toLowerCase(),
        });
      }
    }
  }
  return out;
}
