import { BlfWatcher, type BlfLamp, type BlfLampDetail, type DialogInfoDialog } from '../../sip-ua/index.js';
import type { PhoneContext } from '../phone-context.js';
import { UNSUBSCRIBE_WAIT_MS, settleWithin } from './bounded-stop.js';
import { subscriptionIdentity, subscriptionLineFor } from './subscription-line.js';

interface LineWatch {
  identity: string;
  watcher: BlfWatcher;
  off: () => void;
}

export type LampListener = (line: number, extension: string, lamp: BlfLamp) => void;

/**
 * The lamps of the BLF and BLA keys: one dialog-package watcher (RFC 4235)
 * per line, watching the extensions that line's keys name. `sync` is given
 * the wanted (line, extension) pairs and subscribes or un-subscribes the
 * difference; a line's watcher starts afresh when its account or subscribe
 * period changes (a new identity), and starts only once the line has
 * registered. Each watcher refreshes per the Subscribe Period itself.
 */
export class KeyLamps {
  private readonly lines = new Map<number, LineWatch>();
  /** Last dialogs reported per "line|extension": who is calling a ringing extension (directed pickup). */
  private readonly dialogs = new Map<string, DialogInfoDialog[]>();

  constructor(
    private readonly ctx: PhoneContext,
    private readonly onLamp: LampListener,
  ) {}

  sync(wanted: ReadonlyMap<number, ReadonlySet<string>>): void {
    for (const line of this.ctx.lines()) {
      const exts = wanted.get(line.number);
      const have = this.lines.get(line.number);
      const ready = line.hasServer && (have !== undefined || line.status().state === 'registered');
      if (!exts || exts.size === 0 || !ready) {
        if (have) this.removeLine(line.number, have);
        continue;
      }
      const identity = subscriptionIdentity(this.ctx, line);
      let watch = have;
      if (watch && watch.identity !== identity) {
        this.removeLine(line.number, watch);
        watch = undefined;
      }
      if (!watch) {
        const sub = subscriptionLineFor(this.ctx, line);
        if (!sub) continue;
        const watcher = new BlfWatcher(sub);
        const n = line.number;
        const off = watcher.events.on('lamp', (ext, lamp, detail: BlfLampDetail) => {
          this.dialogs.set(`${n}|${ext}`, detail.dialogs);
          this.onLamp(n, ext, lamp);
        });
        watch = { identity, watcher, off };
        this.lines.set(n, watch);
      }
      for (const ext of watch.watcher.watched()) if (!exts.has(ext)) void this.unwatch(line.number, watch, ext);
      for (const ext of exts) watch.watcher.watch(ext);
    }
    for (const [n, watch] of this.lines) if (!this.ctx.lines().some((l) => l.number === n)) this.removeLine(n, watch);
  }

  lamp(line: number, extension: string): BlfLamp | undefined {
    return this.lines.get(line)?.watcher.lamp(extension);
  }

  /** The extension's live dialogs when its lamp last changed. */
  dialogsOf(line: number, extension: string): DialogInfoDialog[] {
    return this.dialogs.get(`${line}|${extension}`) ?? [];
  }

  async stop(): Promise<void> {
    const stops = [...this.lines.entries()].map(([n, w]) => this.stopLine(n, w));
    this.lines.clear();
    await settleWithin(this.ctx.clock, UNSUBSCRIBE_WAIT_MS, stops);
  }

  private async unwatch(line: number, watch: LineWatch, ext: string): Promise<void> {
    this.dialogs.delete(`${line}|${ext}`);
    await watch.watcher.unwatch(ext).catch((err: unknown) => this.ctx.logger.info('BLF un-subscribe failed', { ext, error: String(err) }));
  }

  private removeLine(line: number, watch: LineWatch): void {
    this.lines.delete(line);
    const exts = watch.watcher.watched();
    void this.stopLine(line, watch);
    // the keys go dark: nothing watches them any more
    for (const ext of exts) this.onLamp(line, ext, 'unknown');
  }

  private async stopLine(line: number, watch: LineWatch): Promise<void> {
    watch.off();
    for (const ext of watch.watcher.watched()) this.dialogs.delete(`${line}|${ext}`);
    await watch.watcher.stop().catch((err: unknown) => this.ctx.logger.info('BLF un-subscribe failed', { line, error: String(err) }));
  }
}
