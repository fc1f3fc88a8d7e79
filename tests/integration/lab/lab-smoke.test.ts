/**
 * Proves the test lab itself, before any Sayhi code is tested against it:
 *  - Kamailio starts within 2 s and answers OPTIONS over UDP, TCP and TLS; the TLS
 *    certificate verifies against the generated CA (and not without it).
 *  - Digest REGISTER (RFC 3261 §22) with SIPp works; a wrong password gets a second 401.
 *  - MWI (RFC 3842): a PUBLISHed message-summary reaches a SUBSCRIBEr's NOTIFY.
 *  - baresip 1003 (TCP) calls baresip 1002 (UDP) through Kamailio: both answer, each
 *    recording carries the other side's tone (sox and a Goertzel filter), and DTMF
 *    sent with sndcode arrives as CALL_DTMF_START events (RFC 4733); a SIPp BLF watcher
 *    of 1002 gets dialog NOTIFYs with confirmed and terminated (RFC 4235).
 *  - baresip without registration calls another agent peer to peer.
 *  - A start on a busy planned port fails with a clear error.
 *  - After stopping, no process of ours is left and the run dirs are gone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KAMAILIO_SIP_PORT,
  labToneWav,
  leftoverLabPids,
  openRunDirs,
  runSipp,
  sendOptions,
  startSipp,
  startBaresip,
  startKamailio,
  stopAllLab,
  wavStats,
  type Baresip,
  type Kamailio,
} from '../../lab/index.js';

/** PCM16 mono samples of a WAV file (walks the RIFF chunks to "data"). */
function readPcm16(path: string): { rate: number; samples: Int16Array } {
  const buf = readFileSync(path);
  let offset = 12;
  let rate = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('latin1', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    if (id === 'fmt ') rate = buf.readUInt32LE(offset + 12);
    if (id === 'data') {
      const bytes = buf.subarray(offset + 8, offset + 8 + size);
      return { rate, samples: new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2)) };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Share of the signal's energy at `hz` (Goertzel, one bin over the whole span): ~1 for a pure tone. */
function toneShare(samples: Int16Array, rate: number, hz: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return energy === 0 ? 0 : (2 * power) / (samples.length * energy);
}

/** Checks a recording of what an agent heard: `hz` dominates, by sox and by Goertzel. */
async function expectTone(path: string, hz: number): Promise<void> {
  const stats = await wavStats(path, { skipSeconds: 0.5, durationSeconds: 1 });
  expect(stats.rms, `${path} RMS`).toBeGreaterThan(0.05);
  expect(Math.abs(stats.roughFrequency - hz) / hz, `${path} rough frequency ${stats.roughFrequency} Hz`).toBeLessThan(0.05);
  const { rate, samples } = readPcm16(path);
  const span = samples.subarray(rate / 2, rate / 2 + rate); // 0.5 s .. 1.5 s
  expect(toneShare(span, rate, hz), `${hz} Hz share`).toBeGreaterThan(0.6);
  expect(toneShare(span, rate, hz * 1.5), `${hz * 1.5} Hz share`).toBeLessThan(0.05);
}

describe('lab smoke', () => {
  let kam: Kamailio;
  let b1002: Baresip;
  let b1003: Baresip;

  beforeAll(async () => {
    kam = await startKamailio();
  });
  afterAll(stopAllLab);

  it('starts Kamailio within 2 s; it answers OPTIONS over UDP, TCP and verified TLS', async () => {
    console.log(`kamailio: setup ${kam.setupMs} ms (start ${kam.startMs} ms), pid ${kam.pid}`);
    expect(kam.setupMs).toBeLessThan(2000);
    for (const transport of ['udp', 'tcp'] as const) {
      const answer = await sendOptions({ transport, port: kam.endpoint(transport).port });
      expect(answer.status, transport).toBe(200);
    }
    const ca = readFileSync(kam.certPath);
    const tls = await sendOptions({ transport: 'tls', port: kam.tls.port, ca });
    expect(tls.status).toBe(200);
    expect(tls.raw).toMatch(/^Server: sayhi-lab kamailio/m);
    // the same over "localhost" checks the DNS SAN; without the CA the chain must fail
    expect((await sendOptions({ transport: 'tls', port: kam.tls.port, ca, servername: 'localhost' })).status).toBe(200);
    await expect(sendOptions({ transport: 'tls', port: kam.tls.port })).rejects.toThrow(/self[- ]signed/i);
  });

  it('REGISTERs with digest auth via SIPp; a wrong password gets a second 401', async () => {
    const ok = await runSipp({ scenario: 'register', target: kam.udp, keys: { user: '1007' }, auth: { user: '1007', password: 'pw1007' } });
    expect(ok.code, ok.errors || ok.stderr).toBe(0);
    expect(ok.messages).toMatch(/SIP\/2\.0 401 Unauthorized/);
    expect(ok.messages).toMatch(/Authorization: Digest username="1007"/);
    expect(ok.messages).toMatch(/SIP\/2\.0 200 OK[\s\S]*Contact: <sip:1007@127\.0\.0\.1:\d+>;expires=60/);

    const bad = await runSipp({ scenario: 'register', target: kam.udp, keys: { user: '1007' }, auth: { user: '1007', password: 'wrong' }, timeoutMs: 5000 });
    expect(bad.code).not.toBe(0);
    expect(bad.messages.match(/^SIP\/2\.0 401 /gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('relays MWI: PUBLISH message-summary, then SUBSCRIBE gets it in a NOTIFY', async () => {
    const published = await runSipp({
      scenario: 'mwi-publish',
      target: kam.udp,
      keys: { user: '1010', target: '1001', waiting: 'yes', new: 3, old: 1 },
      auth: { user: '1010', password: 'pw1010' },
    });
    expect(published.code, published.errors).toBe(0);
    const watched = await runSipp({ scenario: 'mwi-subscribe', target: kam.udp, keys: { user: '1001' }, auth: { user: '1001', password: 'pw1001' } });
    expect(watched.code, watched.errors).toBe(0);
    expect(watched.messages).toMatch(/^NOTIFY [\s\S]*Messages-Waiting: yes[\s\S]*Voice-Message: 3\/1/m);
  });

  it('two registered baresip agents call through Kamailio: tones both ways, DTMF arrives', async () => {
    const [tone440, tone700] = await Promise.all([labToneWav(440), labToneWav(700)]);
    b1002 = await startBaresip({ user: '1002', registrar: kam, transport: 'udp' });
    b1003 = await startBaresip({ user: '1003', registrar: kam, transport: 'tcp', audioSource: tone440 });
    console.log(`baresip: 1002 ready in ${b1002.startMs} ms, 1003 (tcp) in ${b1003.startMs} ms`);
    expect(Math.max(b1002.startMs, b1003.startMs)).toBeLessThan(2000);
    expect(await kam.registeredAors()).toEqual(expect.arrayContaining(['1002', '1003']));
    expect(await kam.ulDump()).toMatch(/Socket: tcp:127\.0\.0\.1:25060/);

    await b1002.ctrl.ausrc('aufile', tone700); // what 1002 plays from now on
    const blf = await startSipp({
      scenario: 'blf-subscribe',
      target: kam.udp,
      keys: { user: '1005', target: '1002' },
      auth: { user: '1005', password: 'pw1005' },
      timeoutMs: 15_000,
    });
    await new Promise((r) => setTimeout(r, 300)); // subscribed before the call starts
    await b1003.ctrl.dial('sip:1002@127.0.0.1');
    await Promise.all([b1003.ctrl.waitEvent('CALL_ESTABLISHED', 5000), b1002.ctrl.waitEvent('CALL_ESTABLISHED', 5000)]);
    await new Promise((r) => setTimeout(r, 2000));

    await b1003.ctrl.sndcode('159#');
    const digits: string[] = [];
    for (let i = 0; i < 4; i++) digits.push((await b1002.ctrl.waitEvent('CALL_DTMF_START', 3000)).param ?? '?');
    expect(digits.join('')).toBe('159#');

    await b1003.ctrl.hangup();
    await Promise.all([b1003.ctrl.waitEvent('CALL_CLOSED', 5000), b1002.ctrl.waitEvent('CALL_CLOSED', 5000)]);
    await expectTone(await b1002.waitRecording('dec'), 440);
    await expectTone(await b1003.waitRecording('dec'), 700);

    const watcher = await blf.wait();
    expect(watcher.code, watcher.errors).toBe(0);
    expect(watcher.messages).toMatch(/<state>confirmed<\/state>/);
    expect(watcher.messages).toMatch(/<state>terminated<\/state>/);
  });

  it('calls peer to peer without registering', async () => {
    const b1004 = await startBaresip({ user: '1004', audioSource: await labToneWav(1300) });
    expect(await b1004.ctrl.reginfo()).not.toMatch(/\bOK\b/);
    const before = b1002.latestRecording('dec');
    await b1004.ctrl.dial(b1002.contactUri());
    const established = await b1004.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    expect(established.peeruri).toContain(`:${b1002.sipPort}`);
    await b1002.ctrl.waitEvent('CALL_ESTABLISHED', 5000, (ev) => ev.peeruri === 'sip:1004@127.0.0.1');
    await new Promise((r) => setTimeout(r, 1700));
    await b1004.ctrl.hangup();
    await b1002.ctrl.waitEvent('CALL_CLOSED', 5000);
    await expectTone(await b1002.waitRecording('dec', { notPath: before }), 1300);
    await b1004.stop();
  });

  it('refuses to start a second Kamailio on the busy planned ports', async () => {
    await expect(startKamailio({ portWaitMs: 0 })).rejects.toThrow(`already in use: 127.0.0.1:${KAMAILIO_SIP_PORT}/udp`);
  });

  it('leaves no process and no run dir behind', async () => {
    const dirs = [kam.runDir, b1002.runDir, b1003.runDir];
    await Promise.all([b1002.stop(), b1003.stop()]);
    await kam.stop();
    await stopAllLab();
    expect(leftoverLabPids()).toEqual([]);
    expect(openRunDirs()).toEqual([]);
    for (const dir of dirs) expect(existsSync(dir), dir).toBe(false);
  });
});
