import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * The phone face: LCD menus of manual §4–6 (language, advanced-setting password,
 * back light, contrast) and the "Key Board Lock" of "Advance > Phone Setting > Basic".
 * XML: `lcds/lcd` (escene-formats.md §3.2); the date/time formats of the same element
 * are declared in settings-time.ts.
 */
export const LCD_PAGE = 'Phone Setting/LCD';

/**
 * Language codes: the XML table is unknown (U) except that FusionPBX writes "1" for
 * an English phone. The order follows the manual's list (§1 "Language").
 */
const LANGUAGES = [
  { value: 'zh', label: 'Chinese', xml: '0' },
  { value: 'en', label: 'English', xml: '1' },
  { value: 'es', label: 'Spanish', xml: '2' },
  { value: 'pt', label: 'Portuguese', xml: '3' },
  { value: 'pl', label: 'Polish', xml: '4' },
  { value: 'tr', label: 'Turkish', xml: '5' },
  { value: 'fr', label: 'French', xml: '6' },
  { value: 'it', label: 'Italian', xml: '7' },
];

export function lcdSettings(): SettingDef[] {
  const p = new PageDeclarer({ page: LCD_PAGE, role: 'user', effect: 'live', xml: { container: 'lcds', element: 'lcd' } });
  const admin = p.with({ role: 'admin' });
  return [
    p.enum('lcd.language', 'Language', 'en', LANGUAGES, 'Language', {
      menu: 'Menu > System setting > Phone setting > Language',
      help: 'XML codes other than 1 = English are inferred.',
    }),
    p.enum('web.language', 'Web Language', 'en', LANGUAGES, 'WebLanguage'),
    admin.password('lcd.password', 'Advanced setting password', '', 32, 'Password', {
      menu: 'Menu > System setting > Advanced setting',
      pattern: '[0-9]*',
      help: 'Asked before the LCD advanced settings; empty by default (manual §6). Digits, typed on the keypad.',
    }),
    p.bool('lcd.backlight', 'Back Light', true, 'BackLightEnableFlag', { help: 'Keep the back light on while idle.' }),
    p.int('lcd.backlightTimeout', 'Back Light Time', 30, 0, 3600, 'CloseLightTime', {
      unit: 's',
      help: 'Idle time before the back light goes off; 0 = never. XML meaning (I).',
    }),
    p.int('lcd.contrast', 'Contrast', 5, 1, 9, 'Contrast', { menu: 'Menu > System setting > Phone setting > Contrast' }),
    admin.bool('lcd.keypadLock', 'Key Board Lock', false, 'LockScreenEnable', {
      help: 'The right password unlocks until re-enabled here (manual §7). XML mapping (I).',
    }),
    admin.enum(
      'lcd.keypadLockMode',
      'Key Board Lock Mode',
      'menu',
      [
        { value: 'menu', label: 'Menu Key', xml: '0' },
        { value: 'function', label: 'Function Keys', xml: '1' },
        { value: 'all', label: 'All keys', xml: '2' },
        { value: 'lock-answer', label: 'Lock & Answer', xml: '3' },
      ],
      'LockScreenMode',
      { help: 'Menu only; Menu/Redial/Transfer/Hold...; everything; or lock and auto-answer. XML codes (I).' },
    ),
    admin.password('lcd.keypadLockPassword', 'Key Board Lock Password', '', 32, 'lockScreenPassword', {
      pattern: '[0-9]*',
      help: 'Empty = the advanced-setting password (manual: "the password is the same with the phone LCD").',
    }),
    admin.int('lcd.keypadLockTime', 'Key Board Lock Time', 0, 0, 3600, 'LockScreenTime', {
      unit: 's',
      help: 'Lock again after this idle time; 0 = only when enabled. XML meaning (I).',
    }),
  ];
}
