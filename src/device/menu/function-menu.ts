import { lineKeyCount } from '../keys.js';
import { ZONE_OFFSETS } from '../status-clock.js';
import { expansionMenu } from './expansion-pages.js';
import { InfoPage } from './info-page.js';
import { setting, type ChoiceOption, type MenuContext, type MenuList, type MenuNode, type SettingNode } from './menu-node.js';
import type { MessageId } from '../i18n/en.js';

/**
 * Function setting (manual §4): Auto answer ("Press MENU or OK button >
 * Function setting > Auto answer; Select Enable"), DND ("> DND > (select line)
 * Enable"), Expansion installation (ES330), Time & date ("you can select: SNTP
 * ... SIP server ... manual Settings"), VoIP call forwarding ("select
 * unconditional transfer, select enable, input number"; busy; no answer).
 */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `GMT${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The zones the status clock knows (status-clock.ts), and the code in force if it is another. */
function zoneOptions(ctx: MenuContext): ChoiceOption[] {
  const known = Object.entries(ZONE_OFFSETS).map(([code, z]) => ({ value: code, label: { text: `${offsetText(z.minutes)} ${z.name}` } }));
  const current = String(ctx.settings.get('time.zone'));
  return known.some((o) => o.value === current) ? known : [...known, { value: current, label: { id: 'opt.zoneCode' as const, params: { n: current } } }];
}

const timeZone = (): SettingNode => setting('time.zone', 'menu.timeZone', { options: zoneOptions });

const timeAndDate: MenuList = {
  kind: 'list',
  label: 'menu.timeDate',
  items: [
    {
      kind: 'list',
      label: 'menu.sntp',
      items: [setting('time.sntpEnabled', 'field.status'), setting('time.sntpServer', 'menu.server'), timeZone(), setting('time.dst', 'menu.daylight'), setting('time.sntpInterval', 'menu.updateInterval')],
    },
    { kind: 'list', label: 'menu.sipServerTime', items: [setting('time.sipServerTime', 'field.status'), timeZone()] },
    {
      kind: 'list',
      label: 'menu.manualTime',
      items: [
        {
          kind: 'action',
          label: 'opt.enable',
          // manual time = neither SNTP nor the SIP server sets the clock
          run: (ctx) => {
            const r = ctx.settings.setMany({ 'time.sntpEnabled': false, 'time.sipServerTime': false }, { role: 'user' });
            return r.ok ? ctx.t('notice.saved') : r.reason;
          },
        },
        {
          kind: 'page',
          label: 'menu.dateTime',
          open: () => new InfoPage('menu.dateTime', (c) => [c.clockDisplay().date, c.clockDisplay().time, c.t('screen.hostClock')]),
        },
      ],
    },
    setting('time.timeFormat', 'menu.timeFormat', {
      options: () => [
        { value: '24h', label: 'opt.24h' },
        { value: '12h', label: 'opt.12h' },
      ],
    }),
    setting('time.dateFormat', 'menu.dateFormat'),
  ],
};

/** One of the three forwards: on/off and the number (no answer: also the rings before it forwards). */
function forward(label: MessageId, key: string, rings?: string): MenuList {
  return {
    kind: 'list',
    label,
    items: [setting(key, 'field.status'), setting(`${key}Number`, 'field.number'), ...(rings ? [setting(rings, 'menu.ringTimes')] : [])],
  };
}

const callForwarding: MenuList = {
  kind: 'list',
  label: 'menu.callForwarding',
  items: [
    forward('menu.forwardAlways', 'call.forwardAlways'),
    forward('menu.forwardBusy', 'call.forwardBusy'),
    forward('menu.forwardNoAnswer', 'call.forwardNoAnswer', 'call.forwardNoAnswerRings'),
  ],
};

const dnd: MenuList = {
  kind: 'list',
  label: 'menu.dnd',
  items: (c) => [
    setting('call.dnd', 'menu.allLines'),
    ...Array.from({ length: lineKeyCount(c.model) }, (_, i): MenuNode => ({ kind: 'setting', key: `account.${i + 1}.dnd`, label: { id: 'screen.line', params: { n: i + 1 } } })),
  ],
};

export const functionSettingMenu: MenuList = {
  kind: 'list',
  label: 'menu.functionSetting',
  items: [setting('call.autoAnswer', 'menu.autoAnswer'), dnd, expansionMenu, timeAndDate, callForwarding],
};
