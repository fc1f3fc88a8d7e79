import { lineKeyCount } from '../keys.js';
import { callTimer } from '../screens/screen-context.js';
import { KeysTestPage, LcdTestPage, LightsTestPage, SoundTestPage } from './diagnose-pages.js';
import type { MenuContext, MenuList, MenuNode, SettingNode } from './menu-node.js';
import { contactsPage, enterprisePage, historyPage } from './record-list-page.js';

/**
 * The main menu of manual §5–6 (MENU or OK in idle). Settings come from the
 * registry by their `menu` path (setting-def.ts), so a key declared for an LCD
 * page shows up here without a second list. A later pass completes phone book
 * editing, LDAP search, expansion keys and the keypad lock.
 */
const FUNCTION = 'Menu > Function setting';
const PHONE_SETTING = 'Menu > System setting > Phone setting';
const ADVANCED = 'Menu > System setting > Advanced setting';

/** Setting nodes for every registry key whose LCD path is `path` (declaration order). */
export function settingsAt(ctx: MenuContext, path: string, keyFilter?: RegExp): SettingNode[] {
  return ctx.settings.registry
    .list()
    .filter((d) => d.menu === path && (!keyFilter || keyFilter.test(d.key)))
    .map((d) => ({ kind: 'setting', key: d.key, label: d.label }));
}

function setting(ctx: MenuContext, key: string, label?: string): SettingNode {
  return { kind: 'setting', key, label: label ?? ctx.settings.registry.def(key).label };
}

const callHistory: MenuList = {
  kind: 'list',
  label: 'Call history',
  items: [
    { kind: 'page', label: 'Missed calls', open: (ctx) => historyPage(ctx, 'missed') },
    { kind: 'page', label: 'Received calls', open: (ctx) => historyPage(ctx, 'received') },
    { kind: 'page', label: 'Dialed numbers', open: (ctx) => historyPage(ctx, 'dialed') },
  ],
};

const phoneBook: MenuList = {
  kind: 'list',
  label: 'Phone book',
  items: [
    { kind: 'page', label: 'Personal phone book', open: () => contactsPage() },
    { kind: 'page', label: 'Enterprise phone book', open: () => enterprisePage() },
    { kind: 'info', label: 'LDAP', lines: () => ['Search by name or', 'number: configure', 'LDAP on the web page'] },
  ],
};

const functionSetting: MenuList = {
  kind: 'list',
  label: 'Function setting',
  items: (ctx) => [
    setting(ctx, 'call.autoAnswer', 'Auto answer'),
    {
      kind: 'list',
      label: 'DND',
      items: (c) => [
        setting(c, 'call.dnd', 'All lines'),
        ...Array.from({ length: lineKeyCount(c.model) }, (_, i) => setting(c, `account.${i + 1}.dnd`, `Line ${i + 1}`)),
      ],
    },
    { kind: 'list', label: 'Time & date', items: (c) => settingsAt(c, `${FUNCTION} > Time & date`) },
    {
      kind: 'list',
      label: 'VoIP call forwarding',
      items: (c) =>
        ['forwardAlways', 'forwardAlwaysNumber', 'forwardBusy', 'forwardBusyNumber', 'forwardNoAnswer', 'forwardNoAnswerNumber', 'forwardNoAnswerRings'].map(
          (f) => setting(c, `call.${f}`),
        ),
    },
    {
      kind: 'list',
      label: 'Expansion installation',
      visible: (c) => c.model === 'ES330',
      items: (c) => settingsAt(c, `${FUNCTION} > Expansion installation`),
    },
  ],
};

const systemSetting: MenuList = {
  kind: 'list',
  label: 'System setting',
  items: [
    {
      kind: 'list',
      label: 'Phone setting',
      items: (c) => [
        {
          ...setting(c, 'audio.ringType'),
          // "It will auto ringing. Press navigation to choose ring tone"
          options: (m) => m.audio.ringTones().map((r) => ({ value: r, label: r })),
          preview: (m, v) => m.audio.previewRing(v === undefined ? undefined : String(v)),
        },
        { kind: 'list', label: 'Volume setting', items: (m) => settingsAt(m, `${PHONE_SETTING} > Volume setting`) },
        ...settingsAt(c, `${PHONE_SETTING} > Language`),
        ...settingsAt(c, `${PHONE_SETTING} > Contrast`),
      ],
    },
    {
      kind: 'password',
      label: 'Advanced setting',
      passwordKey: 'lcd.password',
      role: 'admin',
      child: advancedSetting(),
    },
  ],
};

function advancedSetting(): MenuList {
  return {
    kind: 'list',
    label: 'Advanced setting',
    items: (ctx) => [
      {
        kind: 'list',
        label: 'SIP',
        items: [
          {
            kind: 'list',
            label: 'Account sip',
            items: (c) =>
              Array.from({ length: lineKeyCount(c.model) }, (_, i): MenuNode => ({
                kind: 'list',
                label: `Account ${i + 1}`,
                items: (m) => settingsAt(m, `${ADVANCED} > SIP > Account sip`, new RegExp(`^account\\.${i + 1}\\.`)),
              })),
          },
        ],
      },
      { kind: 'list', label: 'Network', items: (c) => settingsAt(c, `${ADVANCED} > Network`) },
      setting(ctx, 'lcd.password', 'Advanced password'),
      {
        kind: 'action',
        label: 'Load default settings',
        confirm: 'Load defaults?',
        run: (c) => {
          const r = c.settings.reset(undefined, { role: 'admin' });
          return r.ok ? 'Defaults loaded: reboot' : r.reason;
        },
      },
      {
        kind: 'action',
        label: 'Reboot',
        confirm: 'Reboot the phone?',
        run: (c) => {
          if (!c.reboot) return 'Reboot not available';
          c.reboot();
          return 'Rebooting...';
        },
      },
    ],
  };
}

const viewStatus: MenuList = {
  kind: 'list',
  label: 'View status',
  items: [
    {
      kind: 'info',
      label: 'Network',
      lines: (c) => {
        const i = c.systemInfo();
        return [`IP: ${i.ipAddress ?? '-'}`, `Mask: ${i.subnetMask ?? '-'}`, `GW: ${i.gateway ?? '-'}`, `DNS: ${i.dns?.join(' ') || '-'}`, `MAC: ${i.mac ?? c.status().mac}`];
      },
    },
    {
      kind: 'info',
      label: 'Lines',
      lines: (c) =>
        c.status().lines.flatMap((l) => [`Line ${l.line}: ${l.user || '-'}`, ` ${l.state}${l.server ? ` @${l.server}` : ''}`]),
    },
    {
      kind: 'info',
      label: 'Software',
      lines: (c) => {
        const i = c.systemInfo();
        const s = c.status();
        return [
          `Model: ${s.model}`,
          `Version: ${i.version ?? s.version}`,
          ...(i.kernel ? [`Kernel: ${i.kernel}`] : []),
          ...(i.upgradeDate ? [`Upgraded: ${i.upgradeDate}`] : []),
          `Running: ${callTimer(c.clock.now())}`,
        ];
      },
    },
    {
      kind: 'info',
      label: 'Expansion',
      visible: (c) => c.model === 'ES330',
      lines: (c) => [`Modules: ${String(c.settings.registry.find('expansion.modules') ? c.settings.get('expansion.modules') : 0)}`],
    },
  ],
};

const diagnose: MenuList = {
  kind: 'list',
  label: 'Diagnose',
  items: [
    { kind: 'page', label: 'Keys', open: () => new KeysTestPage() },
    { kind: 'page', label: 'LCD', open: () => new LcdTestPage() },
    { kind: 'page', label: 'Lights', open: () => new LightsTestPage() },
    { kind: 'page', label: 'Sound', open: () => new SoundTestPage() },
  ],
};

export function mainMenu(): MenuList {
  return { kind: 'list', label: 'Menu', items: [callHistory, phoneBook, functionSetting, systemSetting, viewStatus, diagnose] };
}
