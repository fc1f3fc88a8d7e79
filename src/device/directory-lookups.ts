import type { Clock, Logger, TimerHandle } from '../base/index.js';
import type { CallInfo } from '../phone/index.js';
import type { DirectorySearch } from './menu/directory-search.js';
import type { DialMatch } from './screens/screen-context.js';
import { userPart } from './screens/screen-context.js';

/** Wait after the last digit before asking the directory (typing fast must not send a search per key). */
const DIAL_PAUSE_MS = 400;
/** Names learnt for incoming numbers, kept for the calls that follow (bounded). */
const NAME_CACHE_MAX = 200;
/** Directory hits shown under the number being dialled. */
const DIAL_HITS_MAX = 10;

/**
 * The LDAP page's two lookups (manual §7 Phone Book > LDAP: "LDAP Lookup for
 * Incoming Call", "LDAP Lookup for PreDial/Dial"), for the face:
 *  - a call ringing in with no display name and no phone-book entry is
 *    looked up by number; the name found is what the LCD shows;
 *  - digits typed in the dialer are looked up by number after a short pause;
 *    the entries found are listed under the number like the phone-book matches.
 * The directory decides which servers take part in which lookup (each server's
 * own switch); a failed lookup is logged and shows nothing: the call goes on.
 */
export class DirectoryLookups {
  private readonly names = new Map<string, string>();
  private readonly asked = new Set<string>();
  private dial: { digits: string; matches: DialMatch[] } | undefined;
  private dialTimer: TimerHandle | undefined;
  private wanted = '';

  constructor(
    private readonly directory: DirectorySearch | undefined,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Something new to show: redraw. */
    private readonly changed: () => void,
  ) {}

  /** The name the directory gave this number, if one was looked up. */
  nameFor(number: string): string | undefined {
    return this.names.get(number);
  }

  /** A call's state changed: look up a ringing caller the LCD has no name for. */
  incoming(call: CallInfo, knownName: (number: string) => string | undefined): void {
    if (!this.directory?.configured() || call.direction !== 'incoming' || call.state !== 'ringing' || call.remoteName) return;
    const number = userPart(call.remote);
    if (!number || number === 'anonymous' || knownName(number) || this.asked.has(number)) return;
    this.asked.add(number);
    void this.directory
      .search('number', number, 'incoming')
      .then((found) => {
        const hit = found.find((e) => e.numbers.includes(number)) ?? found[0];
        if (!hit) return;
        if (this.names.size >= NAME_CACHE_MAX) this.names.delete(this.names.keys().next().value!);
        this.names.set(number, hit.name);
        this.changed();
      })
      .catch((err: unknown) => this.logger.info('LDAP lookup for an incoming call failed', { number, error: (err as Error).message }))
      .finally(() => this.asked.delete(number));
  }

  /** The directory's entries for the digits being dialled (asked for after a pause; empty until they come). */
  dialMatches(digits: string): DialMatch[] {
    if (!this.directory?.configured() || digits === '' || !/^[0-9*#]+$/.test(digits)) {
      this.cancelDial();
      return [];
    }
    if (this.dial?.digits === digits) return this.dial.matches;
    if (this.wanted !== digits) {
      this.wanted = digits;
      this.dialTimer?.cancel();
      this.dialTimer = this.clock.setTimer(DIAL_PAUSE_MS, () => this.searchDial(digits));
    }
    return [];
  }

  stop(): void {
    this.cancelDial();
  }

  private cancelDial(): void {
    this.dialTimer?.cancel();
    this.dialTimer = undefined;
    this.wanted = '';
  }

  private searchDial(digits: string): void {
    this.dialTimer = undefined;
    void this.directory!.search('number', digits, 'dial')
      .then((found) => {
        if (this.wanted !== digits) return; // typed on meanwhile
        const matches: DialMatch[] = [];
        for (const e of found) {
          const number = e.numbers.find((n) => n.startsWith(digits)) ?? e.numbers[0];
          if (number) matches.push({ name: e.name, number, book: 'ldap' });
          if (matches.length >= DIAL_HITS_MAX) break;
        }
        this.dial = { digits, matches };
        if (matches.length > 0) this.changed();
      })
      .catch((err: unknown) => this.logger.info('LDAP lookup while dialling failed', { digits, error: (err as Error).message }));
  }
}
