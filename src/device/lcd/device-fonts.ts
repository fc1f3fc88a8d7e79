import { existsSync, readFileSync } from 'node:fs';
import { ComposedFont } from './font-compose.js';
import type { BitmapFont } from './font.js';
import { mediumFontDesign } from './font-medium.js';
import { smallFontDesign } from './font-small.js';
import { PcfFont } from './pcf-font.js';
import { FontStack } from './text.js';

/**
 * The fonts of the face. Latin: our designs (font-small.ts, font-medium.ts) with
 * composed accents. Chinese (manual §1 "Support Chinese display"): no glyph is
 * kept in this repository; the 12-pixel WenQuanYi bitmap font that Debian's
 * `xfonts-wqy` package installs is read at run time (pcf-font.ts). Without it,
 * characters no font has are drawn as a box and `cjk` is undefined.
 */
export interface DeviceFonts {
  /** Status bar and soft keys. */
  small: FontStack;
  /** The four text lines. */
  medium: FontStack;
  /** The CJK font in use, if one was found. */
  cjk?: BitmapFont;
  /** Where it came from, or why there is none (View status / logs). */
  cjkSource: string;
}

/** Where Debian puts the WenQuanYi 12 px (9 pt) bitmap font. */
export const WQY_12PX_PCF = '/usr/share/fonts/X11/misc/wenquanyi_9pt.pcf';

export interface CjkFontResult {
  font?: BitmapFont;
  path?: string;
  /** Why no font was loaded. */
  reason?: string;
}

const loaded = new Map<string, CjkFontResult>();

/**
 * Read a PCF CJK font: `path`, else $SAYHI_CJK_FONT, else WQY_12PX_PCF. The result
 * is kept for the process (fonts are read-only data; phones in farm mode share it).
 */
export function loadCjkFont(path?: string): CjkFontResult {
  const file = path ?? process.env['SAYHI_CJK_FONT'] ?? WQY_12PX_PCF;
  const known = loaded.get(file);
  if (known) return known;
  let result: CjkFontResult;
  if (!existsSync(file)) {
    result = { reason: `${file} not found (install the Debian package xfonts-wqy)` };
  } else {
    try {
      const font = new PcfFont(readFileSync(file), file);
      result = font.isUnicode ? { font, path: file } : { reason: `${file} is not a Unicode (ISO10646) font` };
    } catch (err) {
      result = { reason: `${file}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  loaded.set(file, result);
  return result;
}

let latin: { small: BitmapFont; medium: BitmapFont } | undefined;

function latinFonts(): { small: BitmapFont; medium: BitmapFont } {
  latin ??= {
    small: new ComposedFont(smallFontDesign(), { highTop: 8, highRows: 1, lowTop: 8, xHeight: 5, cellWidth: 5 }),
    medium: new ComposedFont(mediumFontDesign(), { highTop: 10, highRows: 2, lowTop: 9, xHeight: 6, cellWidth: 5 }),
  };
  return latin;
}

/** The fonts with a given CJK font (or none: `cjk: false`). */
export function deviceFonts(cjk: BitmapFont | undefined, source = cjk ? cjk.name : 'none'): DeviceFonts {
  const { small, medium } = latinFonts();
  const extra = cjk ? [cjk] : [];
  return {
    small: new FontStack([small, ...extra]),
    medium: new FontStack([medium, ...extra]),
    ...(cjk ? { cjk } : {}),
    cjkSource: source,
  };
}

/** The fonts with the installed CJK font when there is one. */
export function loadDeviceFonts(opts: { cjkPath?: string } = {}): DeviceFonts {
  const r = loadCjkFont(opts.cjkPath);
  return deviceFonts(r.font, r.path ?? r.reason ?? 'none');
}
