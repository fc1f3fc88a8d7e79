/**
 * The `sayhi` command line as a user meets it (a real child process) — proves:
 *  - bad options each print exactly ONE line on stderr, starting "sayhi: " and naming
 *    the option, nothing on stdout, exit code 2: bad model, bad port, bad account spec,
 *    too many accounts for the ES320, a missing --play file, a bad MAC, an unknown option,
 *    an option without its value;
 *  - --help and --version exit 0 on stdout (help lists every start option; the version
 *    is package.json's);
 *  - a start whose SIP port (UDP) or HTTP port is already taken prints one clear line
 *    (which port, which option to change) and exits 1 promptly, without hanging.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePorts } from '../../lab/index.js';
import { runSayhi, sayhiEntry } from './cli-helpers.js';

const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'sayhi-cli-opts-'));
/** Slot 8 of the phone plan: base+4..+7 are ours (cli-start uses base and base+2). */
const base = phonePorts(8).sipPort;
const busySip = base + 4;
const busyHttp = base + 5;
const freeSip = base + 6;

let udp: UdpSocket;
let tcp: Server;

beforeAll(async () => {
  udp = createSocket('udp4');
  await new Promise<void>((r) => udp.bind(busySip, '127.0.0.1', () => r()));
  tcp = createServer();
  await new Promise<void>((r) => tcp.listen(busyHttp, '127.0.0.1', () => r()));
});

afterAll(async () => {
  udp?.close();
  await new Promise((r) => tcp?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const oneLine = (s: string) => s.split('\n').filter((l) => l !== '');

describe(`sayhi command line (running ${sayhiEntry().from})`, () => {
  it('refuses each bad option with one stderr line and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['start', '--model', 'ES999'], /^sayhi: --model must be ES320 or ES330, got "ES999"$/],
      [['start', '--sip-port', '70000'], /^sayhi: --sip-port must be a port number \(1-65535\), got "70000"$/],
      [['start', '--http-port', 'eighty'], /^sayhi: --http-port must be a port number/],
      [['start', '--account', '1007:pw@'], /^sayhi: account "1007:pw@": expected user\[:password\]@host\[:port\]$/],
      [['start', '--account', '1007@127.0.0.1;transport=ws'], /^sayhi: account .*transport must be udp, tcp or tls$/],
      [['start', '--model', 'ES320', '--account', 'a@h', '--account', 'b@h', '--account', 'c@h'], /^sayhi: ES320 has 2 lines, got 3 --account options$/],
      [['start', '--play', join(dir, 'missing.wav')], /^sayhi: --play: no such file ".*missing\.wav"/],
      [['start', '--mac', '00:11:22:33:44'], /^sayhi: --mac must be 12 hex digits, got "00:11:22:33:44"$/],
      [['start', '--speaker'], /^sayhi: unknown option '--speaker'/],
      [['start', '--data'], /^sayhi: option '--data <dir>' argument missing$/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runSayhi(['start', '--data', dir, ...args.slice(1)])));
    runs.forEach((r, i) => {
      const [args, message] = cases[i]!;
      const what = args.join(' ');
      expect(oneLine(r.stderr), what).toHaveLength(1);
      expect(oneLine(r.stderr)[0], what).toMatch(message);
      expect(r.stdout, what).toBe('');
      expect(r.code, what).toBe(2);
    });
  });

  it('--help and --version exit 0', async () => {
    const [help, startHelp, ver] = await Promise.all([runSayhi(['--help']), runSayhi(['start', '--help']), runSayhi(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('start [options]');
    expect(startHelp.code).toBe(0);
    for (const opt of ['--data', '--sip-port', '--http-port', '--bind', '--mac', '--model', '--account', '--play', '--record']) {
      expect(startHelp.stdout).toContain(opt);
    }
    expect(ver.code).toBe(0);
    expect(ver.stdout.trim()).toBe(version);
    expect(help.stderr + startHelp.stderr + ver.stderr).toBe('');
  });

  it('a busy SIP or HTTP port: one clear line, exit 1, no hang', async () => {
    const common = ['start', '--data', dir, '--bind', '127.0.0.1', '--rtp-ports', '28870-28899'];
    const [sip, http] = await Promise.all([
      runSayhi([...common, '--sip-port', String(busySip), '--http-port', String(freeSip + 1)], 10_000),
      runSayhi([...common, '--sip-port', String(freeSip), '--http-port', String(busyHttp)], 10_000),
    ]);
    expect(oneLine(sip.stderr)).toEqual([
      `sayhi: SIP port ${busySip} (UDP) on 127.0.0.1 is already in use (another phone or PBX running?): choose another with --sip-port`,
    ]);
    expect(sip.code).toBe(1);
    // the HTTP port is bound after SIP: the phone it started must be stopped for the process to end
    expect(oneLine(http.stderr)).toEqual([
      `sayhi: HTTP port ${busyHttp} on 127.0.0.1 is already in use (another phone or PBX running?): choose another with --http-port`,
    ]);
    expect(http.code).toBe(1);
    expect(Math.max(sip.ms, http.ms)).toBeLessThan(5000);
  });
});
