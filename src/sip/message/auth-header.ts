import { TOKEN_CHARS, isToken, skipWsp, trimWsp } from './char-classes.js';
import { quoteString, readQuoted } from './params.js';

/**
 * WWW-Authenticate / Proxy-Authenticate challenges and Authorization /
 * Proxy-Authorization credentials (RFC 3261 §20.44, §25.1; RFC 2617 §3.2;
 * RFC 7235 §2.1 token68):
 *   Digest realm="x", nonce="y", qop="auth,auth-int", algorithm=MD5
 * Parameter names are case-insensitive and stored lower-case; each value
 * remembers whether it was quoted, so a value can be echoed back the way the
 * peer wrote it.
 */
export interface AuthParam {
  value: string;
  quoted: boolean;
}

export interface AuthChallenge {
  /** As written ('Digest'); compare case-insensitively. */
  scheme: string;
  params: Map<string, AuthParam>;
  /** RFC 7235 token68 form ("Basic dXNlcjpwYXNz"), when the scheme carries no parameters. */
  token68?: string;
}

/** The first challenge in a header value, or undefined when it is not well-formed. */
export function parseAuthChallenge(value: string): AuthChallenge | undefined {
  return parseAuthChallenges(value)[0];
}

/** Credentials (Authorization, Proxy-Authorization) have the same shape as a challenge. */
export const parseAuthCredentials = parseAuthChallenge;

/**
 * Every challenge in a header value ("Digest realm=a, nonce=b, Basic realm=c"
 * holds two). Parsing stops at the first syntax error; what was read before
 * it is returned.
 */
export function parseAuthChallenges(value: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  const s = value;
  const n = s.length;
  let i = skipWsp(s, 0);
  let current: AuthChallenge | undefined;
  while (i < n) {
    const tokStart = i;
    while (i < n && isTokenChar(s.charCodeAt(i))) i++;
    if (i === tokStart) break;
    const tok = s.slice(tokStart, i);
    const afterTok = skipWsp(s, i);
    if (current && s.charCodeAt(afterTok) === 0x3d) {
      // auth-param = name EQUAL ( token / quoted-string )
      const param = readParamValue(s, skipWsp(s, afterTok + 1));
      if (!param) break;
      const name = tok.toLowerCase();
      if (!current.params.has(name)) current.params.set(name, param.param);
      i = param.end;
    } else {
      // A new scheme; it may be followed by token68 or by parameters.
      current = { scheme: tok, params: new Map() };
      out.push(current);
      i = afterTok;
      const t68 = readToken68(s, i);
      if (t68) {
        current.token68 = t68.value;
        i = t68.end;
      }
    }
    i = skipWsp(s, i);
    if (i < n && s.charCodeAt(i) !== 0x2c && !isTokenChar(s.charCodeAt(i))) break;
    while (i < n && (s.charCodeAt(i) === 0x2c || s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  }
  return out;
}

function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN_CHARS[c] === 1;
}

function readParamValue(s: string, i: number): { param: AuthParam; end: number } | undefined {
  if (s.charCodeAt(i) === 0x22) {
    const q = readQuoted(s, i);
    if (!q.closed) return undefined;
    return { param: { value: q.value, quoted: true }, end: q.end };
  }
  // Token; some servers put unquoted values with '/' or ':' (e.g. uri=sip:x), so read up to ',' or LWS.
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x2c || c === 0x20 || c === 0x09 || c === 0x22) break;
    j++;
  }
  if (j === i) return undefined;
  return { param: { value: s.slice(i, j), quoted: false }, end: j };
}

/** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", standing alone (not name=value). */
function readToken68(s: string, i: number): { value: string; end: number } | undefined {
  let j = i;
  while (j < s.length && isToken68Char(s.charCodeAt(j))) j++;
  if (j === i) return undefined;
  let k = j;
  while (k < s.length && s.charCodeAt(k) === 0x3d) k++;
  const after = skipWsp(s, k);
  if (after < s.length && s.charCodeAt(after) !== 0x2c) return undefined;
  return { value: s.slice(i, k), end: k };
}

function isToken68Char(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e ||
    c === 0x2b ||
    c === 0x2f
  );
}

/** Digest parameters sent as tokens (RFC 2617 §3.2.2: algorithm, nc, qop in credentials; stale). */
const UNQUOTED = new Set(['algorithm', 'stale', 'nc', 'qop']);

/**
 * 'realm="x", nonce="y", algorithm=MD5'. Each value is an AuthParam (quoted
 * as it says) or a plain string, quoted unless the name is one of the Digest
 * token parameters (algorithm, stale, nc, qop). A value that is not a token
 * is always quoted.
 */
export function formatAuthParams(params: Iterable<[string, AuthParam | string]>): string {
  let out = '';
  for (const [name, p] of params) {
    const value = typeof p === 'string' ? p : p.value;
    const quoted = typeof p === 'string' ? !UNQUOTED.has(name.toLowerCase()) : p.quoted;
    if (out !== '') out += ', ';
    out += `${name}=${quoted || !isToken(value) ? quoteString(value) : value}`;
  }
  return out;
}

/** A whole header value: 'Digest realm="x", nonce="y"'. */
export function formatAuthHeader(challenge: AuthChallenge): string {
  if (challenge.token68 !== undefined && challenge.params.size === 0) return `${challenge.scheme} ${challenge.token68}`;
  const params = formatAuthParams(challenge.params);
  return params === '' ? challenge.scheme : `${challenge.scheme} ${params}`;
}

/** Value of one parameter, or undefined. */
export function authParam(challenge: AuthChallenge, name: string): string | undefined {
  return challenge.params.get(name.toLowerCase())?.value;
}

/** Trimmed, lower-case items of a quoted list parameter such as qop="auth,auth-int". */
export function authParamList(challenge: AuthChallenge, name: string): string[] {
  const v = authParam(challenge, name);
  if (v === undefined) return [];
  return v
    .split(',')
    .map((x) => trimWsp(x).toLowerCase())
    .filter((x) => x !== '');
}
