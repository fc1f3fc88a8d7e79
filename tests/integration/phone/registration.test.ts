/**
 * Registration of a real Sayhi phone against the lab's Kamailio (RFC 3261 §10,
 * digest auth §22), over UDP, TCP and TLS:
 *  - lines 1 and 2 register with digest auth; Kamailio's location table holds
 *    both contacts; the lines show 'registered' with the granted expiry;
 *  - TCP and TLS (verified against the lab CA); a dropped TLS flow is replaced
 *    at once and the stale binding removed; TLS without the CA fails with a
 *    reason that says so; tlsVerify=false registers;
 *  - a wrong password ends in 'auth-failed' without looping;
 *  - un-REGISTER on stop leaves no contact behind.
 * Kamailio restart, failover and 423 are in registration-recovery.test.ts.
 * Start-to-registered times are printed (DESIGN.md budget 150-300 ms).
 * Users 1005 and 1006 only (the lab smoke test uses 1001-1004, 1007, 1010).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import { startKamailio, stopAllLab, type Kamailio } from '../../lab/index.js';
import {
  contactsOf,
  headerValue,
  labAccount,
  registersFor,
  startRegPhone,
  waitAor,
  waitLine,
  type RegPhone,
} from './registration-helpers.js';

let kam: Kamailio;
let labCa: string;
const phones: RegPhone[] = [];

async function phoneWith(...args: Parameters<typeof startRegPhone>): Promise<RegPhone> {
  const rp = await startRegPhone(...args);
  phones.push(rp);
  return rp;
}

beforeAll(async () => {
  kam = await startKamailio();
  labCa = readFileSync(kam.certPath, 'utf8');
});

afterAll(async () => {
  for (const p of phones) await p.stop().catch(() => undefined);
  await stopAllLab();
});

/** Milliseconds from phone.start() to the first 'registered' status of line n. */
async function timeToRegistered(rp: RegPhone, n: number): Promise<number> {
  await waitLine(rp, n, (s) => s.state === 'registered');
  const rec = rp.logs.find((r) => / -> registered /.test(r.msg) && r.msg.includes(`registration ${rp.phone.config.accounts[n - 1]!.user}@`));
  return (rec?.time ?? Date.now()) - rp.startedAt;
}

describe('registration to Kamailio', () => {
  it('registers lines 1 and 2 over UDP with digest auth, and un-registers on stop', async () => {
    const rp = await phoneWith({
      slot: 0,
      accounts: [labAccount(kam, '1005', 'udp', { keepAliveInterval: 1 }), labAccount(kam, '1006', 'udp', { keepAlive: false })],
    });
    const ms = [await timeToRegistered(rp, 1), await timeToRegistered(rp, 2)];
    console.log(`start-to-registered over UDP: line 1 ${ms[0]} ms, line 2 ${ms[1]} ms`);

    for (const n of [1, 2]) {
      const s = rp.phone.status().lines[n - 1]!;
      expect(s).toMatchObject({ state: 'registered', registered: true, transport: 'udp', expires: 3600 });
      expect(s.reason).toBeUndefined();
    }
    expect(await kam.registeredAors()).toEqual(expect.arrayContaining(['1005', '1006']));
    expect(await contactsOf(kam, '1005')).toEqual([`sip:1005@127.0.0.1:${rp.sipPort}`]);
    expect(await contactsOf(kam, '1006')).toEqual([`sip:1006@127.0.0.1:${rp.sipPort}`]);

    // digest auth: the first REGISTER is challenged (401), the second carries credentials
    for (const user of ['1005', '1006']) {
      const regs = registersFor(rp.taps, user);
      expect(regs).toHaveLength(2);
      expect(headerValue(regs[0]!.text, 'Authorization')).toBeUndefined();
      expect(headerValue(regs[1]!.text, 'Authorization')).toMatch(new RegExp(`^Digest .*username="${user}"`));
      expect(headerValue(regs[1]!.text, 'Expires')).toBe('3600');
      // §10.2.4: one Call-ID for the binding, CSeq counting up
      expect(headerValue(regs[1]!.text, 'Call-ID')).toBe(headerValue(regs[0]!.text, 'Call-ID'));
    }
    expect(rp.taps.wire.filter((w) => w.dir === 'in' && w.firstLine === 'SIP/2.0 401 Unauthorized')).toHaveLength(2);

    // the manual's UDP keep-alive (here every second) goes to the registrar while registered: one line on, one off
    await waitLine(rp, 1, () => rp.taps.pings.length >= 2, 3000);
    expect(rp.taps.pings.every((p) => p.protocol === 'udp' && p.toPort === 25060)).toBe(true);
    expect(rp.taps.pings[1]!.time - rp.taps.pings[0]!.time).toBeGreaterThan(800);

    await rp.stop();
    const unregs = [...registersFor(rp.taps, '1005'), ...registersFor(rp.taps, '1006')].filter((w) => headerValue(w.text, 'Expires') === '0');
    expect(unregs).toHaveLength(2);
    const aors = await kam.registeredAors();
    expect(aors).not.toContain('1005');
    expect(aors).not.toContain('1006');
  });

  it('registers over TCP and over TLS verified against the lab CA; a dropped TLS flow is replaced at once', async () => {
    const rp = await phoneWith({
      slot: 1,
      accounts: [labAccount(kam, '1005', 'tcp', { keepAliveInterval: 1 }), labAccount(kam, '1006', 'tls')],
      tweak: (c) => (c.tlsCa = [labCa]),
    });
    const ms = [await timeToRegistered(rp, 1), await timeToRegistered(rp, 2)];
    console.log(`start-to-registered: TCP ${ms[0]} ms, TLS ${ms[1]} ms (new connection + handshake)`);
    expect(rp.phone.status().lines[0]).toMatchObject({ state: 'registered', transport: 'tcp', expires: 3600 });
    expect(rp.phone.status().lines[1]).toMatchObject({ state: 'registered', transport: 'tls', expires: 3600 });

    const dump = await kam.ulDump();
    expect(dump).toMatch(/Socket: tcp:127\.0\.0\.1:25060/);
    expect(dump).toMatch(/Socket: tls:127\.0\.0\.1:25061/);
    expect(await contactsOf(kam, '1005')).toEqual([`sip:1005@127.0.0.1:${rp.sipPort};transport=tcp`]);
    // RFC 3261 §8.1.1.8: a sips: Request-URI needs a sips: Contact
    const tlsContacts = await contactsOf(kam, '1006');
    expect(tlsContacts).toHaveLength(1);
    expect(tlsContacts[0]).toMatch(/^sips:1006@127\.0\.0\.1:\d+$/);

    // RFC 5626 §3.5.1 ping on the registration's TCP connection, answered by Kamailio with CRLF
    await waitLine(rp, 1, () => rp.taps.pings.some((p) => p.protocol === 'stream' && p.toPort === 25060), 3000);

    // Cut the TLS connection under the phone (a NAT or firewall dropping the flow):
    // line 2 re-registers at once on a new connection and removes its old contact;
    // line 1's TCP connection is untouched and it sends nothing.
    const tcpBefore = registersFor(rp.taps, '1005').length;
    const tlsBefore = registersFor(rp.taps, '1006').length;
    const tlsSocket = rp.taps.outbound.find((s) => s.remotePort === 25061 && !s.destroyed);
    expect(tlsSocket).toBeDefined();
    const cutAt = Date.now();
    tlsSocket!.destroy();
    await waitLine(rp, 2, () => registersFor(rp.taps, '1006').length > tlsBefore, 5000);
    const again = registersFor(rp.taps, '1006')[tlsBefore]!;
    expect(again.time - cutAt).toBeLessThan(500);
    await waitLine(rp, 2, (s) => s.state === 'registered', 5000);
    const newContacts = await contactsOf(kam, '1006');
    expect(newContacts).toHaveLength(1);
    expect(newContacts[0]).not.toBe(tlsContacts[0]);
    expect(registersFor(rp.taps, '1005').length).toBe(tcpBefore);

    await rp.stop();
    const aors = await kam.registeredAors();
    expect(aors).not.toContain('1005');
    expect(aors).not.toContain('1006');
  });

  it('TLS without the lab CA fails with a reason that names the certificate; tlsVerify=false registers', async () => {
    const strict = await phoneWith({ slot: 2, accounts: [labAccount(kam, '1005', 'tls', { pollingInterval: 30 })] });
    const s = await waitLine(strict, 1, (l) => l.state === 'failed', 5000);
    expect(s.registered).toBe(false);
    expect(s.reason).toMatch(/certificate verify failed/);
    expect(s.reason).toMatch(/self[- ]signed/i);
    expect(s.reason).toContain('127.0.0.1:25061');
    await strict.stop();

    const lax = await phoneWith({ slot: 3, accounts: [labAccount(kam, '1006', 'tls', { tlsVerify: false })] });
    await waitLine(lax, 1, (l) => l.state === 'registered', 5000);
    await waitAor(kam, '1006', true);
    await lax.stop();
    await waitAor(kam, '1006', false);
  });

  it('a wrong password ends in auth-failed and retries only every polling interval', async () => {
    const pollingS = 2;
    const rp = await phoneWith({
      slot: 4,
      accounts: [labAccount(kam, '1005', 'udp', { password: 'not-pw1005', pollingInterval: pollingS })],
    });
    const s = await waitLine(rp, 1, (l) => l.state === 'auth-failed', 5000);
    expect(s.registered).toBe(false);
    expect(s.reason).toMatch(/^401 Unauthorized: credentials rejected for realm "127\.0\.0\.1"/);

    const watchMs = 5000;
    await sleep(watchMs);
    const regs = registersFor(rp.taps, '1005');
    // bursts: REGISTERs less than a second apart belong to one attempt
    const bursts: number[][] = [];
    for (const r of regs) {
      const last = bursts.at(-1);
      if (last && r.time - last.at(-1)! < 1000) last.push(r.time);
      else bursts.push([r.time]);
    }
    console.log(`wrong password: ${regs.length} REGISTERs in ${bursts.length} attempts over ${Date.now() - rp.startedAt} ms`);
    // each attempt: one unauthenticated REGISTER, one answer to the challenge, then stop
    for (const b of bursts) expect(b.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < bursts.length; i++) expect(bursts[i]![0]! - bursts[i - 1]![0]!).toBeGreaterThanOrEqual(pollingS * 1000 - 100);
    // and it does keep trying (the manual's polling interval), about once per interval
    expect(bursts.length).toBeGreaterThanOrEqual(2);
    expect(bursts.length).toBeLessThanOrEqual(Math.ceil((Date.now() - rp.startedAt) / (pollingS * 1000)) + 1);
    expect(rp.phone.status().lines[0]!.state).not.toBe('registered');
    expect(await kam.registeredAors()).not.toContain('1005');
    await rp.stop();
  });
});
