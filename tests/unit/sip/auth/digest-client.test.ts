/**
 * Proves DigestClient against a small Digest server written here from RFC 7616
 * §3.4 (independent of the client's hashing code): round trips for every
 * algorithm and qop (auth, auth-int over a body, none); strongest-challenge
 * choice (§3.7); pre-authorization with a growing nc (RFC 3261 §22.3); stale
 * handling; "auth failed" after the answer itself is refused; 407 and mixed
 * proxy + registrar realms; the Authenticate Name; userhash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestClient, type AuthHeader } from '../../../../src/sip/auth/index.js';
import { parseAuthChallenges, SipHeaders, SipRequest, SipResponse } from '../../../../src/sip/message/index.js';

const HASH: Record<string, string> = { md5: 'md5', 'sha-256': 'sha256', 'sha-512-256': 'sha512-256' };

/** A verifying server for one realm: issues nonces and checks answers. */
class TestServer {
  private nonceNo = 0;
  nonce = '';
  lastNc = new Map<string, number>();
  constructor(
    readonly realm: string,
    readonly users: Record<string, string>,
    readonly algorithm = 'MD5',
    readonly qop: string | undefined = 'auth',
  ) {
    this.newNonce();
  }
  newNonce(): string {
    this.nonce = `nonce-${++this.nonceNo}-${this.realm}`;
    return this.nonce;
  }
  challenge(stale = false): string {
    return (
      `Digest realm="${this.realm}", nonce="${this.nonce}", algorithm=${this.algorithm}, opaque="op1"` +
      (this.qop ? `, qop="${this.qop}"` : '') +
      (stale ? ', stale=true' : '')
    );
  }
  /** RFC 7616 §3.4.1 recomputed from the header params; true when the answer is right. */
  verify(req: SipRequest, headerName: string): boolean {
    const value = req.headers.getAll(headerName).find((v) => v.includes(`realm="${this.realm}"`));
    if (!value) return false;
    const params = parseAuthChallenges(value)[0]!.params;
    const p = { get: (name: string): string | undefined => params.get(name)?.value };
    const alg = (p.get('algorithm') ?? 'MD5').toLowerCase();
    const sess = alg.endsWith('-sess');
    const hash = HASH[sess ? alg.slice(0, -5) : alg]!;
    const H = (s: string | Buffer): string => createHash(hash).update(s).digest('hex');
    let username = p.get('username')!;
    if (p.get('userhash') === 'true') {
      username = Object.keys(this.users).find((u) => H(`${u}:${this.realm}`) === username) ?? '';
    }
    const password = this.users[username];
    if (password === undefined || p.get('nonce') !== this.nonce || p.get('opaque') !== 'op1') return false;
    if (p.get('uri') !== req.uri) return false;
    let ha1 = H(`${username}:${this.realm}:${password}`);
    if (sess) ha1 = H(`${ha1}:${this.nonce}:${p.get('cnonce')}`);
    const qop = p.get('qop');
    const ha2 = H(qop === 'auth-int' ? `${req.method}:${req.uri}:${H(req.body)}` : `${req.method}:${req.uri}`);
    const expected = qop
      ? H(`${ha1}:${this.nonce}:${p.get('nc')}:${p.get('cnonce')}:${qop}:${ha2}`)
      : H(`${ha1}:${this.nonce}:${ha2}`);
    if (qop) {
      // nonce count must grow (RFC 7616 §3.4 "nc")
      const nc = parseInt(p.get('nc')!, 16);
      if (nc <= (this.lastNc.get(this.nonce) ?? 0)) return false;
      this.lastNc.set(this.nonce, nc);
    }
    return expected === p.get('response');
  }
}

let cseq = 1;
function register(body?: string): SipRequest {
  const h = new SipHeaders()
    .append('From', '<sip:1001@pbx.test>;tag=a')
    .append('To', '<sip:1001@pbx.test>')
    .append('Call-ID', 'reg-1')
    .append('CSeq', `${cseq++} ${body ? 'INVITE' : 'REGISTER'}`);
  return new SipRequest(body ? 'INVITE' : 'REGISTER', 'sip:pbx.test', h, body ? Buffer.from(body) : undefined);
}

function response(status: number, challenges: Array<[string, string]>): SipResponse {
  const h = new SipHeaders();
  for (const [n, v] of challenges) h.append(n, v);
  return new SipResponse(status, status === 401 ? 'Unauthorized' : 'Proxy Authentication Required', h);
}

/** The retry as the UA layer builds it: old auth headers out, new ones in. */
function retry(req: SipRequest, headers: AuthHeader[]): SipRequest {
  const r = req.clone();
  r.headers.remove('Authorization');
  r.headers.remove('Proxy-Authorization');
  for (const h of headers) r.headers.append(h.name, h.value);
  return r;
}

function answer(client: DigestClient, req: SipRequest, res: SipResponse): SipRequest {
  const out = client.applyCredentials(req, res);
  if (!out.ok) throw new Error(out.reason);
  return retry(req, out.headers);
}

const ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess'];

describe('round trips against the test server', () => {
  for (const algorithm of ALGORITHMS) {
    for (const qop of ['auth', 'auth-int', undefined]) {
      it(`${algorithm} qop=${qop ?? 'none'}`, () => {
        const server = new TestServer('pbx.test', { '1001': 'secret' }, algorithm, qop);
        const client = new DigestClient({ credentials: { username: '1001', password: 'secret' } });
        const req = register(qop === 'auth-int' ? 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' : undefined);
        const second = answer(client, req, response(401, [['WWW-Authenticate', server.challenge()]]));
        expect(server.verify(second, 'Authorization')).toBe(true);
        // the body is covered by auth-int only: a changed body must fail there
        const tampered = second.clone();
        tampered.body = Buffer.from('v=0\r\n');
        const fresh = new TestServer('pbx.test', { '1001': 'secret' }, algorithm, qop);
        fresh.nonce = server.nonce;
        expect(fresh.verify(tampered, 'Authorization')).toBe(qop !== 'auth-int');
        // pre-authorization of the next request uses the next nc
        const next = retry(register(), client.authorize(register()));
        expect(server.verify(next, 'Authorization')).toBe(true);
        if (qop) expect(next.headers.get('Authorization')).toContain('nc=00000002');
      });
    }
  }

  it('a wrong password does not verify', () => {
    const server = new TestServer('pbx.test', { '1001': 'secret' });
    const client = new DigestClient({ credentials: { username: '1001', password: 'wrong' } });
    const req = answer(client, register(), response(401, [['WWW-Authenticate', server.challenge()]]));
    expect(server.verify(req, 'Authorization')).toBe(false);
  });
});

describe('choosing among challenges (RFC 7616 §3.7)', () => {
  it('takes SHA-256 over MD5 whatever the order, SHA-512-256 over both', () => {
    const client = new DigestClient({ credentials: { username: 'u', password: 'p' } });
    const res = response(401, [
      ['WWW-Authenticate', 'Digest realm="r", nonce="n1", algorithm=MD5, qop="auth"'],
      ['WWW-Authenticate', 'Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth"'],
    ]);
    const out = client.applyCredentials(register(), res);
    expect(out.ok && out.headers.length).toBe(1);
    expect(out.ok && out.headers[0]!.value).toContain('algorithm=SHA-256');
    res.headers.append('WWW-Authenticate', 'Digest realm="r", nonce="n3", algorithm=SHA-512-256, qop="auth"');
    const out2 = new DigestClient({ credentials: { username: 'u', password: 'p' } }).applyCredentials(register(), res);
    expect(out2.ok && out2.headers[0]!.value).toContain('algorithm=SHA-512-256');
  });

  it('skips challenges it cannot answer', () => {
    const client = new DigestClient({ credentials: { username: 'u', password: 'p' } });
    const res = response(401, [
      ['WWW-Authenticate', 'Digest realm="r", nonce="n1", algorithm=SHA-1'],
      ['WWW-Authenticate', 'Digest realm="r", nonce="n2"'],
    ]);
    const out = client.applyCredentials(register(), res);
    expect(out.ok && out.headers[0]!.value).toContain('nonce="n2"');
    expect(client.applyCredentials(register(), response(401, [['WWW-Authenticate', 'Basic realm="r"']]))).toEqual({
      ok: false,
      reason: 'no-supported-challenge',
    });
    expect(client.applyCredentials(register(), response(401, []))).toEqual({ ok: false, reason: 'no-challenge' });
    expect(client.applyCredentials(register(), new SipResponse(403, 'Forbidden'))).toEqual({ ok: false, reason: 'no-challenge' });
  });
});

describe('stale, failure and pre-authorization', () => {
  it('answers stale=true with the new nonce and does not count it as a failure', () => {
    const server = new TestServer('pbx.test', { '1001': 'secret' });
    const client = new DigestClient({ credentials: { username: '1001', password: 'secret' } });
    const r1 = answer(client, register(), response(401, [['WWW-Authenticate', server.challenge()]]));
    expect(server.verify(r1, 'Authorization')).toBe(true);
    server.newNonce();
    const r2 = answer(client, r1, response(401, [['WWW-Authenticate', server.challenge(true)]]));
    expect(server.verify(r2, 'Authorization')).toBe(true);
    expect(r2.headers.get('Authorization')).toContain('nc=00000001');
  });

  it('reports auth-failed when its answer is refused without stale, and forgets the realm', () => {
    const server = new TestServer('pbx.test', { '1001': 'secret' });
    const client = new DigestClient({ credentials: { username: '1001', password: 'bad' } });
    const r1 = answer(client, register(), response(401, [['WWW-Authenticate', server.challenge()]]));
    expect(server.verify(r1, 'Authorization')).toBe(false);
    server.newNonce();
    expect(client.applyCredentials(r1, response(401, [['WWW-Authenticate', server.challenge()]]))).toEqual({
      ok: false,
      reason: 'auth-failed',
      realm: 'pbx.test',
    });
    expect(client.knownRealms()).toEqual([]);
    expect(client.authorize(register())).toEqual([]);
  });

  it('a refused pre-authorization is a fresh challenge, not a failure', () => {
    const server = new TestServer('pbx.test', { '1001': 'secret' });
    const client = new DigestClient({ credentials: { username: '1001', password: 'secret' } });
    answer(client, register(), response(401, [['WWW-Authenticate', server.challenge()]]));
    const pre = retry(register(), client.authorize(register()));
    server.newNonce(); // the server restarted and forgot the nonce, without stale
    const again = answer(client, pre, response(401, [['WWW-Authenticate', server.challenge()]]));
    expect(server.verify(again, 'Authorization')).toBe(true);
  });

  it('gives up after too many stale=true in a row', () => {
    const server = new TestServer('pbx.test', { '1001': 'secret' });
    const client = new DigestClient({ credentials: { username: '1001', password: 'secret' }, maxStaleRetries: 2 });
    let req = answer(client, register(), response(401, [['WWW-Authenticate', server.challenge()]]));
    for (let i = 0; i < 2; i++) {
      server.newNonce();
      req = answer(client, req, response(401, [['WWW-Authenticate', server.challenge(true)]]));
    }
    server.newNonce();
    expect(client.applyCredentials(req, response(401, [['WWW-Authenticate', server.challenge(true)]]))).toMatchObject({
      ok: false,
      reason: 'stale-loop',
    });
  });

  it('counts nc per nonce and keeps one cnonce per nonce', () => {
    const client = new DigestClient({ credentials: { username: 'u', password: 'p' }, makeCnonce: () => 'fixedcnonce' });
    const out = client.applyCredentials(register(), response(401, [['WWW-Authenticate', 'Digest realm="r", nonce="n", qop="auth"']]));
    expect(out.ok && out.headers[0]!.value).toContain('cnonce="fixedcnonce", qop=auth, nc=00000001');
    const values = [1, 2, 3].map(() => client.authorize(register())[0]!.value);
    expect(values.map((v) => /nc=([0-9a-f]{8})/.exec(v)![1])).toEqual(['00000002', '00000003', '00000004']);
    expect(values.every((v) => v.includes('cnonce="fixedcnonce"'))).toBe(true);
  });
});

describe('proxy challenges and accounts', () => {
  it('answers 407 with Proxy-Authorization, then keeps it when the registrar challenges', () => {
    const proxy = new TestServer('proxy.test', { '1001': 'secret' });
    const registrar = new TestServer('pbx.test', { '1001': 'secret' }, 'SHA-256');
    const client = new DigestClient({ credentials: { username: '1001', password: 'secret' } });
    const r1 = answer(client, register(), response(407, [['Proxy-Authenticate', proxy.challenge()]]));
    expect(r1.headers.getAll('Proxy-Authorization')).toHaveLength(1);
    expect(proxy.verify(r1, 'Proxy-Authorization')).toBe(true);
    const r2 = answer(client, r1, response(401, [['WWW-Authenticate', registrar.challenge()]]));
    expect(registrar.verify(r2, 'Authorization')).toBe(true);
    expect(proxy.verify(r2, 'Proxy-Authorization')).toBe(true);
  });

  it('uses the Authenticate Name in the digest and the header', () => {
    const server = new TestServer('pbx.test', { 'auth-id-77': 'secret' });
    const client = new DigestClient({ credentials: { username: '1001', authUsername: 'auth-id-77', password: 'secret' } });
    const r = answer(client, register(), response(401, [['WWW-Authenticate', server.challenge()]]));
    expect(r.headers.get('Authorization')).toContain('username="auth-id-77"');
    expect(server.verify(r, 'Authorization')).toBe(true);
  });

  it('hashes the username when the server asks for userhash (RFC 7616 §3.4.4)', () => {
    const server = new TestServer('pbx.test', { '1001': 'secret' }, 'SHA-256');
    const client = new DigestClient({ credentials: { username: '1001', password: 'secret' } });
    const r = answer(client, register(), response(401, [['WWW-Authenticate', `${server.challenge()}, userhash=true`]]));
    const value = r.headers.get('Authorization')!;
    expect(value).not.toContain('"1001"');
    expect(value).toContain('userhash=true');
    expect(server.verify(r, 'Authorization')).toBe(true);
  });
});
