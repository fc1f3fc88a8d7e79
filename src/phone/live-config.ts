import type { Logger } from '../base/index.js';
import type { Settings } from '../config/index.js';
import { phoneConfigFromSettings } from './config-from-settings.js';
import type { Line, LineReconfigureResult } from './line.js';
import type { AccountConfig, PhoneConfig } from './phone-config.js';

/**
 * Configuration changes while the phone runs (issue #3): a changed account is
 * applied to its line at once; what the transports, RTP allocator and transaction
 * timers read at start waits for the next start (the registry declares those keys
 * 'reboot', so surfaces say so).
 */

/** What applyConfig did to each line (1-based, in line order). */
export interface ApplyConfigResult {
  lines: Array<{ line: number; result: LineReconfigureResult }>;
  /** PhoneConfig fields that differ but are only read at start (ports, timers): applied at the next start. */
  atNextStart: Array<keyof PhoneConfig>;
}

/** Fields the transports, timers and RTP allocator read once, at start. */
const START_ONLY_FIELDS = ['sipPort', 'bindAddress', 'rtpPortMin', 'rtpPortMax', 't1', 't2', 't4', 'userAgent', 'mac', 'model'] as const;

export function startOnlyChanges(current: PhoneConfig, next: PhoneConfig): Array<keyof PhoneConfig> {
  return START_ONLY_FIELDS.filter((f) => current[f] !== next[f]);
}

/** Every line gets its new account; the lines work in parallel (each un-REGISTER is bounded). */
export function reconfigureLines(lines: readonly Line[], accounts: readonly AccountConfig[]): Promise<ApplyConfigResult['lines']> {
  return Promise.all(
    lines.map(async (line, i) => {
      const account = accounts[i];
      return { line: line.number, result: account ? await line.reconfigure(account) : ('unchanged' as const) };
    }),
  );
}

/**
 * Follow the settings' 'changed' events: re-read the accounts and apply them. The
 * start-only fields stay as started (a runtime "any port" is not a settings value).
 * Returns the unsubscribe function.
 */
export function followSettings(
  settings: Settings,
  phone: { readonly config: PhoneConfig; applyConfig(next: PhoneConfig): Promise<unknown> },
  logger: Logger,
): () => void {
  return settings.events.on('changed', (changes) => {
    if (!changes.some((c) => c.effect === 'live')) return;
    const c = phone.config;
    const next = phoneConfigFromSettings(settings, c.model, { mac: c.mac, bindAddress: c.bindAddress, tlsCa: c.tlsCa, userAgent: c.userAgent });
    void phone.applyConfig({ ...c, accounts: next.accounts }).catch((err: unknown) => logger.error('applying settings failed', { error: String(err) }));
  });
}
