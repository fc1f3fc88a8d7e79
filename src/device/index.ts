export * from './device.js';
export * from './device-phone.js';
export * from './device-types.js';
export * from './keys.js';
export * from './leds.js';
export * from './audio-paths.js';
export * from './status-bar.js';
export * from './status-clock.js';
export * from './lcd-png.js';
export { Lcd, LCD_HEIGHT, LCD_STRIDE, LCD_WIDTH, type LcdFrame, type Rect } from './lcd/framebuffer.js';
export { PcfFont } from './lcd/pcf-font.js';
export { deviceFonts, loadCjkFont, loadDeviceFonts, WQY_12PX_PCF, type CjkFontResult, type DeviceFonts } from './lcd/device-fonts.js';
export { CJK_LAYOUT, LATIN_LAYOUT, layoutFor, type LcdLayout, type LayoutName } from './lcd/layout.js';
export type { BitmapFont, Glyph } from './lcd/font.js';
export type { ScreenName } from './screens/screen-state.js';
export type { ScreenView } from './screens/screen-view.js';
export type { MenuContext, MenuList, MenuNode, MenuPage, SystemInfo } from './menu/menu-node.js';
export type { DirectoryEntry, DirectoryPurpose, DirectorySearch, DirectorySearchBy } from './menu/directory-search.js';
export type { MessageId } from './i18n/en.js';
export {
  LANGUAGE_CODES,
  LANGUAGE_NAMES,
  TRANSLATIONS,
  languageCode,
  missingMessages,
  translator,
  type LanguageCode,
  type MessageParams,
  type MessageTable,
  type Translate,
} from './i18n/translate.js';
export type { Label } from './i18n/label.js';
export { KeypadLock, type KeypadLockMode } from './screens/keypad-lock.js';
export { dialMatches, keypadDigits, type PhoneBookSource } from './screens/dial-matches.js';
export type { DialMatch } from './screens/screen-context.js';
