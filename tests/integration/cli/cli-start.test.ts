/**
 * `sayhi start` end to end: the real command (child process) against the lab's
 * Kamailio, driven through its REST API and event WebSocket — proves:
 *  - `--account 1007:pw1007@127.0.0.1:25060` registers line 1: GET /api/v1/status shows
 *    it registered (and the model, MAC and version), and Kamailio's location table has 1007;
 *  - a call from another phone (an in-process Phone registered as 1008, dialing 1007
 *    through Kamailio) rings: a `call` event on the WebSocket and GET /calls show it;
 *    POST /calls/{id}/answer connects it (PCMU); DTMF sent by the caller arrives as
 *    `dtmf` events; POST .../hold and .../resume move it to held and back; the caller's
 *    hang-up ends it;
 *  - `--play tone:440` is what the caller hears and `--record` holds the caller's
 *    1000 Hz tone (Goertzel on both recordings);
 *  - SIGTERM: exit code 0 within 5 s, no forced exit, and 1007 is gone from Kamailio's
 *    location table (un-registered, not just abandoned);
 *  - SIGINT (Ctrl-C) on a second start with the same data directory does the same, and
 *    that start kept the MAC the directory got on the first start.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sleep } from '../../../src/base/index.js';
import { parseAccountSpec, type CallInfo, type PhoneStatus } from '../../../src/phone/index.js';
import { phonePorts, startKamailio, stopAllLab, type Kamailio } from '../../lab/index.js';
import { startTestPhone, toneShare, waitFor, waitForCall, type TestPhone } from '../phone/helpers.js';
import { ADMIN_AUTH, api, exitWithin, poll, sayhiEntry, spawnSayhi, type SayhiProcess } from './cli-helpers.js';

const ports = phonePorts(8);
const callerPorts = phonePorts(9);
const httpPort = ports.sipPort + 2;
const base = `http://127.0.0.1:${httpPort}`;
const dir = mkdtempSync(join(tmpdir(), 'sayhi-cli-start-'));
const dataDir = join(dir, 'data');
const recordPath = join(dir, 'heard.wav');

let kam: Kamailio;
let caller: TestPhone | undefined;
const started: SayhiProcess[] = [];

beforeAll(async () => {
  kam = await startKamailio();
});

afterAll(async () => {
  started.forEach((p) => p.kill());
  await caller?.stop();
  await stopAllLab();
  rmSync(dir, { recursive: true, force: true });
});

function startSayhi(extra: string[]): SayhiProcess {
  const p = spawnSayhi([
    'start',
    '--data', dataDir,
    '--bind', '127.0.0.1',
    '--sip-port', String(ports.sipPort),
    '--http-port', String(httpPort),
    '--rtp-ports', `${ports.rtpRange.min}-${ports.rtpRange.min + 49}`,
    '--account', `1007:${kam.passwordOf('1007')}@127.0.0.1:${kam.udp.port}`,
    ...extra,
  ]);
  started.push(p);
  return p;
}

const line1Registered = async () => {
  const { json } = await api<PhoneStatus>(base, 'GET', '/status');
  return json.lines[0]?.registered ? json : undefined;
};

/** Messages of the event WebSocket, as they come. */
async function openEvents(): Promise<{ ws: WebSocket; messages: Array<{ type: string; data: Record<string, unknown> }> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/api/v1/events`, { headers: { authorization: ADMIN_AUTH } });
  const messages: Array<{ type: string; data: Record<string, unknown> }> = [];
  ws.on('message', (raw) => messages.push(JSON.parse(String(raw))));
  await new Promise((res, rej) => (ws.once('open', res), ws.once('error', rej)));
  return { ws, messages };
}

describe(`sayhi start against Kamailio (running ${sayhiEntry().from})`, () => {
  it('registers, takes a call through the API, records it, and un-registers on SIGTERM', async () => {
    const sayhi = startSayhi(['--play', 'tone:440', '--record', recordPath]);
    await sayhi.ready();
    expect(sayhi.stdout()).toMatch(/line 1: \w+ 1007@127\.0\.0\.1:25060 \(udp\)/);

    const status = await poll(line1Registered, 5000, 'line 1 registered');
    expect(status).toMatchObject({ model: 'ES330', version: expect.stringMatching(/^\d+\.\d+\.\d+/), calls: [] });
    expect(status.mac).toMatch(/^[0-9a-f]{12}$/);
    expect(status.lines[0]).toMatchObject({ line: 1, user: '1007', server: '127.0.0.1:25060', registered: true, state: 'registered' });
    expect(status.lines).toHaveLength(3);
    expect(await kam.registeredAors()).toContain('1007');

    const events = await openEvents();
    caller = await startTestPhone({
      sipPort: callerPorts.sipPort,
      rtpBase: callerPorts.rtpRange.min,
      toneHz: 1000,
      accounts: [(parseAccountSpec(`1008:${kam.passwordOf('1008')}@127.0.0.1:${kam.udp.port}`) as { ok: true; account: never }).account],
    });
    await waitFor(() => caller!.phone.status().lines[0]!.registered, 5000, 'caller registered');
    const { id: outId } = await caller.phone.dial('1007');

    const ringing = await poll(async () => (await api<CallInfo[]>(base, 'GET', '/calls')).json.find((c) => c.state === 'ringing'), 5000, 'ringing call');
    expect(ringing).toMatchObject({ line: 1, direction: 'incoming', remote: expect.stringContaining('1008') });
    expect(events.messages[0]!.type).toBe('status');
    expect(events.messages.some((m) => m.type === 'call' && m.data.id === ringing.id && m.data.state === 'ringing')).toBe(true);

    expect(await api(base, 'POST', `/calls/${ringing.id}/answer`)).toEqual({ status: 200, json: { ok: true } });
    await waitForCall(caller.phone, (c) => c.id === outId && c.state === 'connected', 5000);
    const up = await poll(async () => {
      const { json } = await api<CallInfo>(base, 'GET', `/calls/${ringing.id}`);
      return json.state === 'connected' ? json : undefined;
    }, 5000, 'connected');
    expect(up.codec).toBe('PCMU');

    await sleep(1500);
    await caller.phone.sendDtmf(outId, '73#');
    await poll(async () => events.messages.filter((m) => m.type === 'dtmf').length >= 3, 3000, 'three dtmf events');
    expect(events.messages.filter((m) => m.type === 'dtmf').map((m) => m.data.digit).join('')).toBe('73#');
    expect(events.messages.find((m) => m.type === 'dtmf')!.data.callId).toBe(ringing.id);

    // hold / resume through the API (re-INVITEs through Kamailio)
    expect(await api(base, 'POST', `/calls/${ringing.id}/hold`)).toEqual({ status: 200, json: { ok: true } });
    expect((await api<CallInfo>(base, 'GET', `/calls/${ringing.id}`)).json.state).toBe('held');
    expect(await api(base, 'POST', `/calls/${ringing.id}/resume`)).toEqual({ status: 200, json: { ok: true } });
    expect((await api<CallInfo>(base, 'GET', `/calls/${ringing.id}`)).json.state).toBe('connected');

    await caller.phone.hangup(outId);
    await poll(async () => (await api<CallInfo>(base, 'GET', `/calls/${ringing.id}`)).json.state === 'ended', 5000, 'ended');
    expect(events.messages.some((m) => m.type === 'call' && m.data.id === ringing.id && m.data.state === 'ended')).toBe(true);
    events.ws.close();

    const t0 = Date.now();
    sayhi.child.kill('SIGTERM');
    const exit = await exitWithin(sayhi, 5000);
    if (process.env.SAYHI_TEST_LOG) console.log(`SIGTERM to exit: ${Date.now() - t0} ms`);
    expect(exit, 'exited within 5 s of SIGTERM').toBeDefined();
    expect(exit!.code).toBe(0);
    expect(exit!.stderr).not.toMatch(/still running|ERROR/);
    expect(await kam.registeredAors()).not.toContain('1007');

    expect(toneShare(recordPath, 1000), 'sayhi --record heard the caller').toBeGreaterThan(0.5);
    expect(toneShare(recordPath, 440)).toBeLessThan(0.1);
    expect(toneShare(caller.recordPath, 440), 'the caller heard sayhi --play').toBeGreaterThan(0.5);
  });

  it('keeps its MAC in the data directory and un-registers on SIGINT (Ctrl-C)', async () => {
    for (const p of started.splice(0)) {
      p.kill();
      await p.exited;
    }
    const sayhi = startSayhi([]);
    await sayhi.ready();
    const status = await poll(line1Registered, 5000, 'line 1 registered again');
    const identity = JSON.parse(readFileSync(join(dataDir, 'identity.json'), 'utf8')) as { mac: string };
    expect(status.mac).toBe(identity.mac);
    expect(await kam.registeredAors()).toContain('1007');

    sayhi.child.kill('SIGINT');
    const exit = await exitWithin(sayhi, 5000);
    expect(exit, 'exited within 5 s of SIGINT').toBeDefined();
    expect(exit!.code).toBe(0);
    expect(exit!.stderr).toContain('SIGINT: un-registering');
    expect(await kam.registeredAors()).not.toContain('1007');
  });
});
