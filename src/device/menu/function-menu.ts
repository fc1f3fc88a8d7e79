import { ESCENE_TIME_ZONES, gmtOffsetText, utcFromLocal, zoneSettings } from '../../phone/index.js';
import { lineKeyCount } from '../keys.js';
import { expansionMenu } from './expansion-pages.js';
import { setting, STAY, type ChoiceOption, type MenuContext, type MenuList, type MenuNode, type PageResult, type SettingNode } from './menu-node.js';
import { EntryPage } from './text-page.js';
import type { MessageId } from '../i18n/en.js';
import { twoDigits } from '../status-clock.js';

/**
 * Function setting (manual §4): Auto answer ("Press MENU or OK button >
 * Function setting > Auto answer; Select Enable"), DND ("> DND > (select line)
 * Enable"), Expansion installation (ES330), Time & date ("you can select: SNTP
 * ... SIP server ... manual Settings"), VoIP call forwarding ("select
 * unconditional transfer, select enable, input number"; busy; no answer).
 */

/** The Escene zone list as the phone's web page orders it: by offset, then name ("GMT+08:00 Beijing"). */
const ZONE_CHOICES: ChoiceOption[] = [...ESCENE_TIME_ZONES]
  .sort((a, b) => a.nominal - b.nominal || a.name.localeCompare(b.name))
  .map((z) => ({ value: String(z.code), label: { text: `${gmtOffsetText(z.nominal)} ${z.name}` } }));

/** Every Escene zone, and the code in force if the list lacks it (27-29). */
function zoneOptions(ctx: MenuContext): ChoiceOption[] {
  const current = String(ctx.settings.get('time.zone'));
  return ZONE_CHOICES.some((o) => o.value === current) ? ZONE_CHOICES : [...ZONE_CHOICES, { value: current, label: { id: 'opt.zoneCode' as const, params: { n: current } } }];
}


/**
 * "manual Settings: select enable to set parameter: date and time": typed as
 * YYYYMMDDhhmm in the phone's zone, starting from the time shown now. Saving
 * sets the manual mode (SNTP and SIP server time off) and stores the
 * difference to the host clock in `time.manualOffset` (phone/time/phone-time.ts).
 */
function manualDateTimePage(): EntryPage {
  return new EntryPage({
    title: 'menu.dateTime',
    modes: ['123'],
    maxLength: 12,
    hint: 'YYYYMMDDhhmm',
    initial: (ctx) => {
      const d = new Date(ctx.clockDisplay().localMs);
      return `${d.getUTCFullYear()}${twoDigits(d.getUTCMonth() + 1)}${twoDigits(d.getUTCDate())}${twoDigits(d.getUTCHours())}${twoDigits(d.getUTCMinutes())}`;
    },
    onSave: (ctx, text) => saveManualTime(ctx, text),
  });
}

function saveManualTime(ctx: MenuContext, text: string): PageResult {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  const [y, mo, d, h, mi] = (m ? m.slice(1) : []).map(Number) as [number, number, number, number, number];
  const fields = m ? Date.UTC(y, mo - 1, d, h, mi) : NaN;
  const valid = m && h < 24 && mi < 60 && new Date(fields).getUTCMonth() === mo - 1 && new Date(fields).getUTCDate() === d;
  if (!valid) {
    ctx.notice(ctx.t('notice.invalidValue'));
    return STAY;
  }
  const utc = utcFromLocal(fields, zoneSettings((k) => ctx.settings.get(k)));
  const offsetS = Math.round((utc - ctx.clock.wallTime()) / 1000);
  const r = ctx.settings.setMany({ 'time.manualOffset': offsetS, 'time.sntpEnabled': false, 'time.sipServerTime': false }, { role: 'user' });
  if (!r.ok) {
    ctx.notice(r.reason);
    return STAY;
  }
  return { kind: 'pop', notice: ctx.t('notice.saved') };
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
        { kind: 'page', label: 'menu.dateTime', open: () => manualDateTimePage() },
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
