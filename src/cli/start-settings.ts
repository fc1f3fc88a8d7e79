import { importEsceneConfig, type PhoneSettings } from '../config/index.js';
import type { AccountConfig } from '../phone/index.js';
import { describeIssues, readInputFile } from './phone-store.js';
import { OptionError, type StartFlag, type StartOptions } from './start-options.js';

/**
 * The software phone's HTTP port when none was ever set: the manual's 80 needs
 * root (docs/decisions.md "Web/API port"). Written into the settings on the
 * first start, so the API and the Escene export show the port in use.
 */
export const DEFAULT_HTTP_PORT = 8080;

const ALL_FLAGS: StartFlag[] = ['sipPort', 'httpPort', 'rtpPorts', 'model', 'accounts'];

/** `--config FILE.xml`: merged like `sayhi config import`; a bad file stops the start with one line (exit 2). */
export async function mergeStartConfig(store: PhoneSettings, file: string): Promise<void> {
  const result = await importEsceneConfig(store, readInputFile(file), { file });
  if (!result.ok) throw new OptionError(`--config ${describeIssues(result.errors)}`);
}

/**
 * The account fields an --account spec sets: user, password, server and transport
 * always (as the web page's form would), the optional ;parameters only when named,
 * so `--account 1007@pbx` keeps a stored expiry or display name.
 */
function accountEntries(n: number, account: AccountConfig, params: readonly string[]): Array<[string, unknown]> {
  const k = (field: string) => `account.${n}.${field}`;
  const out: Array<[string, unknown]> = [
    [k('enabled'), true],
    [k('user'), account.user],
    [k('password'), account.password],
    [k('server'), account.server],
    [k('transport'), account.transport],
  ];
  if (params.includes('verify')) out.push([k('tlsVerify'), account.tlsVerify]);
  if (params.includes('auth')) out.push([k('authName'), account.authName]);
  if (params.includes('expires')) out.push([k('registerExpires'), account.registerExpires]);
  if (params.includes('name')) out.push([k('displayName'), account.displayName]);
  return out;
}

/**
 * Write the options given on the command line into the settings, in one atomic
 * change: the phone remembers them, as if they had been entered on the web page
 * (docs/decisions.md "Command-line options are settings"). Port 0 ("any free port")
 * is for this run only: it is not a port a phone can remember.
 */
export async function applyStartFlags(store: PhoneSettings, opts: StartOptions): Promise<void> {
  const given = new Set(opts.given?.flags ?? ALL_FLAGS);
  const entries: Array<[string, unknown]> = [];
  if (given.has('sipPort') && opts.sipPort !== 0) entries.push(['sip.localPort', opts.sipPort]);
  if (given.has('httpPort') && opts.httpPort !== 0) entries.push(['web.port', opts.httpPort]);
  else if (!store.settings.isStored('web.port')) entries.push(['web.port', DEFAULT_HTTP_PORT]);
  if (given.has('rtpPorts')) entries.push(['sip.rtpPortMin', opts.rtpPortMin], ['sip.rtpPortMax', opts.rtpPortMax]);
  if (given.has('accounts')) {
    opts.accounts.forEach((a, i) => entries.push(...accountEntries(i + 1, a, opts.given?.accountParams[i] ?? ['verify', 'auth', 'expires', 'name'])));
  }
  const result = await store.apply(entries, { role: 'admin' });
  if (!result.ok) throw new OptionError(result.errors.map((e) => e.reason).join('; '));
}

/** The ports of this run: a given 0 means any free port; otherwise the settings say. */
export function runPorts(store: PhoneSettings, opts: StartOptions): { sipPort: number; httpPort: number } {
  const given = new Set(opts.given?.flags ?? ALL_FLAGS);
  return {
    sipPort: given.has('sipPort') && opts.sipPort === 0 ? 0 : store.settings.int('sip.localPort'),
    httpPort: given.has('httpPort') && opts.httpPort === 0 ? 0 : store.settings.int('web.port'),
  };
}
