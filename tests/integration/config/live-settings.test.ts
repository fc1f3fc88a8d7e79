/**
 * Settings drive the phone, live (issue #3: "changing a SIP account re-registers;
 * disabling it un-registers") — the real composition root (startPhone: SQLite settings,
 * real sockets, the REST API) against the lab Kamailio, user 1009 only — proves:
 *  - a phone started with no account shows line 1 peer-to-peer and nothing in Kamailio;
 *  - PATCH /api/v1/settings with line 1's server/user/password (+ enabled) → the line
 *    registers (API status and Kamailio's location table), without a restart;
 *  - PATCH the password to a wrong one → the old binding is removed (location empty) and the
 *    line shows auth-failed with the reason; the right password again → registered;
 *  - PATCH enabled=false → un-registered: Kamailio's location table no longer has 1009;
 *  - a 'reboot' key (sip.localPort) is stored and reported as pending, the phone keeps its port;
 *  - the settings survive a restart of the phone on the same data directory (line 1 stays
 *    disabled; the stored local port is the one the restarted phone binds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenStartFlags, startPhone, validateStartOptions, type RawStartOptions, type RunningPhone } from '../../../src/cli/index.js';
import { nullLogger } from '../../../src/base/index.js';
import type { LineStatus, PhoneStatus } from '../../../src/phone/index.js';
import type { Kamailio, PhonePorts } from '../../lab/index.js';
import { callApi, freePhonePorts, startLabKamailio, until } from './config-helpers.js';

const USER = '1009';
const dir = mkdtempSync(join(tmpdir(), 'sayhi-live-settings-'));
let kam: Kamailio;
let ports: PhonePorts;
let running: RunningPhone | undefined;

async function start(raw: RawStartOptions): Promise<RunningPhone> {
  const full: RawStartOptions = { data: dir, bind: '127.0.0.1', httpPort: '0', logLevel: 'error', ...raw };
  const opts = { ...validateStartOptions(full), given: givenStartFlags(full) };
  return startPhone(opts, 'test', nullLogger);
}

const line1 = async (): Promise<LineStatus> => (await callApi<PhoneStatus>(running!.httpUrl, 'GET', '/status')).json.lines[0]!;
const patch = (json: Record<string, unknown>) => callApi(running!.httpUrl, 'PATCH', '/settings', { json });
const inLocation = async () => (await kam.registeredAors()).includes(USER);

beforeAll(async () => {
  kam = await startLabKamailio();
  ports = await freePhonePorts(4);
  running = await start({ sipPort: String(ports.sipPort), rtpPorts: `${ports.rtpRange.min}-${ports.rtpRange.min + 19}` });
});

afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a SIP account changed through PATCH /api/v1/settings applies at once', () => {
  it('registers line 1 when its server, user and password are set', async () => {
    expect(await line1()).toMatchObject({ state: 'peer-to-peer', registered: false });
    expect(await inLocation()).toBe(false);
    const res = await patch({
      'account.1.enabled': true,
      'account.1.server': `127.0.0.1:${kam.udp.port}`,
      'account.1.user': USER,
      'account.1.password': kam.passwordOf(USER),
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ reboot: [], pendingReboot: [] });
    const status = await until(async () => ((await line1()).registered ? line1() : undefined), 5000, 'line 1 registered');
    expect(status).toMatchObject({ user: USER, server: `127.0.0.1:${kam.udp.port}`, state: 'registered' });
    expect(await until(inLocation, 3000, `${USER} in Kamailio's location table`)).toBe(true);
  });

  it('a wrong password removes the old binding and shows auth-failed; the right one registers again', async () => {
    expect((await patch({ 'account.1.password': 'wrong-password' })).status).toBe(200);
    const failed = await until(async () => ((await line1()).state === 'auth-failed' ? line1() : undefined), 5000, 'auth-failed');
    expect(failed.registered).toBe(false);
    expect(failed.reason).toBeTruthy();
    expect(await inLocation()).toBe(false);
    expect((await patch({ 'account.1.password': kam.passwordOf(USER) })).status).toBe(200);
    await until(async () => (await line1()).registered, 5000, 'registered again');
    expect(await until(inLocation, 3000, 'back in the location table')).toBe(true);
  });

  it('disabling the account un-registers it', async () => {
    expect((await patch({ 'account.1.enabled': false })).status).toBe(200);
    await until(async () => !(await inLocation()), 5000, `${USER} gone from Kamailio's location table`);
    expect(await line1()).toMatchObject({ registered: false, state: 'peer-to-peer' });
  });

  it('stores a reboot key and reports it pending; the running phone keeps its port', async () => {
    const next = ports.sipPort + 3; // inside the slot's 10 ports, unused by the plan
    const res = await patch({ 'sip.localPort': next });
    expect(res.json).toMatchObject({ reboot: ['sip.localPort'], pendingReboot: ['sip.localPort'] });
    expect(running!.phone.sipPorts.udp).toBe(ports.sipPort);

    await running!.stop();
    running = await start({}); // no ports given: the stored ones
    expect(running.phone.sipPorts.udp).toBe(next);
    expect(await line1()).toMatchObject({ state: 'peer-to-peer', user: USER });
    expect((await callApi(running.httpUrl, 'GET', '/settings')).json).toMatchObject({ 'sip.localPort': next, 'account.1.enabled': false });
    expect((await patch({ 'account.1.label': 'x' })).json).toMatchObject({ pendingReboot: [] });
  });
});
