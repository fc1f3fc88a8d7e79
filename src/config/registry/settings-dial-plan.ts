import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * The scalar settings around manual §7 "Advance > Dial Plan" and "IP Strategy" (the
 * rule, blacklist and whitelist tables themselves are rows, not settings), and the
 * "press # or wait 5 s" sending rules of §4 "Placing a Call". XML: `RouteGoals/route`.
 */
export const DIAL_PLAN_PAGE = 'Advance/Dial Plan';

export function dialPlanSettings(): SettingDef[] {
  const p = new PageDeclarer({ page: DIAL_PLAN_PAGE, role: 'admin', effect: 'live', xml: { container: 'RouteGoals', element: 'route' } });
  return [
    p.enum(
      'dialplan.sendKey',
      'Send Key',
      'hash',
      [
        { value: 'hash', label: '#', xml: '0' },
        { value: 'star', label: '*', xml: '1' },
        { value: 'none', label: 'None', xml: '2' },
      ],
      'DialOutButton',
      { help: 'Key that sends the dialled number (manual: "#" by default). XML codes (I).' },
    ),
    p.bool('dialplan.sendOnTimeout', 'Send on Timeout', true, 'DialOutFlag', { help: 'Send the number when no digit follows in time.' }),
    p.int('dialplan.timeout', 'Dial Timeout', 5, 1, 30, 'DialOutMaxTime', { unit: 's', help: 'Manual: "wait 5s (default)".' }),
    p.int('dialplan.maxDigits', 'Send After Digits', 0, 0, 32, 'DialNumLength', { help: 'Send as soon as this many digits are dialled; 0 = off. XML meaning (I).' }),
    p.bool('ipStrategy.enabled', 'IP Strategy', false, 'IPStrategyEnable', {
      page: 'Advance/IP Strategy',
      help: 'Accept calls only from the addresses in the IP Strategy list.',
    }),
  ];
}
