import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { createLogger } from '../base/index.js';
import { startPhone } from './start-command.js';
import { OptionError, validateStartOptions, type RawStartOptions } from './start-options.js';

const VERSION = readVersion();

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The `sayhi` command line. Returns the exit code (start resolves only when the phone stops). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('sayhi')
    .description('Sayhi: a software Sayhi/Escene ES320/ES330 SIP desk phone')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  let code = 0;
  program
    .command('start')
    .description('run one phone (SIP + RTP + REST API) until Ctrl-C / SIGTERM')
    .option('--data <dir>', 'data directory (default ~/.sayhi or $SAYHI_DATA)')
    .option('--sip-port <n>', 'local SIP port, UDP and TCP (TLS on n+1); 0 = any', undefined)
    .option('--http-port <n>', 'HTTP port of the API (default 8080)')
    .option('--bind <addr>', 'local address to bind (default 0.0.0.0)')
    .option('--mac <hex12>', 'MAC address of this phone')
    .option('--model <model>', 'ES320 (2 lines) or ES330 (3 lines)', 'ES330')
    .option('--account <spec>', 'user[:password]@host[:port][;transport=udp|tcp|tls][;verify=no]: lines 1, 2, 3 in order', collect)
    .option('--play <wav|tone:HZ>', 'what the headless handset microphone plays')
    .option('--record <wav>', 'record what the handset hears to a WAV file')
    .option('--rtp-ports <min-max>', 'RTP port range (default 10000-10128)')
    .option('--tls-ca <pem>', 'extra CA certificate to trust for SIP over TLS', collect)
    .option('--log-level <level>', 'trace|debug|info|warn|error', 'info')
    .action(async (raw: RawStartOptions) => {
      const opts = validateStartOptions(raw);
      const log = createLogger(opts.logLevel);
      const running = await startPhone(opts, VERSION, log);
      const ports = running.phone.sipPorts;
      process.stdout.write(
        `Sayhi ${opts.model} ${VERSION} ready: SIP udp ${opts.bind}:${ports.udp ?? '-'} tcp :${ports.tcp ?? '-'}; ` +
          `API ${running.httpUrl}/api/v1 (admin login root/root by default)\n`,
      );
      for (const l of running.phone.status().lines) {
        process.stdout.write(`  line ${l.line}: ${l.state}${l.user ? ` ${l.user}@${l.server} (${l.transport})` : ''}\n`);
      }
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log.info(`${signal}: un-registering and stopping`);
          running.stop().then(resolve, (err: unknown) => {
            log.error('stop failed', { error: String(err) });
            code = 1;
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof OptionError) {
      process.stderr.write(`sayhi: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`sayhi: address in use (${e.message.replace(/^.*EADDRINUSE:?\s*/, '')}): another phone or PBX is running? use --sip-port/--http-port\n`);
      return 1;
    }
    process.stderr.write(`sayhi: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return code;
}
