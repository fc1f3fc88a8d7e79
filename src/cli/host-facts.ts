import { networkInterfaces, release } from 'node:os';
import type { SystemInfo } from '../device/index.js';

/**
 * What the LCD's View status shows about the network: a software phone has no
 * network setup of its own (the host owns it, docs/decisions.md), so it reports
 * the host's first external IPv4 interface, read when the page is opened.
 */
export function hostFacts(mac: string, version: string): SystemInfo {
  const info: SystemInfo = {
    mac: mac.replace(/(..)(?=.)/g, '$1:').toUpperCase(),
    version,
    kernel: `Node.js ${process.versions.node} on Linux ${release()}`,
  };
  for (const list of Object.values(networkInterfaces())) {
    const v4 = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) {
      info.ipAddress = v4.address;
      info.subnetMask = v4.netmask;
      break;
    }
  }
  return info;
}
