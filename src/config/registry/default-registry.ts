import { SettingsRegistry } from './settings-registry.js';
import { audioSettings } from './settings-audio.js';
import { codecSlotsConstraint, portRangeConstraint } from './settings-constraints.js';
import { dialPlanSettings } from './settings-dial-plan.js';
import { globalSipSettings } from './settings-global-sip.js';
import { lcdSettings } from './settings-lcd.js';
import { LDAP_SERVERS, ldapSettings } from './settings-ldap.js';
import { logSettings } from './settings-log.js';
import { maintenanceSettings } from './settings-maintenance.js';
import { networkSettings } from './settings-network.js';
import { phoneSettings } from './settings-phone.js';
import { provisioningSettings } from './settings-provisioning.js';
import { sipAccountSettings } from './settings-sip-account.js';
import { timeSettings } from './settings-time.js';
import { vlanVpnSettings } from './settings-vlan-vpn.js';

/** The models this registry knows (manual §1: the ES330 has one line more than the ES320). */
export type PhoneModelName = 'ES320' | 'ES330';

/** SIP accounts (lines) per model: 2 on the ES320, 3 on the ES330 (manual §1 "Line"). */
export function accountCount(model: PhoneModelName): number {
  return model === 'ES320' ? 2 : 3;
}

/** EMS32 expansion modules: up to 6 on the ES330, none on the ES320 (manual §1). */
export function expansionModuleCount(model: PhoneModelName): number {
  return model === 'ES330' ? 6 : 0;
}

/**
 * Every setting of one phone, in the order of the manual's web menu (§7). A new
 * registry per phone: farm mode runs many phones in one process (STYLE.md §6).
 */
export function createDefaultRegistry(model: PhoneModelName = 'ES330'): SettingsRegistry {
  const registry = new SettingsRegistry(model);
  const lines = accountCount(model);
  registry.defineAll(networkSettings());
  for (let n = 1; n <= lines; n++) registry.defineAll(sipAccountSettings(n, lines));
  registry.defineAll(audioSettings());
  for (let n = 1; n <= LDAP_SERVERS; n++) registry.defineAll(ldapSettings(n));
  registry.defineAll(phoneSettings());
  registry.defineAll(timeSettings());
  registry.defineAll(lcdSettings());
  registry.defineAll(vlanVpnSettings());
  registry.defineAll(dialPlanSettings());
  registry.defineAll(globalSipSettings());
  registry.defineAll(logSettings());
  registry.defineAll(maintenanceSettings({ expansionModules: expansionModuleCount(model) }));
  registry.defineAll(provisioningSettings());

  registry.constrain(portRangeConstraint('sip.rtpPortMin', 'sip.rtpPortMax'));
  for (let n = 1; n <= lines; n++) registry.constrain(portRangeConstraint(`account.${n}.rtpPortMin`, `account.${n}.rtpPortMax`));
  registry.constrain(codecSlotsConstraint());
  return registry;
}
