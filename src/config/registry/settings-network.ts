import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * Manual §7 "Network" and the LCD "System setting > Advanced setting > Network" (§6).
 * A software phone does not own the host's interfaces: the IP settings, PPPoE, the
 * PC port and the SOCKS proxy are stored and round-tripped but never applied
 * (effect 'host', issue #3). The web and telnet ports are ours and apply at the next
 * start, as the manual says. Multicast paging listeners are ours and apply live.
 */
export const NETWORK_PAGE = 'Network';

const LCD_NETWORK = 'Menu > System setting > Advanced setting > Network';

export function networkSettings(): SettingDef[] {
  const p = new PageDeclarer({
    page: NETWORK_PAGE,
    role: 'admin',
    effect: 'host',
    xml: { container: 'Networks', element: 'network' },
  });
  const telnet = p.with({ xml: { container: 'Networks', element: 'newTelnet' } });
  const socks = p.with({ xml: { container: 'Proxys', element: 'proxy' } });
  const pc = p.with({ xml: { container: 'NATs', element: 'nat' } });
  const lcd = { menu: LCD_NETWORK };
  return [
    p.enum(
      'network.mode',
      'IP Setting',
      'dhcp',
      [
        { value: 'static', label: 'Static IP', xml: '0' },
        { value: 'pppoe', label: 'PPPoE', xml: '1' },
        { value: 'dhcp', label: 'DHCP', xml: '2' },
      ],
      'NetConfigType',
      { ...lcd, help: 'DHCP=2 and static=0 are confirmed codes; PPPoE=1 is inferred (escene-formats.md §3.2).' },
    ),
    p.ip('network.ipAddress', 'IP Address', '', 'IPAddress', lcd),
    p.ip('network.subnetMask', 'Netmask', '', 'SubnetMask', lcd),
    p.ip('network.gateway', 'Gateway', '', 'DefaultGateways', lcd),
    p.bool('network.dnsAuto', 'DNS Setting: Automatic', true, 'AutoGetDNS'),
    p.ip('network.dns1', 'Primary DNS', '', 'IPDNS', lcd),
    p.ip('network.dns2', 'Secondary DNS', '', 'SecondDNS', lcd),
    p.string('network.pppoeUser', 'Username (pppoe)', '', 64, 'UsrName'),
    p.password('network.pppoePassword', 'Password (pppoe)', '', 64, 'UsrKey'),
    p.int('network.mtu', 'MTU (pppoe)', 1500, 576, 1500, 'MTU', { unit: 'bytes', help: 'Manual default 1500.' }),
    p.string('network.hostname', 'Hostname (Option12)', '', 64, 'Hostname', {
      pattern: '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)?',
      help: 'DHCP option 12 (RFC 2132 §3.14).',
    }),
    p.string('network.vendorClass', 'Hostname (Option60)', '', 64, 'Manufacturer', {
      help: 'DHCP option 60 vendor class (RFC 2132 §9.13). XML mapping (I).',
    }),
    p.port('web.port', 'HTTP Port', 80, 'WebPort', { ...lcd, effect: 'reboot', help: 'Manual: "It will take effect on next reboot".' }),
    telnet.port('telnet.port', 'Telnet Port', 23, 'TelnetPort', {
      ...lcd,
      effect: 'reboot',
      help: 'Manual: "It will take effect on next reboot".',
    }),
    socks.bool('network.socks5Enabled', 'Socket5 Proxy Server', false, 'ProxyServerEnable', { help: 'Stored only: Sayhi does not tunnel through SOCKS.' }),
    socks.host('network.socks5Server', 'Server IP', '', 'ProxyServerDomain'),
    socks.port('network.socks5Port', 'Port', 1080, 'ProxyServerPort', { help: 'Manual default 1080 (RFC 1928).' }),
    socks.bool('network.socks5Anonymous', 'Anonymous Login', true, 'AnonymousLogin'),
    socks.string('network.socks5User', 'Username', '', 64, 'Username'),
    socks.password('network.socks5Password', 'Password', '', 64, 'Password'),
    pc.enum(
      'network.pcPortMode',
      'PC Port',
      'bridge',
      [
        { value: 'bridge', label: 'Bridge', xml: '0' },
        { value: 'router', label: 'Router', xml: '1' },
      ],
      'PCPortMode',
      { help: 'Codes inferred (escene-formats.md §3.2).' },
    ),
    pc.ip('network.pcPortIp', 'Router IP', '', 'PCPortIPAddress'),
    pc.ip('network.pcPortMask', 'Router Netmask', '', 'PCPortIPMask'),
    pc.bool('network.pcDhcpServer', 'DHCP Server', false, 'DHCPServerEnable'),
    pc.ip('network.pcDhcpStart', 'DHCP Start Address', '', 'DHCPStartAddress'),
    pc.ip('network.pcDhcpEnd', 'DHCP End Address', '', 'DHCPEndAddress'),
    ...pagingSettings(p),
  ];
}

/** XML numbers paging groups in words: PagingEnableOne..PagingEnableFive. */
const PAGING_WORDS = ['One', 'Two', 'Three', 'Four', 'Five'] as const;

/**
 * "Paging Setting (This feature priority is follow the serial number, one is highest)":
 * five multicast groups the phone listens on. Ours, so live.
 */
function pagingSettings(network: PageDeclarer): SettingDef[] {
  const p = network.with({ effect: 'live', xml: { container: 'Pagings', element: 'paging' } });
  return PAGING_WORDS.flatMap((word, i) => {
    const n = i + 1;
    return [
      p.bool(`paging.${n}.enabled`, `Paging${n}`, false, `PagingEnable${word}`),
      p.ip(`paging.${n}.address`, `Paging${n} Group IP`, '', `PagingDomain${word}`, {
        pattern: '|(?:22[4-9]|23\\d)\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|[fF][fF][0-9a-fA-F:]*',
        help: 'An IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast group.',
      }),
      p.int(`paging.${n}.port`, `Paging${n} Group Port`, 0, 0, 65535, `PagingGroupPort${word}`, { help: '0 = not set.' }),
    ];
  });
}
