import { lineKeyCount } from '../keys.js';
import { LANGUAGE_CODES, LANGUAGE_NAMES } from '../i18n/translate.js';
import type { MessageId } from '../i18n/en.js';
import { ListPage } from './list-page.js';
import { setting, type MenuList, type MenuNode, type PageNode } from './menu-node.js';
import { SettingsDraft } from './setting-writer.js';

/**
 * System setting (manual §6): Phone setting ("System setting > Phone setting >
 * Ring type": "It will auto ringing. Press navigation to choose ring tone";
 * "> Volume setting": the seven volumes; Language; Contrast) and Advanced
 * setting behind its password ("Enter the password required (The default is
 * empty)"): SIP > Account sip > the account's fields and "Submit changes",
 * Network, Load default settings, Reboot; then the keypad lock (manual §7
 * "Key Board Lock", admin) and the password itself.
 */
const VOLUMES: ReadonlyArray<[string, MessageId]> = [
  ['ring', 'menu.ringVolume'],
  ['handset', 'menu.handsetVolume'],
  ['handsetMic', 'menu.handsetMicVolume'],
  ['speaker', 'menu.speakerVolume'],
  ['speakerMic', 'menu.speakerMicVolume'],
  ['headset', 'menu.headsetVolume'],
  ['headsetMic', 'menu.headsetMicVolume'],
];

const phoneSetting: MenuList = {
  kind: 'list',
  label: 'menu.phoneSetting',
  items: [
    setting('audio.ringType', 'menu.ringType', {
      options: (m) => m.audio.ringTones().map((r) => ({ value: r, label: { text: r } })),
      preview: (m, v) => m.audio.previewRing(v === undefined ? undefined : String(v)),
    }),
    { kind: 'list', label: 'menu.volumeSetting', items: VOLUMES.map(([kind, label]) => setting(`audio.volume.${kind}`, label)) },
    setting('lcd.language', 'menu.language', { options: () => LANGUAGE_CODES.map((code) => ({ value: code, label: { text: LANGUAGE_NAMES[code] } })) }),
    setting('lcd.contrast', 'menu.contrast'),
  ],
};

/** The account's fields in the manual's order (§6 "Create an SIP account"). */
const ACCOUNT_FIELDS: ReadonlyArray<[string, MessageId]> = [
  ['enabled', 'menu.enableAccount'],
  ['displayName', 'menu.displayName'],
  ['user', 'menu.userName'],
  ['authName', 'menu.authUser'],
  ['password', 'menu.userPassword'],
  ['label', 'menu.description'],
  ['server', 'menu.sip1'],
  ['secondaryServer', 'menu.sip2'],
  ['registerExpires', 'menu.refreshTime'],
];

/** Account N: edits go to a draft; "Submit changes" writes them at once, as admin. */
function accountPage(n: number): PageNode {
  return {
    kind: 'page',
    label: { id: 'menu.accountN', params: { n } },
    open: (_ctx, role) => {
      const draft = new SettingsDraft(role);
      const list: MenuList = {
        kind: 'list',
        label: { id: 'menu.accountN', params: { n } },
        items: [
          ...ACCOUNT_FIELDS.map(([field, label]) => setting(`account.${n}.${field}`, label)),
          {
            kind: 'action',
            label: 'menu.submitChanges',
            run: (c) => {
              const r = draft.submit(c);
              return r.ok ? c.t('notice.saved') : r.reason;
            },
          },
        ],
      };
      return new ListPage(list, role, {
        writer: draft,
        onClose: (c) => {
          if (draft.dirty) c.notice(c.t('notice.notSubmitted'));
          draft.discard();
        },
      });
    },
  };
}

const network: MenuList = {
  kind: 'list',
  label: 'menu.network',
  items: [
    setting('network.mode', 'menu.networkType', {
      // "Type: static IP or DHCP" (PPPoE is set on the web page; shown when in force)
      options: (c) => [
        { value: 'static', label: 'opt.staticIp' },
        { value: 'dhcp', label: 'opt.dhcp' },
        ...(c.settings.get('network.mode') === 'pppoe' ? [{ value: 'pppoe', label: 'opt.pppoe' as const }] : []),
      ],
    }),
    setting('network.ipAddress', 'menu.ip'),
    setting('network.subnetMask', 'menu.mask'),
    setting('network.gateway', 'menu.gateway'),
    setting('network.dns1', 'menu.dns1'),
    setting('network.dns2', 'menu.dns2'),
    setting('web.port', 'menu.webPort'),
    setting('telnet.port', 'menu.telnetPort'),
  ],
};

const keypadLock: MenuList = {
  kind: 'list',
  label: 'menu.keypadLock',
  items: [
    setting('lcd.keypadLock', 'field.status'),
    setting('lcd.keypadLockMode', 'menu.lockMode', {
      options: () => [
        { value: 'menu', label: 'opt.lockMenu' },
        { value: 'function', label: 'opt.lockFunction' },
        { value: 'all', label: 'opt.lockAll' },
        { value: 'lock-answer', label: 'opt.lockAnswer' },
      ],
    }),
    setting('lcd.keypadLockPassword', 'menu.lockPassword'),
    setting('lcd.keypadLockTime', 'menu.lockTime'),
  ],
};

function advancedSetting(): MenuList {
  return {
    kind: 'list',
    label: 'menu.advancedSetting',
    items: [
      {
        kind: 'list',
        label: 'menu.sip',
        items: [{ kind: 'list', label: 'menu.accountSip', items: (c) => Array.from({ length: lineKeyCount(c.model) }, (_, i): MenuNode => accountPage(i + 1)) }],
      },
      network,
      {
        kind: 'action',
        label: 'menu.loadDefaults',
        confirm: 'confirm.loadDefaults',
        run: (c) => {
          const r = c.settings.reset(undefined, { role: 'admin' });
          return r.ok ? c.t('notice.defaultsLoaded') : r.reason;
        },
      },
      {
        kind: 'action',
        label: 'menu.reboot',
        confirm: 'confirm.reboot',
        run: (c) => {
          if (!c.reboot) return c.t('notice.rebootUnavailable');
          c.reboot();
          return c.t('notice.rebooting');
        },
      },
      keypadLock,
      setting('lcd.password', 'menu.advancedPassword'),
    ],
  };
}

export const systemSettingMenu: MenuList = {
  kind: 'list',
  label: 'menu.systemSetting',
  items: [phoneSetting, { kind: 'password', label: 'menu.advancedSetting', passwordKey: 'lcd.password', role: 'admin', child: advancedSetting() }],
};
