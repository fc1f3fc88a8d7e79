/**
 * The headline test: a config file shaped the way FusionPBX's Escene e3xx
 * templates render (tests/fixtures/escene/fusionpbx-line1.xml, line 1 → the lab Kamailio;
 * copied here with user 1009 so it cannot collide with tests registering 1001) — proves,
 * with the real `sayhi` command (child processes) and a real data directory:
 *  - `sayhi start --config FILE.xml` applies it and the phone registers line 1 to Kamailio
 *    (API status and Kamailio's location table); the unknown parts of the file are kept;
 *  - PUT /api/v1/config with the same file for user 1010 re-registers line 1 live (1010 in
 *    the location table, 1009 gone); SIGTERM un-registers and exits 0;
 *  - a new process remembers everything (no --config, no --account): it registers 1010 again;
 *  - `sayhi config export` → `config import` → `config export` is byte-identical, and the
 *    export (a new process reading phone.db) still holds the file's unknown attributes;
 *  - `sayhi config import` of a bad file: exit 2, one stderr line with file:line:column,
 *    nothing applied (the next export is unchanged); `--config` with a bad file: the same, no start;
 *  - `sayhi config export --format json`: the settings by key, passwords masked;
 *  - `sayhi phonebook import|export`: the phonebook fixture comes back byte for byte;
 *  - `sayhi factory-reset`: says what it removed, keeps the MAC; the export is the defaults again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneStatus } from '../../../src/phone/index.js';
import type { Kamailio, PhonePorts } from '../../lab/index.js';
import { exitWithin, runSayhi, spawnSayhi, type SayhiProcess } from '../cli/cli-helpers.js';
import { callApi, freePhonePorts, startLabKamailio, until } from './config-helpers.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/escene');
const dir = mkdtempSync(join(tmpdir(), 'sayhi-fusionpbx-'));
const data = join(dir, 'data');
const started: SayhiProcess[] = [];
let kam: Kamailio;
let ports: PhonePorts;
let base: string;

/** The fixture for another lab user (line 1 only: UserNumber, approveName, Password, Describe). */
function provisionFile(user: string): string {
  return readFileSync(join(FIXTURES, 'fusionpbx-line1.xml'), 'utf8')
    .replace('Describe="1001"', `Describe="${user}"`)
    .replace('UserNumber="1001" approveName="1001" Password="pw1001"', `UserNumber="${user}" approveName="${user}" Password="pw${user}"`);
}

const line1 = async () => (await callApi<PhoneStatus>(base, 'GET', '/status')).json.lines[0]!;
const file = (name: string) => join(dir, name);

function start(extra: string[]): SayhiProcess {
  const p = spawnSayhi(['start', '--data', data, '--bind', '127.0.0.1', '--http-port', String(ports.sipPort + 2), ...extra]);
  started.push(p);
  return p;
}

async function stop(p: SayhiProcess): Promise<void> {
  p.child.kill('SIGTERM');
  const r = await exitWithin(p, 5000);
  expect(r?.code, r?.stderr).toBe(0);
}

beforeAll(async () => {
  kam = await startLabKamailio();
  ports = await freePhonePorts(3);
  base = `http://127.0.0.1:${ports.sipPort + 2}`;
  writeFileSync(file('line1-1009.xml'), provisionFile('1009'));
  writeFileSync(file('line1-1010.xml'), provisionFile('1010'));
});

afterAll(() => {
  started.forEach((p) => p.kill());
  rmSync(dir, { recursive: true, force: true });
});

describe('a FusionPBX-shaped Escene file provisions line 1', () => {
  it('registers with `sayhi start --config`, and re-registers live on PUT /api/v1/config', async () => {
    expect(provisionFile('1009')).toContain('UserNumber="1009" approveName="1009" Password="pw1009"');
    const phone = start(['--config', file('line1-1009.xml'), '--sip-port', String(ports.sipPort), '--rtp-ports', `${ports.rtpRange.min}-${ports.rtpRange.min + 19}`]);
    await phone.ready();
    const reg = await until(async () => ((await line1()).registered ? line1() : undefined), 5000, 'line 1 registered');
    expect(reg).toMatchObject({ user: '1009', server: '127.0.0.1:25060', state: 'registered' });
    expect(await kam.registeredAors()).toContain('1009');

    const put = await callApi<{ changed: Array<{ key: string }> }>(base, 'PUT', '/config', { xml: provisionFile('1010') });
    expect(put.status, put.text).toBe(200);
    expect(put.json.changed.map((c) => c.key)).toEqual(expect.arrayContaining(['account.1.user', 'account.1.password']));
    await until(async () => (await line1()).user === '1010' && (await line1()).registered, 5000, 'line 1 registered as 1010');
    await until(async () => {
      const aors = await kam.registeredAors();
      return aors.includes('1010') && !aors.includes('1009');
    }, 3000, '1010 registered and 1009 removed');
    await stop(phone);
    expect(await kam.registeredAors()).not.toContain('1010');
  });

  it('remembers it all in a new process (no --config, no --account)', async () => {
    const phone = start([]);
    await phone.ready();
    expect(phone.stdout()).toContain('ES330');
    await until(async () => (await line1()).registered, 5000, 'line 1 registered from the stored settings');
    expect(await line1()).toMatchObject({ user: '1010' });
    await stop(phone);
  });
});

describe('the config, phonebook and factory-reset commands on the same data directory', () => {
  it('export -> import -> export is byte-identical and keeps the unknown parts', async () => {
    const first = await runSayhi(['config', 'export', '--data', data, file('a.xml')]);
    expect(first.code, first.stderr).toBe(0);
    const a = readFileSync(file('a.xml'), 'utf8');
    expect(a).toContain('VendorFlag="x"');
    expect(a).toContain('ZeroActive="0"');
    expect(a).toMatch(/<sipUser id="0" [^>]*UserNumber="1010"[^>]*Password="pw1010"/);
    expect(a).toContain('<password UsrName="root" Password="" User="user" UserPassword=""/>');
    const imported = await runSayhi(['config', 'import', '--data', data, file('a.xml')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^imported .*a\.xml into .*: 0 settings changed/);
    expect((await runSayhi(['config', 'export', '--data', data, file('b.xml')])).code).toBe(0);
    expect(readFileSync(file('b.xml'), 'utf8')).toBe(a);
  });

  it('refuses a bad file with one line and exit 2, applying nothing', async () => {
    const bad = join(FIXTURES, 'bad-out-of-range.xml');
    const [r, s] = await Promise.all([
      runSayhi(['config', 'import', '--data', data, bad]),
      runSayhi(['start', '--data', data, '--config', bad, '--http-port', '0', '--sip-port', '0', '--bind', '127.0.0.1']),
    ]);
    for (const run of [r, s]) {
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^sayhi: .*bad-out-of-range\.xml:6:\d+: sipUsers\/sipUser\[id=0\]@RefreshTime: .*nothing was applied$/);
    }
    const json = await runSayhi(['config', 'export', '--data', data, '--format', 'json', '-']);
    expect(json.code).toBe(0);
    const settings = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(settings).toMatchObject({ 'account.1.user': '1010', 'account.1.password': '********', 'account.1.registerExpires': 300 });
    expect(json.stdout).not.toContain('pw1010');
  });

  it('imports and exports the personal phonebook', async () => {
    const fixture = join(FIXTURES, '1001_Phonebook.xml');
    const imported = await runSayhi(['phonebook', 'import', '--data', data, fixture]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/3 contacts in 2 groups/);
    expect((await runSayhi(['phonebook', 'export', '--data', data, file('pb.xml')])).code).toBe(0);
    expect(readFileSync(file('pb.xml'), 'utf8')).toBe(readFileSync(fixture, 'utf8'));
  });

  it('factory-reset wipes settings and phonebook, keeps the MAC, says so', async () => {
    const mac = (JSON.parse(readFileSync(join(data, 'identity.json'), 'utf8')) as { mac: string }).mac;
    const r = await runSayhi(['factory-reset', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/personal phonebook: 3 contacts and 2 groups removed/);
    expect(r.stdout).toContain(`kept: MAC ${mac}`);
    expect(r.stdout).toMatch(/web logins: back to root\/root/);
    expect((await runSayhi(['config', 'export', '--data', data, file('c.xml')])).code).toBe(0);
    const c = readFileSync(file('c.xml'), 'utf8');
    expect(c).not.toContain('VendorFlag');
    expect(c).toMatch(/<sipUser id="0" EnableAccount="0"/);
    expect((JSON.parse(readFileSync(join(data, 'identity.json'), 'utf8')) as { mac: string }).mac).toBe(mac);
  });
});
