import { TypedEvents, nullLogger, type Clock, type Logger, type TimerHandle } from '../base/index.js';
import type { PhoneDatabase, Settings } from '../config/index.js';
import type { CallInfo, PhoneModel, PhoneStatus, PhoneTimeView } from '../phone/index.js';
import { AudioPaths } from './audio-paths.js';
import type { DevicePhone } from './device-phone.js';
import type { DeviceEvents, DeviceSnapshot, KeyResult } from './device-types.js';
import type { MessageId } from './i18n/en.js';
import { commandName, languageCode, translator, type LanguageCode, type MessageParams } from './i18n/translate.js';
import { DirectoryLookups } from './directory-lookups.js';
import { FunctionKeyRemaps, runFunctionKey } from './function-key-remap.js';
import { globalKey, type GlobalKeyHost } from './key-router.js';
import { keysOf, lineKeyCount, parseKeySequence, type DeviceKey } from './keys.js';
import { loadDeviceFonts, type DeviceFonts } from './lcd/device-fonts.js';
import { Lcd, type LcdFrame } from './lcd/framebuffer.js';
import { layoutFor, type LcdLayout } from './lcd/layout.js';
import { ScreenPainter } from './lcd/screen-painter.js';
import { encodeLcdPng, type LcdPngOptions } from './lcd-png.js';
import { Leds } from './leds.js';
import { mainMenu } from './menu/main-menu.js';
import type { MenuContext, SystemInfo } from './menu/menu-node.js';
import type { DirectorySearch } from './menu/directory-search.js';
import { MenuSession } from './menu/menu-session.js';
import { composePage, textMessagesPage } from './menu/text-message-pages.js';
import { UnlockPage } from './menu/unlock-page.js';
import { CALL_KEYS } from './screens/call-keys.js';
import { CALL_VIEWS } from './screens/call-views.js';
import { followCall } from './screens/call-events.js';
import { dialMatches, nameForNumber, phoneBooks } from './screens/dial-matches.js';
import { Dialer } from './screens/dialer.js';
import { KeypadLock } from './screens/keypad-lock.js';
import { pickScreen } from './screens/pick-screen.js';
import type { DialMatch, FaceMode } from './screens/screen-context.js';
import { ScreenState, type ScreenName } from './screens/screen-state.js';
import { viewLines, viewSoftKeys, type ScreenView } from './screens/screen-view.js';
import { statusBarInfo, type StatusBarInfo } from './status-bar.js';
import { dateNames, formatClock, timeDisplaySettings, type ClockDisplay } from './status-clock.js';

export interface DeviceOptions {
  phone: DevicePhone;
  settings: Settings;
  clock: Clock;
  /** Call history and phone book for the menus (absent: the lists are empty). */
  db?: PhoneDatabase;
  /** Default: loadDeviceFonts() (our Latin fonts + the installed CJK font, if any). */
  fonts?: DeviceFonts;
  logger?: Logger;
  /** Host facts for View status (IP, mask, gateway, DNS, MAC, versions). */
  systemInfo?: () => SystemInfo;
  /** What "Reboot" in Advanced setting does (the composition root restarts the phone). */
  reboot?: () => void;
  /** The LDAP directory for Phone book > LDAP (absent: the menu says it is not configured). */
  directory?: DirectorySearch;
  /** The phone's clock (SNTP, SIP server, manual: phone.time); absent = the host's (`clock.wallTime()`). */
  time?: PhoneTimeView;
}

/** How long a notice stays on the glass. */
export const NOTICE_MS = 2000;
/** The face redraws this often (clock, call timers); a frame is counted only when pixels change. */
const TICK_MS = 1000;

/**
 * One phone's face (manual §3–6): LCD, keys, LEDs, audio paths, status-bar
 * clock, screens and menus, as a model over the phone's commands and events.
 * The web layer serves `snapshot()`, `framebuffer()` / `png()` and `press()`.
 */
export class Device implements GlobalKeyHost, MenuContext {
  readonly events = new TypedEvents<DeviceEvents>();
  readonly lcd = new Lcd();
  readonly leds = new Leds();
  readonly audio: AudioPaths;
  readonly dialer: Dialer;
  readonly mode: FaceMode = {};
  readonly phone: DevicePhone;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly db: PhoneDatabase | undefined;
  readonly model: PhoneModel;
  readonly fonts: DeviceFonts;
  readonly reboot?: () => void;
  /** The keypad lock (manual §7 "Key Board Lock"): which keys work, the password, Lock & Answer. */
  readonly keypadLock: KeypadLock;
  private readonly painter: ScreenPainter;
  private readonly screen: ScreenState;
  private readonly menu = new MenuSession(mainMenu);
  private readonly keySet: Set<DeviceKey>;
  private offs: Array<() => void> = [];
  private tick: TimerHandle | undefined;
  private noticeNow: { text: string; until: number; timer: TimerHandle } | undefined;
  private pending = new Set<Promise<unknown>>();
  private ledPattern: 'all-red' | 'all-green' | 'off' | undefined;
  private lastKeyName: string | undefined;
  private view: ScreenView = { lines: [], softKeys: [] };
  private statusNow: StatusBarInfo | undefined;
  private cachedStatus: PhoneStatus | undefined;
  /** The menu path MENU asked for on a locked phone: opened once the password is right. */
  private unlockThen: string[] | undefined;
  private readonly functionKeys: FunctionKeyRemaps;
  private readonly lookups: DirectoryLookups;

  constructor(private readonly opts: DeviceOptions) {
    this.phone = opts.phone;
    this.settings = opts.settings;
    this.clock = opts.clock;
    this.logger = (opts.logger ?? nullLogger).child({ layer: 'device' });
    this.db = opts.db;
    if (opts.reboot) this.reboot = opts.reboot;
    this.model = opts.phone.status().model;
    this.keySet = new Set(keysOf(this.model));
    this.functionKeys = new FunctionKeyRemaps(opts.db, lineKeyCount(this.model));
    this.lookups = new DirectoryLookups(opts.directory, opts.clock, this.logger, () => this.render());
    this.fonts = opts.fonts ?? loadDeviceFonts();
    this.painter = new ScreenPainter(this.lcd, this.fonts);
    this.screen = new ScreenState(this.logger);
    this.audio = new AudioPaths(opts.settings, opts.clock);
    this.keypadLock = new KeypadLock(opts.settings, opts.clock, () => {
      this.menu.close(this);
      this.sync();
    });
    this.dialer = new Dialer(opts.phone, opts.settings, opts.clock, (number, line) =>
      this.track(this.command('Call', () => this.phone.dial(number, line !== undefined ? { line } : {}))),
    );
  }

  // ---- lifecycle --------------------------------------------------------------------

  start(): void {
    if (this.tick) return;
    const ev = this.phone.events;
    const sync = (): void => this.sync();
    this.offs.push(
      ev.on('call', (c) => this.onCall(c)),
      ev.on('registration', sync),
      ev.on('lineFeatures', sync),
      ev.on('missedCalls', sync),
      ev.on('key', sync),
      ev.on('mwi', sync),
      ev.on('unreadTextMessages', sync),
      ev.on('textMessage', (m) => {
        // a new text says who sent it for a moment (the idle screen then counts it)
        if (m.direction === 'in') this.notice(this.t('notice.messageFrom', { who: m.remoteName || this.lookupName(m.number) || m.number }));
        this.sync();
      }),
      ev.on('hook', (h) => {
        this.dialer.followPhone(h.predial);
        this.sync();
      }),
      this.settings.events.on('changed', () => this.onSettings()),
      this.audio.events.on('change', (s) => this.events.emit('audio', s)),
      this.audio.events.on('expired', sync),
      this.leds.events.on('change', (l) => this.events.emit('leds', l)),
      ...(this.opts.time ? [this.opts.time.events.on('change', () => this.render())] : []),
    );
    this.dialer.followPhone(this.phone.status().hook?.predial);
    this.tick = this.clock.setInterval(TICK_MS, () => this.render());
    this.sync();
  }

  stop(): void {
    this.tick?.cancel();
    this.tick = undefined;
    this.noticeNow?.timer.cancel();
    this.noticeNow = undefined;
    for (const off of this.offs.splice(0)) off();
    this.dialer.cancel();
    this.mode.entry?.entry.cancel();
    this.menu.close(this);
    this.keypadLock.stop();
    this.audio.stop();
    this.lookups.stop();
  }

  // ---- what the web layer calls -------------------------------------------------------

  /** Press one key (holdMs: how long it was held; C held ≥ 1 s clears the whole number). */
  async press(key: DeviceKey, opts: { holdMs?: number } = {}): Promise<KeyResult> {
    const holdMs = opts.holdMs ?? 0;
    if (!this.keySet.has(key)) return { key, handled: false, screen: this.screen.name, notice: `the ${this.model} has no key ${key}` };
    this.lastKeyName = key;
    this.events.emit('key', { key, holdMs });
    this.keypadLock.touched();
    const k = { key, holdMs };
    let handled = false;
    const name = this.screen.name;
    if (name !== 'menu' && !this.keypadLock.allows(key)) {
      // a locked key: MENU asks for the password ("The Menu key can open it"), others say locked
      if (key === 'menu') this.openMenu();
      else this.notice(this.t('lock.locked'));
      await this.settle();
      this.sync();
      return { key, handled: key === 'menu', screen: this.screen.name, ...(this.noticeNow ? { notice: this.noticeNow.text } : {}) };
    }
    // a function key set to another job does that job, on the idle screen only (function-key-remap.ts)
    const remap = name === 'idle' && this.calls().length === 0 ? this.functionKeys.remapOf(key) : undefined;
    if (remap) {
      handled = await runFunctionKey(this, remap, (own) => globalKey(this, { key: own, holdMs }));
    } else if (name === 'menu') {
      handled = await this.menu.key(this, k);
      if (!this.menu.isOpen) this.sync();
    } else {
      handled = await CALL_KEYS[name](this, k);
    }
    if (!handled) handled = await globalKey(this, k);
    await this.settle();
    if (this.unlockThen && !this.keypadLock.locked && !this.menu.isOpen) {
      const path = this.unlockThen;
      this.unlockThen = undefined;
      await this.menu.open(this, path);
    }
    this.sync();
    return { key, handled, screen: this.screen.name, ...(this.noticeNow ? { notice: this.noticeNow.text } : {}) };
  }

  /** Press a typed sequence ("1002#", "{menu}{down}{ok}"); stops at the first unknown name. */
  async keys(sequence: string): Promise<KeyResult[]> {
    const parsed = parseKeySequence(sequence);
    if (!parsed.ok) {
      this.notice(parsed.reason);
      return [];
    }
    const out: KeyResult[] = [];
    for (const key of parsed.keys) out.push(await this.press(key));
    return out;
  }

  snapshot(): DeviceSnapshot {
    return {
      model: this.model,
      screen: this.screen.name,
      menu: this.menu.path(this),
      menuPath: this.menu.englishPath(),
      lines: viewLines(this.view),
      softKeys: viewSoftKeys(this.view),
      ...(this.view.selected !== undefined ? { selected: this.view.selected } : {}),
      ...(this.noticeNow ? { notice: this.noticeNow.text } : {}),
      status: this.statusNow ?? this.statusBar(),
      leds: this.leds.all(),
      audio: this.audio.state(),
      frame: this.lcd.frame,
    };
  }

  /** The frame on the glass (1 bit per pixel, rows packed MSB first). */
  framebuffer(): LcdFrame {
    return this.lcd.snapshot();
  }

  png(opts?: LcdPngOptions): Buffer {
    return encodeLcdPng(this.lcd.snapshot(), opts);
  }

  screenName(): ScreenName {
    return this.screen.name;
  }

  // ---- ScreenContext / MenuContext ----------------------------------------------------

  layout(): LcdLayout {
    return layoutFor(this.language());
  }

  /** The LCD language (`lcd.language`): switching it redraws everything at once. */
  language(): LanguageCode {
    return languageCode(this.settings.get('lcd.language'));
  }

  /** A text in the LCD language (bound: pages pass it around as a function). */
  readonly t = (id: MessageId, params?: MessageParams): string => translator(this.language())(id, params);

  directory(): DirectorySearch | undefined {
    return this.opts.directory;
  }

  calls(): CallInfo[] {
    return this.status().calls.filter((c) => c.state !== 'ended');
  }

  status(): PhoneStatus {
    this.cachedStatus ??= this.phone.status();
    return this.cachedStatus;
  }

  /** The status-bar clock: the phone's time (call records and timers keep host time: `clock`). */
  clockDisplay(): ClockDisplay {
    const names = dateNames(this.t('date.weekdays'), this.t('date.months'));
    return formatClock(this.opts.time?.wallTime() ?? this.clock.wallTime(), timeDisplaySettings((k) => this.settings.get(k)), names);
  }

  lookupName(number: string): string | undefined {
    return nameForNumber(this.db, number) ?? this.lookups.nameFor(number);
  }

  /**
   * Phone book matches while dialling when `call.fuzzySearch` is on
   * (screens/dial-matches.ts), then the directory's ("LDAP Lookup for PreDial/Dial").
   */
  matches(digits: string): DialMatch[] {
    const book = this.db && this.settings.get('call.fuzzySearch') === true ? dialMatches(phoneBooks(this.db), digits) : [];
    const ldap = this.lookups.dialMatches(digits).filter((m) => !book.some((b) => b.number === m.number));
    return [...book, ...ldap];
  }

  notice(text: string, ms = NOTICE_MS): void {
    this.noticeNow?.timer.cancel();
    const timer = this.clock.setTimer(ms, () => {
      this.noticeNow = undefined;
      this.render();
    });
    this.noticeNow = { text, until: this.clock.now() + ms, timer };
    this.render();
  }

  async command<T>(what: string, run: () => Promise<T> | T): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.logger.info('key command failed', { what, error: msg });
      this.notice(this.t('notice.failed', { what: commandName(this.t, what) }));
      return undefined;
    }
  }

  track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => {
      this.pending.delete(work);
      this.sync();
    });
  }

  openMenu(path: string[] = []): void {
    if (this.keypadLock.locked) {
      // every lock mode locks the menus: ask for the password, then open what was asked for
      this.unlockThen = path;
      this.menu.openPage(this, new UnlockPage());
      this.sync();
      return;
    }
    this.track(this.menu.open(this, path).then(() => this.sync()));
  }

  /** The text messages (a function key set to SMS), or a new one (New SMS): over whatever is shown, like the menu. */
  openTextMessages(compose = false): void {
    if (this.keypadLock.locked) return this.openMenu();
    this.menu.openPage(this, compose ? composePage() : textMessagesPage(this));
    this.sync();
  }

  toggleMenu(): void {
    if (this.menu.isOpen) {
      this.menu.close(this);
      this.unlockThen = undefined;
      this.sync();
    } else this.openMenu();
  }

  menuOpen(): boolean {
    return this.menu.isOpen;
  }

  refresh(): void {
    this.sync();
  }

  systemInfo(): SystemInfo {
    return this.opts.systemInfo?.() ?? {};
  }

  ledTest(pattern: 'all-red' | 'all-green' | 'off' | undefined): void {
    this.ledPattern = pattern;
    this.sync();
  }

  lastKey(): string | undefined {
    return this.lastKeyName;
  }

  // ---- keeping the face in step with the phone ----------------------------------------

  private onCall(c: CallInfo): void {
    this.lookups.incoming(c, (n) => nameForNumber(this.db, n));
    followCall(this, this.keypadLock, c);
    this.sync();
  }

  /** Settings changed: the lock may have been switched on (the menus close), the language, the LEDs... */
  private onSettings(): void {
    if (this.keypadLock.settingsChanged() && this.menu.isOpen) this.menu.close(this);
    this.sync();
  }

  /** Wait for work keys started (sends, menu opens), bounded by a few rounds. */
  private async settle(): Promise<void> {
    for (let i = 0; i < 5 && this.pending.size > 0; i++) await Promise.allSettled([...this.pending]);
  }

  /** Recompute the screen, audio and LEDs from the phone, then draw. */
  private sync(): void {
    this.cachedStatus = undefined;
    const calls = this.calls();
    const next = pickScreen({ calls, mode: this.mode, dialing: this.dialer.active, menuOpen: this.menu.isOpen });
    if (this.screen.transition(next, 'sync')) {
      if (next !== 'held' && next !== 'dialing') this.mode.selected = undefined;
      this.events.emit('screen', next);
    }
    // path, ring and call-progress tone from the calls (§4): the model the audio device follows
    this.audio.follow({ calls, dialing: this.dialer.active, digits: this.dialer.digits });
    const status = this.status();
    const leds = {
      model: this.model,
      calls,
      lines: status.lines,
      keys: status.keys ?? [],
      missedCalls: status.missedCalls ?? 0,
      messagesWaiting: status.lines.some((l) => l.messages?.waiting),
      audio: this.audio.state(),
    };
    const test = this.ledPattern === undefined ? undefined : this.ledPattern === 'all-red' ? 'red' : this.ledPattern === 'all-green' ? 'green' : 'off';
    this.leds.update(leds, test);
    this.render();
  }


  private statusBar(): StatusBarInfo {
    const clock = this.clockDisplay();
    return statusBarInfo({
      status: this.status(),
      time: clock.time,
      date: clock.date,
      autoAnswer: this.settings.get('call.autoAnswer') === true || this.keypadLock.autoAnswers,
      dnd: this.settings.get('call.dnd') === true,
      locked: this.keypadLock.locked,
      networkUp: true,
      missedFallback: this.db?.callHistory.unviewedCount('missed'),
    });
  }

  private render(): void {
    this.cachedStatus = undefined;
    const name = this.screen.name;
    let view: ScreenView = name === 'menu' && this.menu.isOpen ? this.menu.view(this) : CALL_VIEWS[name === 'menu' ? 'idle' : name](this);
    const layout = this.layout();
    if (this.noticeNow && !view.draw) {
      const lines = [...view.lines];
      while (lines.length < layout.textRows) lines.push('');
      lines[layout.textRows - 1] = this.noticeNow.text;
      const align = [...(view.align ?? [])];
      align[layout.textRows - 1] = 'center';
      view = { ...view, lines, align, ...(view.selected === layout.textRows - 1 ? { selected: undefined } : {}) };
    }
    this.view = view;
    this.statusNow = this.statusBar();
    this.painter.paint(view, this.statusNow, layout);
    const shown = this.lcd.present();
    if (shown) this.events.emit('frame', shown);
  }
}
