import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * Manual §7 "Advance > VLAN Setting" and "Advance > VPN Setting", plus 802.1X
 * ("*IEEE 802.1X", not yet published in the manual's firmware), LLDP ("*LLDP") and
 * "Network Packet Mirroring". All belong to the host OS for a software phone:
 * stored and round-tripped, reported as host-managed, never pretended applied.
 */
export function vlanVpnSettings(): SettingDef[] {
  const vlan = new PageDeclarer({
    page: 'Advance/VLAN',
    role: 'admin',
    effect: 'host',
    xml: { container: 'VLANs', element: 'Vlan' },
  });
  const vpn = new PageDeclarer({ page: 'Advance/VPN', role: 'admin', effect: 'host', xml: { container: 'VPNs', element: 'VPN' } });
  const dot1x = vlan.with({ page: 'Network', xml: { container: 'E8021xs', element: 'E8021x' } });
  const call = vlan.with({ page: 'Network', xml: { container: 'calls', element: 'call' } });
  const sys = vlan.with({ page: 'Advance/Phone Setting', xml: { container: 'syss', element: 'sys' } });
  return [
    vlan.bool('vlan.enabled', 'Enable VLAN', false, 'EnableVlan'),
    vlan.bool('vlan.lanEnabled', 'Enable VLAN (LAN Port)', false, 'LocalEnableVlan'),
    vlan.int('vlan.lanVid', 'VID (LAN Port)', 1, 1, 4094, 'LocalVID', { help: 'IEEE 802.1Q VLAN identifier.' }),
    vlan.int('vlan.lanPriority', 'Priority (LAN Port)', 0, 0, 7, 'LocalPriority', { help: 'IEEE 802.1p priority code point.' }),
    vlan.bool('vlan.pcEnabled', 'Enable VLAN (PC Port)', false, 'PCEnableVlan'),
    vlan.int('vlan.pcVid', 'VID (PC Port)', 1, 1, 4094, 'PCVID'),
    vlan.int('vlan.pcPriority', 'Priority (PC Port)', 0, 0, 7, 'PCPriority'),
    vpn.bool('vpn.enabled', 'Enable VPN', false, 'Enable'),
    vpn.enum('vpn.type', 'VPN Type', 'l2tp', [{ value: 'l2tp', label: 'L2TP', xml: '0' }], 'Type', {
      help: 'The manual offers one type; the feature list says VPN (L2TP). XML code (I).',
    }),
    vpn.host('vpn.server', 'VPN Server Addr', '', 'VPNServer'),
    vpn.string('vpn.user', 'VPN User Name', '', 64, 'VPNUserName'),
    vpn.password('vpn.password', 'VPN Password', '', 64, 'VPNUserPassword'),
    dot1x.enum(
      'dot1x.mode',
      '802.1X Mode',
      'disabled',
      [
        { value: 'disabled', label: 'Disabled', xml: '0' },
        { value: 'eap-md5', label: 'EAP-MD5', xml: '1' },
      ],
      'c8021xType',
      { help: 'IEEE 802.1X port authentication (the manual lists EAP with MD5). XML codes (I).' },
    ),
    dot1x.string('dot1x.identity', '802.1X Identity', '', 64, 'Identity'),
    dot1x.password('dot1x.password', '802.1X Password', '', 64, 'Password'),
    call.bool('network.lldp', 'LLDP', false, 'LLDP', { help: 'IEEE 802.1AB / LLDP-MED announcements.' }),
    call.int('network.lldpInterval', 'LLDP Interval', 60, 1, 3600, 'LLDPInterval', { unit: 's' }),
    sys.bool('network.packetMirroring', 'Network Packet Mirroring', false, 'NetworkPacket', {
      help: "Copies the phone's packets to the PC port (a hardware switch feature).",
    }),
  ];
}
