import { callHistoryMenu } from './call-history-pages.js';
import { functionSettingMenu } from './function-menu.js';
import type { MenuList } from './menu-node.js';
import { phoneBookMenu } from './phonebook-pages.js';
import { diagnoseMenu, viewStatusMenu } from './status-menu.js';
import { systemSettingMenu } from './system-menu.js';

/**
 * The main menu of manual §4–6 (MENU or OK in idle): Call history, Phone book,
 * Function setting, System setting, View status, Diagnose. Each branch is in
 * its own file; items are message ids, so the tree is one in every language.
 */
export function mainMenu(): MenuList {
  return {
    kind: 'list',
    label: 'menu.main',
    items: [callHistoryMenu, phoneBookMenu, functionSettingMenu, systemSettingMenu, viewStatusMenu, diagnoseMenu],
  };
}
