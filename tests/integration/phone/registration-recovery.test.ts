/**
 * Registration when things go wrong, with a real Sayhi phone:
 *  - Kamailio restarts and forgets its location table: the TCP line notices the
 *    dropped connection and registers again as soon as Kamailio is back (next
 *    polling interval); the UDP line comes back with its next refresh (half the
 *    granted expiry; the lab's min_expires is 10 s, so Expires 10 -> 5 s);
 *  - failover: the primary server is a dead loopback port (UDP: Timer F, 64*T1
 *    with T1 = 50 ms; TCP: connection refused), the secondary is Kamailio;
 *    un-REGISTER on stop goes straight to the secondary;
 *  - 423 Interval Too Brief from a SIPp registrar: the phone retries with
 *    Expires = Min-Expires (RFC 3261 §10.2.8) and keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePorts, portIsFree, startKamailio, startSipp, stopAllLab, type Kamailio } from '../../lab/index.js';
import { headerValue, labAccount, registersFor, startRegPhone, waitAor, waitLine, type RegPhone } from './registration-helpers.js';

let kam: Kamailio;
const phones: RegPhone[] = [];

async function phoneWith(...args: Parameters<typeof startRegPhone>): Promise<RegPhone> {
  const rp = await startRegPhone(...args);
  phones.push(rp);
  return rp;
}

beforeAll(async () => {
  kam = await startKamailio();
});

afterAll(async () => {
  for (const p of phones) await p.stop().catch(() => undefined);
  await stopAllLab();
});

describe('registration recovery', () => {
  it('registers again after Kamailio restarts: TCP on the lost connection, UDP on its refresh', async () => {
    const pollingS = 2;
    const expiresS = 10;
    const rp = await phoneWith({
      slot: 5,
      accounts: [
        labAccount(kam, '1005', 'tcp', { pollingInterval: pollingS }),
        labAccount(kam, '1006', 'udp', { pollingInterval: pollingS, registerExpires: expiresS }),
      ],
      tweak: (c) => (c.t1 = 50),
    });
    await waitLine(rp, 1, (s) => s.state === 'registered');
    const udp = await waitLine(rp, 2, (s) => s.state === 'registered');
    expect(udp.expires).toBe(expiresS);

    const tcpBefore = registersFor(rp.taps, '1005').length;
    const udpBefore = registersFor(rp.taps, '1006').length;
    const t0 = Date.now();
    await kam.restart();
    const upAt = Date.now();
    console.log(`kamailio restart took ${upAt - t0} ms; location table right after: [${(await kam.registeredAors()).join(',')}]`);

    await waitAor(kam, '1005', true, (pollingS + 3) * 1000);
    await waitAor(kam, '1006', true, (expiresS / 2 + 5) * 1000);
    const backAt = (user: string) =>
      rp.logs.find((r) => r.time >= upAt && r.msg.startsWith(`registration ${user}@`) && r.msg.includes('-> registered'))?.time;
    console.log(`after the restart: TCP line back in ${backAt('1005')! - upAt} ms, UDP line back in ${backAt('1006')! - upAt} ms`);

    // TCP: the phone saw its connection drop and re-registered without waiting for the refresh
    const lost = rp.logs.filter((r) => r.msg === 're-registering' && r.fields.user === '1005' && r.time >= t0);
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(lost[0]!.fields.reason).toBe('connection lost');
    expect(lost[0]!.time - t0).toBeLessThan(upAt - t0 + 100);
    expect(registersFor(rp.taps, '1005').length).toBeGreaterThan(tcpBefore);
    // UDP: nothing told the phone; its refresh (every expires/2) restored the binding
    expect(registersFor(rp.taps, '1006').length).toBeGreaterThan(udpBefore);
    expect(rp.logs.some((r) => r.msg === 're-registering' && r.fields.user === '1006' && r.time >= t0)).toBe(false);

    await waitLine(rp, 1, (s) => s.state === 'registered', 3000);
    await waitLine(rp, 2, (s) => s.state === 'registered', 3000);
    await rp.stop();
    await waitAor(kam, '1005', false, 3000);
    await waitAor(kam, '1006', false, 3000);
  });

  it('fails over to the secondary server when the primary is dead, and un-registers there', async () => {
    const dead = phonePorts(9).sipPort + 5;
    expect(await portIsFree({ port: dead, proto: 'udp' })).toBe(true);
    expect(await portIsFree({ port: dead, proto: 'tcp' })).toBe(true);
    const rp = await phoneWith({
      slot: 6,
      accounts: [
        labAccount(kam, '1005', 'udp', { server: `127.0.0.1:${dead}`, secondaryServer: '127.0.0.1:25060' }),
        labAccount(kam, '1006', 'tcp', { server: `127.0.0.1:${dead}`, secondaryServer: '127.0.0.1:25060' }),
      ],
      tweak: (c) => (c.t1 = 50), // Timer F = 64 * T1 = 3.2 s
    });
    // TCP: connection refused is a transport error, so failover is immediate
    const tcpAt = await waitLine(rp, 2, (s) => s.state === 'registered', 2000).then(() => Date.now() - rp.startedAt);
    // UDP: the dead port swallows the datagrams (no ICMP error reaches an unconnected socket): Timer F
    await waitLine(rp, 1, (s) => s.state === 'registered', 8000);
    const udpAt = Date.now() - rp.startedAt;
    console.log(`failover to the secondary: TCP registered after ${tcpAt} ms, UDP after ${udpAt} ms`);
    expect(tcpAt).toBeLessThan(1000);
    expect(udpAt).toBeGreaterThanOrEqual(3000);

    const udpRegs = registersFor(rp.taps, '1005');
    const toDead = udpRegs.filter((w) => w.toPort === dead);
    expect(toDead.length).toBeGreaterThanOrEqual(3); // Timer E retransmissions at T1, 2T1, 4T1...
    expect(udpRegs.filter((w) => w.toPort === 25060).length).toBeGreaterThanOrEqual(1);
    expect(udpRegs.findIndex((w) => w.toPort === 25060)).toBe(toDead.length); // primary first, then the secondary
    for (const user of ['1005', '1006']) {
      expect(rp.logs.some((r) => r.msg.startsWith(`registration ${user}@`) && r.msg.includes('from secondary 127.0.0.1:25060'))).toBe(true);
    }
    expect(await kam.registeredAors()).toEqual(expect.arrayContaining(['1005', '1006']));

    // un-REGISTER goes where the binding is, not to the dead primary first (that would take Timer F)
    const t0 = Date.now();
    await rp.stop();
    expect(Date.now() - t0).toBeLessThan(1500);
    const aors = await kam.registeredAors();
    expect(aors).not.toContain('1005');
    expect(aors).not.toContain('1006');
  });

  it('answers 423 Interval Too Brief by retrying with Min-Expires (SIPp registrar)', async () => {
    const sipp = await startSipp({ scenario: 'register-423', timeoutMs: 20_000 });
    const rp = await phoneWith({
      slot: 7,
      accounts: [labAccount(kam, '1005', 'udp', { server: `127.0.0.1:${sipp.localPort}`, registerExpires: 60 })],
    });
    const s = await waitLine(rp, 1, (l) => l.state === 'registered', 5000);
    expect(s.expires).toBe(1800);
    // one REGISTER per CSeq (SIPp may miss the very first datagram while it starts: a retransmission follows)
    const byCseq = new Map(registersFor(rp.taps, '1005').map((w) => [headerValue(w.text, 'CSeq'), w]));
    expect([...byCseq.values()].map((w) => headerValue(w.text, 'Expires'))).toEqual(['60', '1800']);
    expect(rp.taps.wire.some((w) => w.dir === 'in' && w.firstLine === 'SIP/2.0 423 Interval Too Brief')).toBe(true);

    await rp.stop();
    const r = await sipp.wait();
    expect(r.code, `${r.stderr}\n${r.errors}`).toBe(0);
    expect(r.logs).toMatch(/expires-1: 60\b/);
    expect(r.logs).toMatch(/expires-2: 1800\b/);
    expect(r.logs).toMatch(/expires-3: 0\b/);
    expect(r.messages).toContain('SIP/2.0 423 Interval Too Brief');
    expect(r.messages).toMatch(/Min-Expires: 1800/);
  });
});
