import type { LineState } from '../../phone/index.js';
import type { MessageId } from '../i18n/en.js';
import { callTimer } from '../screens/screen-context.js';
import { KeysTestPage, LcdTestPage, LightsTestPage, SoundTestPage } from './diagnose-pages.js';
import type { MenuContext, MenuList } from './menu-node.js';

/**
 * View status (manual §6: "Network", "Lines", "software: It include phone
 * Mode, software version, kernel version, Upgrade date, Running time",
 * "Expansion") and Diagnose ("Keys", "LCD", "Lights", "Sound").
 */
const LINE_STATES: Record<LineState, MessageId> = {
  disabled: 'state.disabled',
  'peer-to-peer': 'state.p2p',
  registering: 'state.registering',
  registered: 'state.registered',
  unregistered: 'state.unregistered',
  'auth-failed': 'state.authFailed',
  failed: 'state.failed',
};

function networkLines(c: MenuContext): string[] {
  const i = c.systemInfo();
  const mode = String(c.settings.get('network.mode'));
  return [
    `${c.t('menu.networkType')}\t${mode === 'static' ? c.t('opt.staticIp') : mode === 'pppoe' ? c.t('opt.pppoe') : c.t('opt.dhcp')}`,
    `${c.t('menu.ip')}\t${i.ipAddress ?? '-'}`,
    `${c.t('menu.mask')}\t${i.subnetMask ?? '-'}`,
    `${c.t('menu.gateway')}\t${i.gateway ?? '-'}`,
    `${c.t('menu.dns1')}\t${i.dns?.[0] ?? '-'}`,
    `${c.t('menu.dns2')}\t${i.dns?.[1] ?? '-'}`,
    `MAC\t${i.mac ?? c.status().mac}`,
  ];
}

function lineLines(c: MenuContext): string[] {
  return c.status().lines.flatMap((l) => [
    `${c.t('screen.line', { n: l.line })}\t${l.user || '-'}`,
    ` ${c.t(LINE_STATES[l.state] ?? 'state.unregistered')}${l.dnd ? ` ${c.t('soft.dnd')}` : ''}`,
  ]);
}

function softwareLines(c: MenuContext): string[] {
  const i = c.systemInfo();
  const s = c.status();
  return [
    `${c.t('info.model')}\t${s.model}`,
    `${c.t('info.version')}\t${i.version ?? s.version}`,
    `${c.t('info.kernel')}\t${i.kernel ?? '-'}`,
    `${c.t('info.upgradeDate')}\t${i.upgradeDate ?? '-'}`,
    `${c.t('info.runningTime')}\t${callTimer(c.clock.now())}`,
  ];
}

function expansionLines(c: MenuContext): string[] {
  const n = Number(c.settings.get('expansion.modules'));
  const keys = c.status().keys ?? [];
  return [
    c.t('screen.modulesInstalled', { n }),
    ...Array.from({ length: n }, (_, i) => `${c.t('menu.expansionN', { n: i + 1 })}\t${keys.filter((k) => k.module === i + 1).length}/32`),
  ];
}

export const viewStatusMenu: MenuList = {
  kind: 'list',
  label: 'menu.viewStatus',
  items: [
    { kind: 'info', label: 'menu.network', lines: networkLines },
    { kind: 'info', label: 'menu.lines', lines: lineLines },
    { kind: 'info', label: 'menu.software', lines: softwareLines },
    { kind: 'info', label: 'menu.expansion', visible: (c) => c.model === 'ES330', lines: expansionLines },
  ],
};

export const diagnoseMenu: MenuList = {
  kind: 'list',
  label: 'menu.diagnose',
  items: [
    { kind: 'page', label: 'menu.keys', open: () => new KeysTestPage() },
    { kind: 'page', label: 'menu.lcd', open: () => new LcdTestPage() },
    { kind: 'page', label: 'menu.lights', open: () => new LightsTestPage() },
    { kind: 'page', label: 'menu.sound', open: () => new SoundTestPage() },
  ],
};
