import type { TimerHandle } from '../../base/index.js';
import { KEPT_KEYS_TEXT, keyLayout, lineKeysOf, type MemoryKey } from '../../config/index.js';
import type { DialogInfoDialog } from '../../sip-ua/index.js';
import type { Line } from '../line.js';
import type { PhoneContext } from '../phone-context.js';
import { lineCount } from '../phone-config.js';
import { PhoneError } from '../phone-errors.js';
import type { PhoneFeature } from '../phone-feature.js';
import type { KeyFunction, KeyPressResult, KeyRef, PhoneStatus, ProgrammableKeyStatus } from '../phone-types.js';
import { pressKey, type BoundKey } from './key-actions.js';
import { KeyLamps } from './key-lamps.js';
import { serviceHub } from './service-hub.js';
import { autoLine } from './subscription-line.js';

interface KeyEntry {
  id: string;
  module?: number;
  lineKey?: true;
  index: number;
  key: MemoryKey;
}

/** Settings that change what the lamps watch. */
const LAMP_SETTING_RE = /^(keys\.blfLight|account\.\d+\.(bla|blaNumber|subscribeExpires)|sip\.subscribeExpires)$/;
/**
 * The keys file changes through imports (API, CLI, provisioning) that do not
 * tell the phone; it is re-read this often (one small row), and on every
 * status, list and press.
 */
const LAYOUT_CHECK_MS = 5000;

/**
 * The programmable keys of the stored keys file (manual §7 "Programmable
 * Keys": 16 memory keys, and on the ES330 expansion modules of 32 keys): each
 * key's function, its BLF/BLA lamp and what pressing it does (key-actions.ts).
 * The lamps come from dialog-package subscriptions per line (key-lamps.ts),
 * only while "BLF Light" (`keys.blfLight`) is on. Lamp changes are `key`
 * events; the list is `status().keys`. Line keys given a key function on the
 * page are keys here too ("l<n>"). The fixed-key remapping (ProgramKeys) is
 * the face's (src/device/function-key-remap.ts).
 */
export class ProgrammableKeysFeature implements PhoneFeature {
  readonly name = 'programmable-keys';
  private readonly lamps: KeyLamps;
  private text: string | undefined;
  private loaded = false;
  private entries: KeyEntry[] = [];
  private running = false;
  private offs: Array<() => void> = [];
  private poll: TimerHandle | undefined;

  constructor(private readonly ctx: PhoneContext) {
    serviceHub(ctx).keys = this;
    this.lamps = new KeyLamps(ctx, (line, ext) => this.onLamp(line, ext));
  }

  start(): void {
    this.running = true;
    this.offs.push(
      this.ctx.events.on('registration', () => this.refresh()),
      this.ctx.events.on('paging', (p) => {
        if (p.direction !== 'send') return;
        for (const e of this.entries) if (e.key.type === 'paging') this.ctx.events.emit('key', this.statusOf(e));
      }),
      this.ctx.settings.events.on('changed', (changes) => {
        if (changes.some((c) => LAMP_SETTING_RE.test(c.key))) this.refresh();
      }),
    );
    this.poll = this.ctx.clock.setInterval(LAYOUT_CHECK_MS, () => this.refresh());
    this.refresh();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const off of this.offs.splice(0)) off();
    this.poll?.cancel();
    this.poll = undefined;
    await this.lamps.stop();
  }

  decorateStatus(status: PhoneStatus): void {
    status.keys = this.list();
    for (const ls of status.lines) {
      const number = this.sharedNumber(ls.line);
      if (number) ls.sharedLine = { number, lamp: this.lamps.lamp(ls.line, number) ?? 'unknown' };
    }
  }

  /**
   * A line with BLA on (`account.<n>.bla`) shares `account.<n>.blaNumber`: the
   * line itself watches it (its lamp in the line status), with or without a BLA key.
   */
  private sharedNumber(line: number): string | undefined {
    if (this.ctx.setting(`account.${line}.bla`) !== true) return undefined;
    return String(this.ctx.setting(`account.${line}.blaNumber`) ?? '').trim() || undefined;
  }

  list(): ProgrammableKeyStatus[] {
    this.refresh(false);
    return this.entries.map((e) => this.statusOf(e));
  }

  async press(ref: KeyRef): Promise<KeyPressResult> {
    this.refresh();
    const entry = this.find(ref);
    const line = this.lineOf(entry);
    const ext = this.watchedExtension(entry, line);
    const bound: BoundKey = { id: entry.id, fn: entry.key.type, number: entry.key.number, line };
    if (ext !== undefined) {
      bound.watch = {
        extension: ext,
        lamp: line ? this.lamps.lamp(line.number, ext) : undefined,
        dialogs: line ? this.lamps.dialogsOf(line.number, ext) : [],
      };
    }
    this.ctx.logger.info('programmable key pressed', { key: entry.id, function: entry.key.type, number: entry.key.number });
    return pressKey(this.ctx, bound);
  }

  /** A BLF/BLA key sees `extension` ringing: its line and the ringing dialogs (directed pickup). */
  ringingDialogs(extension: string): { line: Line; dialogs: DialogInfoDialog[] } | undefined {
    for (const e of this.entries) {
      const line = this.lineOf(e);
      if (!line || this.watchedExtension(e, line) !== extension) continue;
      if (this.lamps.lamp(line.number, extension) === 'ringing') return { line, dialogs: this.lamps.dialogsOf(line.number, extension) };
    }
    return undefined;
  }

  /** The number of the first key with this function (the park code of `POST /calls/{id}/park`). */
  firstNumberOf(fn: KeyFunction): string | undefined {
    this.refresh(false);
    return this.entries.find((e) => e.key.type === fn && e.key.number.trim() !== '')?.key.number.trim();
  }

  /**
   * Re-read the keys file and follow it: the lamps subscribe to what the keys
   * now watch and drop what they no longer do, and every key that changed is a
   * `key` event (the LCD face, LEDs and web pages redraw from the list). Any
   * reader of the list applies a change at once (`syncLamps` false: only when
   * the file changed): the web pages ask for it after each edit; the poll
   * catches writers that do not (CLI, provisioning).
   */
  private refresh(syncLamps = true): void {
    const before = this.reload();
    if (!this.running || (!syncLamps && !before)) return;
    this.lamps.sync(this.wantedLamps());
    if (before) this.announceChanges(before);
  }

  /** `key` events for the keys the new layout added, changed or removed (a removed key's last event has no lamp). */
  private announceChanges(before: Map<string, string>): void {
    const now = new Set<string>();
    for (const e of this.entries) {
      now.add(e.id);
      if (before.get(e.id) !== keyText(e)) this.ctx.events.emit('key', this.statusOf(e));
    }
    for (const [id, text] of before) {
      if (now.has(id)) continue;
      const gone = JSON.parse(text) as Omit<ProgrammableKeyStatus, 'id'>;
      this.ctx.events.emit('key', { id, ...gone });
    }
  }

  /** Re-read the keys file when its stored text changed; the keys as they were before, when it did. */
  private reload(): Map<string, string> | undefined {
    const text = this.ctx.db.keptTexts.get(KEPT_KEYS_TEXT);
    if (this.loaded && text === this.text) return undefined;
    const before = this.loaded ? new Map(this.entries.map((e) => [e.id, keyText(e)])) : undefined;
    this.loaded = true;
    this.text = text;
    const layout = keyLayout(this.ctx.db, lineCount(this.ctx.config().model));
    const entries: KeyEntry[] = [...layout.memoryKeys].sort((a, b) => a.id - b.id).map((key) => ({ id: String(key.id + 1), index: key.id + 1, key }));
    layout.expansion.forEach((keys, i) => {
      const module = i + 1;
      for (const key of [...keys].sort((a, b) => a.id - b.id)) entries.push({ id: `e${module}-${key.id + 1}`, module, index: key.id + 1, key });
    });
    // line keys the page gave a key function (manual §7 "Line Keys"); only the keys this model has
    const lineKeys = lineCount(this.ctx.config().model);
    for (const key of lineKeysOf(layout).sort((a, b) => a.id - b.id)) {
      if (key.id < lineKeys) entries.push({ id: `l${key.id + 1}`, lineKey: true, index: key.id + 1, key });
    }
    this.entries = entries;
    return before;
  }

  private wantedLamps(): Map<number, Set<string>> {
    const wanted = new Map<number, Set<string>>();
    const want = (line: number, ext: string) => {
      let set = wanted.get(line);
      if (!set) wanted.set(line, (set = new Set()));
      set.add(ext);
    };
    for (const line of this.ctx.lines()) {
      const shared = this.sharedNumber(line.number);
      if (shared) want(line.number, shared);
    }
    if (this.ctx.setting('keys.blfLight') !== true) return wanted;
    for (const e of this.entries) {
      const line = this.lineOf(e);
      const ext = this.watchedExtension(e, line);
      if (line && ext) want(line.number, ext);
    }
    return wanted;
  }

  private lineOf(e: KeyEntry): Line | undefined {
    return e.key.account === 'auto' ? autoLine(this.ctx) : this.ctx.lines()[e.key.account - 1];
  }

  /** BLF: the key's number; BLA: the key's number, else the line's BLA Number (account.<n>.blaNumber). */
  private watchedExtension(e: KeyEntry, line: Line | undefined): string | undefined {
    const own = e.key.number.trim();
    if (e.key.type === 'blf') return own || undefined;
    if (e.key.type !== 'bla') return undefined;
    if (own) return own;
    const shared = line ? String(this.ctx.setting(`account.${line.number}.blaNumber`) ?? '').trim() : '';
    return shared || undefined;
  }

  private statusOf(e: KeyEntry): ProgrammableKeyStatus {
    const k = e.key;
    const s: ProgrammableKeyStatus = {
      id: e.id,
      ...(e.module !== undefined ? { module: e.module } : {}),
      ...(e.lineKey ? { lineKey: true as const } : {}),
      index: e.index,
      function: k.type,
      line: k.account,
      number: k.number,
      label: k.name,
    };
    if (k.type === 'blf' || k.type === 'bla') {
      const line = this.lineOf(e);
      const ext = this.watchedExtension(e, line);
      s.lamp = (line && ext ? this.lamps.lamp(line.number, ext) : undefined) ?? 'unknown';
    }
    if (k.type === 'paging') s.paging = serviceHub(this.ctx).paging?.sendingKey === e.id;
    return s;
  }

  private onLamp(line: number, ext: string): void {
    for (const e of this.entries) {
      const l = this.lineOf(e);
      if (l?.number === line && this.watchedExtension(e, l) === ext) this.ctx.events.emit('key', this.statusOf(e));
    }
  }

  private find(ref: KeyRef): KeyEntry {
    const id = typeof ref === 'number' ? String(ref) : typeof ref === 'string' ? ref.trim() : `e${ref.module}-${ref.index}`;
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) throw new PhoneError('PHONE_BAD_TARGET', `no programmable key "${id}" (memory keys "1".."16", expansion "e<module>-<key>", line keys with a key function "l<n>")`);
    return entry;
  }
}

/** What a key is set to (not its lamp): compared to see which keys a new layout changed. */
function keyText(e: KeyEntry): string {
  const k = e.key;
  return JSON.stringify({ ...(e.module !== undefined ? { module: e.module } : {}), ...(e.lineKey ? { lineKey: true } : {}), index: e.index, function: k.type, line: k.account, number: k.number, label: k.name });
}
