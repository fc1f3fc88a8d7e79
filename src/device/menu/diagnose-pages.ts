import type { Lcd } from '../lcd/framebuffer.js';
import type { KeyPress } from '../screens/call-keys.js';
import type { ScreenView } from '../screens/screen-view.js';
import { NO_SOFT_KEYS } from '../screens/screen-view.js';
import { POP, STAY, softKeys, type MenuContext, type MenuPage, type PageResult } from './menu-node.js';

/**
 * Diagnose (manual §6): Keys ("You can check the phone keys"), LCD and Lights
 * ("Press 'OK' to start, press 'C' to exit"), Sound ("Press 'OK' to start").
 */
export class KeysTestPage implements MenuPage {
  readonly title = 'menu.keys';
  private last: string | undefined;
  private cPressed = false;

  view(ctx: MenuContext): ScreenView {
    return {
      lines: [ctx.t('diag.keysTest'), ctx.t('diag.pressAnyKey'), `${ctx.t('diag.key')}: ${this.last ?? '-'}`, ctx.t('diag.cTwice')],
      softKeys: NO_SOFT_KEYS,
    };
  }

  key(_ctx: MenuContext, k: KeyPress): PageResult {
    // every key is the test's: only C twice leaves
    if (k.key === 'c' && this.cPressed) return POP;
    this.cPressed = k.key === 'c';
    this.last = k.key;
    return STAY;
  }
}

type LcdPattern = 'all-on' | 'all-off' | 'checker' | 'frame';
const LCD_PATTERNS: LcdPattern[] = ['all-on', 'checker', 'frame', 'all-off'];

function drawPattern(lcd: Lcd, p: LcdPattern): void {
  if (p === 'all-on') lcd.fill({ x: 0, y: 0, w: lcd.width, h: lcd.height });
  else if (p === 'checker') for (let y = 0; y < lcd.height; y++) for (let x = y & 1; x < lcd.width; x += 2) lcd.set(x, y, true);
  else if (p === 'frame') {
    lcd.rect({ x: 0, y: 0, w: lcd.width, h: lcd.height });
    lcd.line(0, 0, lcd.width - 1, lcd.height - 1);
    lcd.line(0, lcd.height - 1, lcd.width - 1, 0);
  }
}

export class LcdTestPage implements MenuPage {
  readonly title = 'menu.lcd';
  private step = -1;

  view(ctx: MenuContext): ScreenView {
    if (this.step < 0) return { lines: [ctx.t('diag.lcdTest'), ctx.t('diag.okToStart'), ctx.t('diag.cToExit'), ''], softKeys: softKeys(ctx, 'soft.ok', '', '', 'soft.back') };
    const p = LCD_PATTERNS[this.step % LCD_PATTERNS.length]!;
    return { lines: [`LCD: ${p}`], softKeys: NO_SOFT_KEYS, draw: (lcd) => drawPattern(lcd, p) };
  }

  key(_ctx: MenuContext, k: KeyPress): PageResult {
    if (k.key === 'c' || k.key === 'soft4') return POP;
    if (k.key === 'ok' || k.key === 'soft1') this.step++;
    return STAY;
  }
}

const LIGHT_STEPS = ['all-red', 'all-green', 'off'] as const;
const LIGHT_TEXT = { 'all-red': 'diag.allRed', 'all-green': 'diag.allGreen', off: 'diag.allOff' } as const;

export class LightsTestPage implements MenuPage {
  readonly title = 'menu.lights';
  private step = -1;

  view(ctx: MenuContext): ScreenView {
    const state = this.step < 0 ? '' : ctx.t(LIGHT_TEXT[LIGHT_STEPS[this.step % LIGHT_STEPS.length]!]);
    return { lines: [ctx.t('diag.lightsTest'), ctx.t('diag.okToStart'), ctx.t('diag.cToExit'), state], softKeys: softKeys(ctx, 'soft.ok', '', '', 'soft.back') };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    if (k.key === 'c' || k.key === 'soft4') return POP;
    if (k.key === 'ok' || k.key === 'soft1') {
      this.step++;
      ctx.ledTest(LIGHT_STEPS[this.step % LIGHT_STEPS.length]);
    }
    return STAY;
  }

  close(ctx: MenuContext): void {
    ctx.ledTest(undefined);
  }
}

export class SoundTestPage implements MenuPage {
  readonly title = 'menu.sound';
  private playing = false;

  view(ctx: MenuContext): ScreenView {
    return {
      lines: [ctx.t('diag.soundTest'), ctx.t('diag.okToStart'), this.playing ? ctx.t('diag.playing', { tone: ctx.audio.state().ringTone }) : '', ''],
      softKeys: softKeys(ctx, 'soft.ok', '', '', 'soft.back'),
    };
  }

  key(ctx: MenuContext, k: KeyPress): PageResult {
    if (k.key === 'c' || k.key === 'soft4') return POP;
    if (k.key === 'ok' || k.key === 'soft1') {
      this.playing = !this.playing;
      ctx.audio.previewRing(this.playing ? String(ctx.settings.get('audio.ringType')) : undefined);
    }
    return STAY;
  }

  close(ctx: MenuContext): void {
    if (this.playing) ctx.audio.previewRing(undefined);
  }
}
