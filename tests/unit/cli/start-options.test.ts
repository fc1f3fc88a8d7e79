/**
 * `sayhi start` option validation and the phone's kept MAC (src/cli) — proves:
 *  - defaults: data dir $SAYHI_DATA else ~/.sayhi, SIP 5060, HTTP 8080, bind 0.0.0.0,
 *    ES330, RTP 10000-10128, log level info;
 *  - --account specs fill lines in order with user, password, server and transport;
 *    the ES320 takes 2, the ES330 3; a 3rd account on an ES320 is refused;
 *  - every bad value is an OptionError whose one-line message names the option and
 *    the value: model, ports (text, 0 for HTTP allowed, 65536), bind, mac, account
 *    spec, play file / tone, record directory, RTP range, log level, equal SIP and HTTP ports;
 *  - MAC: colons/dashes accepted and normalised; phoneMac() makes a locally
 *    administered unicast MAC once per data directory and keeps it; --mac wins; a corrupt
 *    identity file is a StartError (not a silently new MAC);
 *  - bind failures become one actionable StartError line (which port, protocol, option).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OptionError, StartError, describeBindError, phoneMac, validateStartOptions, type RawStartOptions } from '../../../src/cli/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sayhi-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const wav = join(dir, 'mic.wav');
writeFileSync(wav, 'RIFF');

const v = (raw: RawStartOptions, env: NodeJS.ProcessEnv = {}) => validateStartOptions(raw, env);

describe('validateStartOptions', () => {
  it('has the documented defaults', () => {
    expect(v({})).toEqual({
      dataDir: join(homedir(), '.sayhi'),
      sipPort: 5060,
      httpPort: 8080,
      bind: '0.0.0.0',
      model: 'ES330',
      accounts: [],
      rtpPortMin: 10000,
      rtpPortMax: 10128,
      tlsCa: [],
      logLevel: 'info',
    });
    expect(v({}, { SAYHI_DATA: '/srv/phone' }).dataDir).toBe('/srv/phone');
    expect(v({ data: '/x/y' }, { SAYHI_DATA: '/srv/phone' }).dataDir).toBe('/x/y');
  });

  it('fills lines from --account in order', () => {
    const o = v({ model: 'es320', account: ['1007:pw1007@127.0.0.1:25060', '1008@pbx.example;transport=tls'], play: 'tone:440', record: join(dir, 'heard.wav') });
    expect(o.model).toBe('ES320');
    expect(o.accounts.map((a) => [a.user, a.password, a.server, a.transport, a.enabled])).toEqual([
      ['1007', 'pw1007', '127.0.0.1:25060', 'udp', true],
      ['1008', '', 'pbx.example', 'tls', true],
    ]);
    expect(o.play).toBe('tone:440');
    expect(v({ account: ['a@h', 'b@h', 'c@h'] }).accounts).toHaveLength(3);
  });

  it('normalises a MAC and accepts port 0 (any) and a WAV to play', () => {
    const o = v({ mac: '02:00:5E:00:00:01', sipPort: '0', httpPort: '0', play: wav, rtpPorts: '20000-20099', bind: '::1' });
    expect(o).toMatchObject({ mac: '02005e000001', sipPort: 0, httpPort: 0, play: wav, rtpPortMin: 20000, rtpPortMax: 20099, bind: '::1' });
  });

  it.each<[string, RawStartOptions, RegExp]>([
    ['bad model', { model: 'ES999' }, /^--model must be ES320 or ES330, got "ES999"$/],
    ['port text', { sipPort: 'five' }, /^--sip-port must be a port number .*"five"/],
    ['port too big', { httpPort: '65536' }, /^--http-port must be a port number .*"65536"/],
    ['negative port', { sipPort: '-1' }, /^--sip-port/],
    ['bind a name', { bind: 'localhost' }, /^--bind must be an IP address, got "localhost"$/],
    ['mac short', { mac: '0011223344' }, /^--mac must be 12 hex digits/],
    ['mac not hex', { mac: '00112233445g' }, /^--mac must be 12 hex digits, got "00112233445g"$/],
    ['account without host', { account: ['1007@'] }, /^account "1007@": expected user\[:password\]@host\[:port\]$/],
    ['account bad transport', { account: ['1007@h;transport=sctp'] }, /transport must be udp, tcp or tls/],
    ['account bad port', { account: ['1007@h:99999'] }, /port out of range/],
    ['3 accounts on an ES320', { model: 'ES320', account: ['a@h', 'b@h', 'c@h'] }, /^ES320 has 2 lines, got 3 --account options$/],
    ['4 accounts on an ES330', { account: ['a@h', 'b@h', 'c@h', 'd@h'] }, /^ES330 has 3 lines/],
    ['missing play file', { play: join(dir, 'none.wav') }, /^--play: no such file ".*none.wav"/],
    ['play a directory', { play: dir }, /^--play: no such file/],
    ['tone 0', { play: 'tone:0' }, /^--play tone:HZ needs a frequency of 1..7999 Hz/],
    ['tone 8000', { play: 'tone:8000' }, /^--play tone:HZ/],
    ['tone text', { play: 'tone:abc' }, /^--play tone:HZ/],
    ['record into nowhere', { record: join(dir, 'no', 'x.wav') }, /^--record: no such directory/],
    ['rtp range backwards', { rtpPorts: '20099-20000' }, /^--rtp-ports must be MIN-MAX/],
    ['rtp range privileged', { rtpPorts: '100-200' }, /^--rtp-ports/],
    ['log level', { logLevel: 'loud' }, /^--log-level must be one of .*"loud"$/],
    ['same SIP and HTTP port', { sipPort: '7000', httpPort: '7000' }, /^--http-port and --sip-port must differ/],
  ])('%s → one clear line', (_what, raw, message) => {
    let err: unknown;
    try {
      v(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });
});

describe('phoneMac', () => {
  it('makes a locally administered unicast MAC once and keeps it', () => {
    const d = join(dir, 'id1');
    const mac = phoneMac(d, undefined);
    expect(mac).toMatch(/^[0-9a-f]{12}$/);
    const first = parseInt(mac.slice(0, 2), 16);
    expect(first & 0x02).toBe(0x02);
    expect(first & 0x01).toBe(0);
    expect(phoneMac(d, undefined)).toBe(mac);
    expect(phoneMac(d, '02005e0000aa')).toBe('02005e0000aa');
    expect(phoneMac(join(dir, 'id2'), undefined)).not.toBe(mac);
  });

  it('refuses a corrupt identity file instead of inventing a new MAC', () => {
    const d = join(dir, 'id3');
    phoneMac(d, undefined);
    writeFileSync(join(d, 'identity.json'), '{"mac": ');
    expect(() => phoneMac(d, undefined)).toThrow(StartError);
    expect(() => phoneMac(d, undefined)).toThrow(/identity.json is not valid JSON/);
  });
});

describe('describeBindError', () => {
  const sys = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5060`), { code, syscall });
  it.each([
    [sys('EADDRINUSE', 'bind'), 'SIP', 'SIP port 5060 (UDP) on 127.0.0.1 is already in use (another phone or PBX running?): choose another with --sip-port'],
    [sys('EADDRINUSE', 'listen'), 'SIP', 'SIP port 5060 (TCP) on 127.0.0.1 is already in use (another phone or PBX running?): choose another with --sip-port'],
    [sys('EADDRINUSE', 'listen'), 'HTTP', 'HTTP port 5060 on 127.0.0.1 is already in use (another phone or PBX running?): choose another with --http-port'],
    [sys('EACCES', 'listen'), 'HTTP', 'no permission to use HTTP port 5060 on 127.0.0.1 (ports below 1024 need privileges): choose another with --http-port'],
    [sys('EADDRNOTAVAIL', 'bind'), 'SIP', '--bind 127.0.0.1 is not an address of this machine'],
  ] as const)('%s (%s)', (err, what, message) => {
    const out = describeBindError(err, what, '127.0.0.1', 5060);
    expect(out).toBeInstanceOf(StartError);
    expect((out as Error).message).toBe(message);
  });

  it('passes other errors through', () => {
    const other = new Error('boom');
    expect(describeBindError(other, 'SIP', '127.0.0.1', 5060)).toBe(other);
  });
});
