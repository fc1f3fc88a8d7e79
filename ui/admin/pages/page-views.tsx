import type { FunctionComponent } from 'preact';
import type { AdminPage } from '../../../src/web/admin-pages.js';
import { DialPlanPage, IpStrategyPage } from './advance-pages.js';
import { ConfigGuidePage } from './config-guide-page.js';
import { ExpansionModulePage, ProgrammableKeysPage } from './keys-pages.js';
import { AutoProvisionPage, DefaultSettingPage, FileUpgradePage, HttpUpgradePage, LogPage, RebootPage } from './maintenance-pages.js';
import { MessagesPage } from './messages-page.js';
import { NetworkPage } from './network-page.js';
import { PasswordPage } from './password-page.js';
import { BanListPage, ContactPage, EnterprisePage, GroupPage } from './phonebook-pages.js';
import { RegistryPage } from './registry-page.js';
import { SipAccountPage } from './sip-account-page.js';
import { AboutPage, StatusPage } from './status-page.js';

/** The view of each page of admin-pages.ts (a page without a view says "not available yet"). */
export type PageView = FunctionComponent<{ page: AdminPage }>;

const settingsOnly: PageView = ({ page }) => <RegistryPage page={page} />;

export const PAGE_VIEWS: Record<string, PageView> = {
  '/status': () => <StatusPage />,
  '/about': () => <AboutPage />,
  '/config-guide': () => <ConfigGuidePage />,
  '/network': NetworkPage,
  '/sip-account': () => <SipAccountPage />,
  '/programmable-keys': () => <ProgrammableKeysPage />,
  '/expansion-module': ExpansionModulePage,
  '/audio': settingsOnly,
  '/phonebook/group': () => <GroupPage />,
  '/phonebook/contact': () => <ContactPage />,
  '/phonebook/ldap': settingsOnly,
  '/phonebook/banlist': () => <BanListPage />,
  '/phonebook/enterprise': () => <EnterprisePage />,
  '/phonebook/messages': () => <MessagesPage />,
  '/advance/phone-setting': settingsOnly,
  '/advance/vlan': settingsOnly,
  '/advance/vpn': settingsOnly,
  '/advance/dial-plan': DialPlanPage,
  '/advance/ip-strategy': IpStrategyPage,
  '/advance/global-sip': settingsOnly,
  '/maintenance/password': () => <PasswordPage />,
  '/maintenance/log': LogPage,
  '/maintenance/default-setting': () => <DefaultSettingPage />,
  '/maintenance/auto-provision': AutoProvisionPage,
  '/maintenance/ftp-upgrade': FileUpgradePage,
  '/maintenance/tftp-upgrade': FileUpgradePage,
  '/maintenance/http-upgrade': () => <HttpUpgradePage />,
  '/maintenance/reboot': () => <RebootPage />,
};
