import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { createLogger, type Logger } from '../base/index.js';
import { configExport, configImport, factoryReset, keysExport, keysImport, phonebookExport, phonebookImport } from './config-commands.js';
import { startPhone, type RunningPhone } from './start-command.js';
import { OptionError, StartError, givenStartFlags, validateStartOptions, type RawStartOptions, type StartOptions } from './start-options.js';

export const VERSION = readVersion();

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Exit codes: 0 done, 1 could not start / failed, 2 bad command line. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function printReady(opts: StartOptions, running: RunningPhone): void {
  const ports = running.phone.sipPorts;
  const login = running.defaultAdminPassword ? ' (admin login root/root: change it)' : '';
  const lines = running.phone.status().lines.map((l) => `  line ${l.line}: ${l.state}${l.user ? ` ${l.user}@${l.server} (${l.transport})` : ''}\n`);
  // one write: whoever waits for "ready" gets the line list with it
  process.stdout.write(
    `Sayhi ${running.phone.config.model} ${VERSION} ready: SIP udp ${opts.bind}:${ports.udp ?? '-'} tcp :${ports.tcp ?? '-'}; ` +
      `web ${running.httpUrl}/ (phone face ${running.httpUrl}/phone), API ${running.httpUrl}/api/v1` +
      `${running.httpsUrl ? `, HTTPS ${running.httpsUrl}/` : ''}${login}\n${lines.join('')}`,
  );
}

/** Resolves on the first SIGINT (Ctrl-C) or SIGTERM, after the phone stopped: un-registered, sockets closed. */
function runUntilSignal(running: RunningPhone, log: Logger): Promise<number> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // a second Ctrl-C while un-registering falls back to Node's default: leave at once
      log.info(`${signal}: un-registering and stopping`);
      running.stop().then(
        () => resolve(EXIT_OK),
        (err: unknown) => {
          log.error('stop failed', { error: String(err) });
          resolve(EXIT_FAILED);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The `sayhi` command line. Returns the exit code (start resolves only when the phone stops). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('sayhi')
    .description('Sayhi: a software Sayhi/Escene ES320/ES330 SIP desk phone')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // one line, in the same voice as our own option errors
      outputError: (s, write) => write(`sayhi: ${s.replace(/^error: /, '')}`),
    });

  let code = EXIT_OK;
  program
    .command('start')
    .description('run one phone (SIP + RTP + REST API) until Ctrl-C / SIGTERM')
    .addHelpText(
      'after',
      '\nThe phone keeps its settings in <data>/phone.db. --config is merged first, then --sip-port, --http-port,\n' +
        '--rtp-ports, --model and --account are written into the settings: the phone remembers them, as if\n' +
        'entered on its web page. Options not given keep the stored values (port 0 = any, this run only).',
    )
    .option('--data <dir>', 'data directory (default ~/.sayhi or $SAYHI_DATA)')
    .option('--config <file.xml>', 'merge an Escene config file (<MAC>.xml / ESConfig.xml) into the settings first')
    .option('--sip-port <n>', 'local SIP port, UDP and TCP (default 5060; 0 = any)')
    .option('--http-port <n>', 'HTTP port of the API (default 8080; 0 = any)')
    .option('--https-port <n>', 'also serve the web pages and API over HTTPS on this port (self-signed certificate made on first start)')
    .option('--bind <addr>', 'local address to bind (default 0.0.0.0)')
    .option('--mac <hex12>', 'MAC address of this phone (default: kept in the data directory)')
    .option('--model <model>', 'ES320 (2 lines) or ES330 (3 lines) (default: as last started, else ES330)')
    .option('--account <spec>', 'user[:password]@host[:port][;transport=udp|tcp|tls][;verify=no]: lines 1, 2, 3 in order', collect)
    .option('--play <wav|tone:HZ>', 'what the headless handset microphone plays')
    .option('--record <wav>', 'record what the handset hears to a WAV file')
    .option('--rtp-ports <min-max>', 'RTP port range (default 10000-10128)')
    .option('--tls-ca <pem>', 'extra CA certificate to trust for SIP over TLS', collect)
    .option('--log-level <level>', 'trace|debug|info|warn|error', 'info')
    .action(async (raw: RawStartOptions) => {
      const opts: StartOptions = { ...validateStartOptions(raw), given: givenStartFlags(raw) };
      const log = createLogger(opts.logLevel);
      const running = await startPhone(opts, VERSION, log);
      printReady(opts, running);
      code = await runUntilSignal(running, log);
    });

  const dataOption = ['--data <dir>', 'data directory (default ~/.sayhi or $SAYHI_DATA)'] as const;
  const config = program.command('config').description('the settings as an Escene config file (ESConfig.xml) or JSON');
  config
    .command('export')
    .description('write the full ESConfig.xml (with the kept unknown parts) or the settings as JSON; FILE "-" = stdout')
    .argument('<file>')
    .option(...dataOption)
    .option('--format <format>', 'escene (ESConfig.xml) or json (settings by key, passwords masked)', 'escene')
    .action((file: string, o: { data?: string; format?: string }) => configExport(file, o));
  config
    .command('import')
    .description('merge an Escene config file into the settings (all or nothing; a bad file: exit 2)')
    .argument('<file>')
    .option(...dataOption)
    .action((file: string, o: { data?: string }) => configImport(file, o));
  const phonebook = program.command('phonebook').description('the personal (or enterprise) phonebook as an Escene phonebook file');
  phonebook
    .command('export')
    .argument('<file>')
    .option(...dataOption)
    .option('--enterprise', 'the enterprise phonebook (800) instead of the personal one (300)')
    .action((file: string, o: { data?: string; enterprise?: boolean }) => phonebookExport(file, o));
  phonebook
    .command('import')
    .description('replace the phonebook with the file (all or nothing; a bad file: exit 2)')
    .argument('<file>')
    .option(...dataOption)
    .option('--enterprise', 'the enterprise phonebook (800) instead of the personal one (300)')
    .action((file: string, o: { data?: string; enterprise?: boolean }) => phonebookImport(file, o));
  const keys = program.command('keys').description('the programmable keys as an Escene keys file (<account-1 number>_Extern.xml)');
  keys.command('export').argument('<file>').option(...dataOption).action((file: string, o: { data?: string }) => keysExport(file, o));
  keys
    .command('import')
    .description('load a keys file: the containers it carries replace ours (all or nothing; a bad file: exit 2)')
    .argument('<file>')
    .option(...dataOption)
    .action((file: string, o: { data?: string }) => keysImport(file, o));
  program
    .command('factory-reset')
    .description('settings back to the defaults, phonebooks, banlist and call history wiped, web logins root/root and user/user; keeps the MAC')
    .option(...dataOption)
    .action((o: { data?: string }) => factoryReset(o));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (err instanceof OptionError) {
      process.stderr.write(`sayhi: ${err.message}\n`);
      return EXIT_USAGE;
    }
    // StartError says what to do; anything else is at least kept to one line
    const message = err instanceof StartError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`sayhi: ${message.split('\n')[0]}\n`);
    return EXIT_FAILED;
  }
  return code;
}
