import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseAccountSpec, lineCount, type AccountConfig, type PhoneModel } from '../phone/index.js';

/** `sayhi start` options after validation. */
export interface StartOptions {
  dataDir: string;
  sipPort: number;
  httpPort: number;
  bind: string;
  mac?: string;
  model: PhoneModel;
  accounts: AccountConfig[];
  play?: string;
  record?: string;
  rtpPortMin: number;
  rtpPortMax: number;
  tlsCa: string[];
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** `--config FILE.xml`: an Escene config file merged into the settings at start, before the flags. */
  configFile?: string;
  /** `--https-port N`: the web pages and API also over HTTPS (self-signed certificate made on first start). */
  httpsPort?: number;
  /**
   * Which options were on the command line (givenStartFlags). Those are written into
   * the settings, as if entered on the web page; the others leave the stored values.
   * Absent: every option counts as given (a program calling startPhone directly).
   */
  given?: GivenStartFlags;
}

/** Options that the phone remembers in its settings when given. */
export type StartFlag = 'sipPort' | 'httpPort' | 'rtpPorts' | 'model' | 'accounts';

export interface GivenStartFlags {
  flags: StartFlag[];
  /** For each --account, the ;parameters it named (transport, verify, auth, expires, name). */
  accountParams: string[][];
}

export interface RawStartOptions {
  data?: string;
  sipPort?: string;
  httpPort?: string;
  httpsPort?: string;
  bind?: string;
  mac?: string;
  model?: string;
  account?: string[];
  play?: string;
  record?: string;
  rtpPorts?: string;
  tlsCa?: string[];
  logLevel?: string;
  config?: string;
}

/** A bad command line: one line on stderr, exit code 2 (the usage-error convention). */
export class OptionError extends Error {}

/** The options were fine but the phone could not start (port in use, data directory...): exit code 1. */
export class StartError extends Error {}

function port(name: string, v: string | undefined, dflt: number, allowZero = false): number {
  if (v === undefined) return dflt;
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535 || (!allowZero && Number(v) === 0)) {
    throw new OptionError(`--${name} must be a port number (1-65535), got "${v}"`);
  }
  return Number(v);
}

/** `--data`, else $SAYHI_DATA, else ~/.sayhi (docs/decisions.md "Data directory"). */
export function resolveDataDir(data: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(data ?? env.SAYHI_DATA ?? join(homedir(), '.sayhi'));
}

/** Which of the remembered options the command line gave (see StartOptions.given). */
export function givenStartFlags(raw: RawStartOptions): GivenStartFlags {
  const flags: StartFlag[] = [];
  if (raw.sipPort !== undefined) flags.push('sipPort');
  if (raw.httpPort !== undefined) flags.push('httpPort');
  if (raw.rtpPorts !== undefined) flags.push('rtpPorts');
  if (raw.model !== undefined) flags.push('model');
  if ((raw.account ?? []).length > 0) flags.push('accounts');
  const accountParams = (raw.account ?? []).map((spec) =>
    spec
      .split(';')
      .slice(1)
      .map((p) => (p.split('=')[0] ?? '').toLowerCase()),
  );
  return { flags, accountParams };
}

/** Validate raw options; throws OptionError with one clear line. */
export function validateStartOptions(raw: RawStartOptions, env: NodeJS.ProcessEnv = process.env): StartOptions {
  const model = (raw.model ?? 'ES330').toUpperCase();
  if (model !== 'ES320' && model !== 'ES330') throw new OptionError(`--model must be ES320 or ES330, got "${raw.model}"`);
  const bind = raw.bind ?? '0.0.0.0';
  if (!isIP(bind)) throw new OptionError(`--bind must be an IP address, got "${bind}"`);
  let mac: string | undefined;
  if (raw.mac !== undefined) {
    mac = raw.mac.replace(/[:-]/g, '').toLowerCase();
    if (!/^[0-9a-f]{12}$/.test(mac)) throw new OptionError(`--mac must be 12 hex digits, got "${raw.mac}"`);
  }
  const specs = raw.account ?? [];
  const max = lineCount(model);
  if (specs.length > max) throw new OptionError(`${model} has ${max} lines, got ${specs.length} --account options`);
  const accounts = specs.map((s) => {
    const r = parseAccountSpec(s);
    if (!r.ok) throw new OptionError(r.reason);
    return r.account;
  });
  if (raw.play !== undefined) {
    if (raw.play.startsWith('tone:')) {
      const hz = Number(raw.play.slice(5));
      if (!/^tone:\d+(\.\d+)?$/.test(raw.play) || !(hz > 0 && hz < 8000)) {
        throw new OptionError(`--play tone:HZ needs a frequency of 1..7999 Hz, got "${raw.play}"`);
      }
    } else if (!existsSync(raw.play) || !statSync(raw.play).isFile()) {
      throw new OptionError(`--play: no such file "${raw.play}" (a WAV file, or tone:HZ)`);
    }
  }
  if (raw.record !== undefined) {
    const dir = dirname(resolve(raw.record));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new OptionError(`--record: no such directory "${dir}"`);
  }
  let rtpPortMin = 10000;
  let rtpPortMax = 10128;
  if (raw.rtpPorts !== undefined) {
    const m = /^(\d{1,5})-(\d{1,5})$/.exec(raw.rtpPorts);
    if (!m || Number(m[1]) < 1024 || Number(m[2]) > 65535 || Number(m[2]) - Number(m[1]) < 3) {
      throw new OptionError(`--rtp-ports must be MIN-MAX within 1024-65535, got "${raw.rtpPorts}"`);
    }
    rtpPortMin = Number(m[1]);
    rtpPortMax = Number(m[2]);
  }
  const tlsCa = (raw.tlsCa ?? []).map((f) => {
    if (!existsSync(f)) throw new OptionError(`--tls-ca: no such file "${f}"`);
    return readFileSync(f, 'utf8');
  });
  const levels = ['trace', 'debug', 'info', 'warn', 'error'] as const;
  const logLevel = (raw.logLevel ?? 'info') as StartOptions['logLevel'];
  if (!levels.includes(logLevel)) throw new OptionError(`--log-level must be one of ${levels.join(', ')}, got "${raw.logLevel}"`);
  const opts: StartOptions = {
    dataDir: resolveDataDir(raw.data, env),
    sipPort: port('sip-port', raw.sipPort, 5060, true),
    httpPort: port('http-port', raw.httpPort, 8080, true),
    bind,
    model,
    accounts,
    rtpPortMin,
    rtpPortMax,
    tlsCa,
    logLevel,
  };
  if (raw.httpsPort !== undefined) {
    opts.httpsPort = port('https-port', raw.httpsPort, 0, true);
    if (opts.httpsPort !== 0 && (opts.httpsPort === opts.httpPort || opts.httpsPort === opts.sipPort)) {
      throw new OptionError('--https-port must differ from --http-port and --sip-port');
    }
  }
  if (opts.sipPort !== 0 && opts.httpPort === opts.sipPort) {
    throw new OptionError(`--http-port and --sip-port must differ (the SIP TCP listener uses ${opts.sipPort})`);
  }
  if (raw.config !== undefined) {
    if (!existsSync(raw.config) || !statSync(raw.config).isFile()) throw new OptionError(`--config: no such file "${raw.config}"`);
    opts.configFile = raw.config;
  }
  if (mac !== undefined) opts.mac = mac;
  if (raw.play !== undefined) opts.play = raw.play;
  if (raw.record !== undefined) opts.record = raw.record;
  return opts;
}
