/**
 * The registration state machine (RFC 3261 §10.2) on a VirtualClock against a
 * scripted registrar: digest challenge, refresh timing from the granted
 * expiry, 423 Min-Expires, auth-failed without looping, polling-interval
 * retries, failover order, un-REGISTER where the binding lives, and the
 * stale Contact removed when our address changes.
 */
import { describe, expect, it } from 'vitest';
import { refreshDelayMs } from '../../../src/sip-ua/index.js';
import { PHONE, challengeFirst, regBench } from './registration-bench.js';

const OUR_CONTACT = `sip:1005@${PHONE.host}:${PHONE.port}`;

describe('Registration', () => {
  it('answers the digest challenge, binds, and refreshes at half the granted expiry with the same Call-ID', async () => {
    const b = regBench();
    b.primary.maxExpires = 600; // the registrar grants less than the 3600 asked for (§10.2.4: obey it)
    b.primary.reply = challengeFirst();
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('registered');
    expect(b.reg.registeredFor).toBe(600);
    expect(b.states.at(-1)).toMatchObject({ state: 'registered', expires: 600, server: 'primary 127.0.0.1:5070' });
    expect(b.primary.count).toBe(2);
    expect(b.primary.header(0, 'Authorization')).toBeUndefined();
    expect(b.primary.header(1, 'Authorization')).toMatch(/^Digest .*username="1005".*realm="loop"/);
    expect(b.primary.header(1, 'Expires')).toBe('3600');
    expect(b.primary.liveContacts()).toEqual([OUR_CONTACT]);

    // refresh due at 300 s; nothing before
    await b.clock.advanceAsync(299_000);
    expect(b.primary.count).toBe(2);
    await b.clock.advanceAsync(1_100);
    // pre-authorized with the remembered challenge (next nc): no new 401 round
    expect(b.primary.count).toBe(3);
    expect(b.primary.header(2, 'Authorization')).toMatch(/nc=00000002/);
    const callIds = b.primary.requests.map((r) => r.request.headers.get('Call-ID'));
    expect(new Set(callIds).size).toBe(1);
    const cseqs = b.primary.requests.map((r) => r.request.cseq!.seq);
    expect(cseqs).toEqual([...cseqs].sort((x, y) => x - y));
    expect(new Set(cseqs).size).toBe(3);
    expect(b.reg.state).toBe('registered');
  });

  it('refreshDelayMs is half the granted time, at least a second', () => {
    expect(refreshDelayMs(3600)).toBe(1_800_000);
    expect(refreshDelayMs(10)).toBe(5_000);
    expect(refreshDelayMs(1)).toBe(1_000);
  });

  it('retries a 423 with Min-Expires and keeps using it for refreshes', async () => {
    const b = regBench({ reg: { expires: 60 } });
    b.primary.maxExpires = 7200;
    b.primary.reply = (req, n) => (n === 1 ? { status: 423, headers: [['Min-Expires', '1800']] } : 'bind');
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('registered');
    expect(b.reg.registeredFor).toBe(1800);
    expect(b.reg.requestedExpires).toBe(1800);
    expect([b.primary.header(0, 'Expires'), b.primary.header(1, 'Expires')]).toEqual(['60', '1800']);
    await b.clock.advanceAsync(900_100);
    expect(b.primary.count).toBe(3);
    expect(b.primary.header(2, 'Expires')).toBe('1800');
  });

  it('treats a 423 without a usable Min-Expires as a failure retried after the polling interval', async () => {
    const b = regBench({ reg: { expires: 60, pollingInterval: 10 } });
    b.primary.reply = (req, n) => (n === 1 ? { status: 423, headers: [['Min-Expires', '30']] } : 'bind');
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('failed');
    expect(b.reg.reason).toMatch(/^423 .*Min-Expires \(30\)/);
    expect(b.primary.count).toBe(1);
    await b.clock.advanceAsync(9_980);
    expect(b.primary.count).toBe(1);
    await b.clock.advanceAsync(30);
    expect(b.reg.state).toBe('registered');
    expect(b.primary.header(1, 'Expires')).toBe('60');
  });

  it('stops at auth-failed when the answer to the challenge is rejected, and tries again once per polling interval', async () => {
    const b = regBench({ reg: { pollingInterval: 32 } });
    b.primary.reply = challengeFirst({
      status: 401,
      headers: [['WWW-Authenticate', 'Digest realm="loop", nonce="again", qop="auth"']],
    });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('auth-failed');
    expect(b.reg.reason).toBe('401 Unauthorized: credentials rejected for realm "loop" (wrong user name or password?)');
    expect(b.primary.count).toBe(2);

    // no REGISTER at all until the polling interval is up, then one attempt of two REGISTERs
    await b.clock.advanceAsync(31_980);
    expect(b.primary.count).toBe(2);
    await b.clock.advanceAsync(30);
    expect(b.primary.count).toBe(4);
    expect(b.reg.state).toBe('auth-failed');
    await b.clock.advanceAsync(10 * 32_000);
    expect(b.primary.count).toBe(4 + 2 * 10);

    // the administrator fixed the account on the server: the next attempt registers
    b.primary.reply = challengeFirst();
    await b.clock.advanceAsync(32_000);
    expect(b.reg.state).toBe('registered');
    expect(b.states.map((s) => s.state)).toContain('auth-failed');
  });

  it('fails over: primary unreachable -> secondary at once; primary silent -> secondary after Timer F', async () => {
    const b = regBench({ withSecondary: true, t1: 50 });
    b.network.setUnreachable({ host: '127.0.0.1', port: 5070 });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('registered');
    expect(b.states.at(-1)?.server).toBe('secondary 127.0.0.1:5080');
    expect(b.primary.count).toBe(0);
    expect(b.secondary.liveContacts()).toEqual([OUR_CONTACT]);

    const c = regBench({ withSecondary: true, t1: 50 });
    c.primary.reply = () => 'drop';
    c.reg.start();
    await c.clock.advanceAsync(3_190); // Timer F = 64 * T1 = 3200 ms
    expect(c.reg.state).toBe('registering');
    expect(c.secondary.count).toBe(0);
    await c.clock.advanceAsync(20);
    expect(c.reg.state).toBe('registered');
    expect(c.secondary.count).toBe(1);
    // the REGISTER to the primary was retransmitted (Timer E), the one to the secondary was not
    const toPrimary = c.wire.filter((p) => p.to.port === 5070 && p.firstLine.startsWith('REGISTER'));
    expect(toPrimary.length).toBeGreaterThanOrEqual(6);
  });

  it('when both servers fail it says so, waits the polling interval, and starts again with the primary', async () => {
    const b = regBench({ withSecondary: true, t1: 50, reg: { pollingInterval: 20 } });
    b.primary.reply = () => 'drop';
    b.network.setUnreachable({ host: '127.0.0.1', port: 5080 });
    b.reg.start();
    await b.clock.advanceAsync(3_300);
    expect(b.reg.state).toBe('failed');
    expect(b.reg.reason).toMatch(/^all 2 servers failed; last: secondary server: .*unreachable/);
    const firstRound = b.primary.count;
    expect(firstRound).toBe(1);
    await b.clock.advanceAsync(19_000);
    expect(b.primary.count).toBe(firstRound);
    // primary is back: the next round (polling interval) goes to it first
    b.primary.reply = () => 'bind';
    await b.clock.advanceAsync(1_100);
    expect(b.reg.state).toBe('registered');
    expect(b.states.at(-1)?.server).toBe('primary 127.0.0.1:5070');
  });

  it('a failed refresh shows failed, keeps polling, and comes back', async () => {
    const b = regBench({ t1: 50, reg: { expires: 60, pollingInterval: 5 } });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('registered');
    b.primary.reply = () => ({ status: 503, reason: 'Service Unavailable' });
    await b.clock.advanceAsync(30_000);
    expect(b.reg.state).toBe('failed');
    expect(b.reg.reason).toBe('503 Service Unavailable from primary server');
    expect(b.reg.registeredFor).toBeUndefined();
    b.primary.reply = () => 'bind';
    await b.clock.advanceAsync(5_000);
    expect(b.reg.state).toBe('registered');
  });

  it('un-registers at the server that holds the binding, with Expires: 0 and the bound Contact', async () => {
    const b = regBench({ withSecondary: true, t1: 50 });
    b.network.setUnreachable({ host: '127.0.0.1', port: 5070 });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.secondary.liveContacts()).toEqual([OUR_CONTACT]);
    b.network.setUnreachable({ host: '127.0.0.1', port: 5070 }, false);
    b.primary.reply = () => 'drop';
    const stopped = b.reg.stop();
    await b.clock.advanceAsync(10);
    await stopped;
    expect(b.reg.state).toBe('idle');
    expect(b.primary.count).toBe(0);
    expect(b.secondary.header(1, 'Expires')).toBe('0');
    expect(b.secondary.liveContacts()).toEqual([]);
    expect(b.states.map((s) => s.state).slice(-2)).toEqual(['unregistering', 'idle']);
    // nothing left running
    await b.clock.advanceAsync(7_200_000);
    expect(b.secondary.count).toBe(2);
  });

  it('stopping a line that never registered sends nothing', async () => {
    const b = regBench({ reg: { pollingInterval: 10 } });
    b.network.setUnreachable({ host: '127.0.0.1', port: 5070 });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('failed');
    const sent = b.wire.length;
    await b.reg.stop();
    await b.clock.advanceAsync(60_000);
    expect(b.reg.state).toBe('idle');
    expect(b.wire.length).toBe(sent);
  });

  it('removes the old binding when its Contact address changes (a new TCP/TLS connection)', async () => {
    const b = regBench({ protocol: 'tcp' });
    let port = 40001;
    b.phoneTransport.localAddress = () => ({ host: PHONE.host, port });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.primary.liveContacts()).toEqual(['sip:1005@127.0.0.1:40001;transport=tcp']);
    port = 40002;
    b.reg.refreshNow('connection lost');
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('registered');
    expect(b.primary.liveContacts()).toEqual(['sip:1005@127.0.0.1:40002;transport=tcp']);
    expect(b.primary.requests[1]!.request.headers.getAll('Contact')).toEqual([
      '<sip:1005@127.0.0.1:40002;transport=tcp>',
      '<sip:1005@127.0.0.1:40001;transport=tcp>;expires=0',
    ]);
    expect(b.logs.some((r) => r.msg === 're-registering' && r.fields.reason === 'connection lost')).toBe(true);
  });

  it('uses a sips: Contact over TLS (RFC 3261 §8.1.1.8)', async () => {
    const b = regBench({ protocol: 'tls' });
    b.reg.start();
    await b.clock.advanceAsync(10);
    expect(b.reg.state).toBe('registered');
    expect(b.primary.liveContacts()).toEqual(['sips:1005@127.0.0.1:5060']);
  });

  it('ignores refreshNow while a round is in flight and after stop', async () => {
    const b = regBench({ t1: 50 });
    b.primary.reply = () => 'drop';
    b.reg.start();
    await b.clock.advanceAsync(10);
    b.reg.refreshNow('connection lost');
    await b.clock.advanceAsync(10);
    expect(b.primary.count).toBe(1);
    const stopped = b.reg.stop();
    await b.clock.advanceAsync(5_000); // the un-REGISTER gets no answer either: Timer F
    await stopped;
    expect(b.reg.state).toBe('idle');
    b.reg.refreshNow('connection lost');
    await b.clock.advanceAsync(100_000);
    expect(b.primary.count).toBe(2); // the REGISTER, and the un-REGISTER on stop
  });
});
