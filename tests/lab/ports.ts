/**
 * The lab's port plan: every loopback port the integration suite uses, in one place.
 *
 * The shared developer lab (/work/shared/lab) owns 5060/5061, 5070-5099, 4402-4409,
 * 10000-10299 and 16000-16299; nothing here overlaps it, so both can run at once.
 *
 *   25060        Kamailio SIP, UDP + TCP
 *   25061        Kamailio SIP over TLS
 *   25100-25199  baresip slots 0..9, 10 ports each: base = SIP UDP+TCP, base+1 = SIP TLS
 *                (baresip binds it by itself), base+2 = ctrl_tcp
 *   25200-25299  SIPp slots 0..49, 2 ports each: base = SIP (UDP or TCP)
 *   25388        kept free: "LDAP server down" in the directory tests
 *   25389        slapd, the LDAP directory (tests/lab/slapd.ts)
 *   25400-25499  the phone under test (Sayhi) slots 0..9, 10 ports each: base = SIP
 *                UDP+TCP, base+1 = TLS, base+2.. free for the phone's web/telnet in tests
 *   26000-26999  baresip RTP, 100 ports per slot
 *   27000-27499  SIPp media (-mp), 10 ports per slot (RTP, RTCP, and +2/+3 that SIPp
 *                reserves for video)
 *   28000-28999  the phone under test's RTP, 100 ports per slot
 */

export const LAB_HOST = '127.0.0.1';

export const KAMAILIO_SIP_PORT = 25060;
export const KAMAILIO_TLS_PORT = 25061;

export const BARESIP_SLOT_COUNT = 10;
export const SIPP_SLOT_COUNT = 50;
export const PHONE_SLOT_COUNT = 10;

export type LabTransport = 'udp' | 'tcp' | 'tls';

/** Where a lab peer listens. */
export interface Endpoint {
  host: string;
  port: number;
  transport: LabTransport;
}

export interface PortRange {
  min: number;
  max: number;
}

export interface BaresipPorts {
  /** SIP over UDP and TCP; baresip puts its TLS listener on sipPort + 1. */
  sipPort: number;
  ctrlPort: number;
  rtpRange: PortRange;
}

export interface SippPorts {
  sipPort: number;
  /** -mp: SIPp uses this one and the next three. */
  mediaPort: number;
}

export interface PhonePorts {
  sipPort: number;
  tlsPort: number;
  rtpRange: PortRange;
}

function checkSlot(kind: string, slot: number, count: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot >= count) {
    throw new Error(`${kind} slot ${slot} is outside the port plan (0..${count - 1}, tests/lab/ports.ts)`);
  }
}

export function baresipPorts(slot: number): BaresipPorts {
  checkSlot('baresip', slot, BARESIP_SLOT_COUNT);
  const base = 25100 + slot * 10;
  return { sipPort: base, ctrlPort: base + 2, rtpRange: { min: 26000 + slot * 100, max: 26000 + slot * 100 + 99 } };
}

export function sippPorts(slot: number): SippPorts {
  checkSlot('sipp', slot, SIPP_SLOT_COUNT);
  return { sipPort: 25200 + slot * 2, mediaPort: 27000 + slot * 10 };
}

export function phonePorts(slot: number): PhonePorts {
  checkSlot('phone', slot, PHONE_SLOT_COUNT);
  const base = 25400 + slot * 10;
  return {
    sipPort: base,
    tlsPort: base + 1,
    rtpRange: { min: 28000 + slot * 100, max: 28000 + slot * 100 + 99 },
  };
}

/** Which part of the plan a port belongs to, or undefined when it is outside it. */
export function planOwnerOf(port: number): 'kamailio' | 'baresip' | 'sipp' | 'phone' | undefined {
  if (port === KAMAILIO_SIP_PORT || port === KAMAILIO_TLS_PORT) return 'kamailio';
  if ((port >= 25100 && port <= 25199) || (port >= 26000 && port <= 26999)) return 'baresip';
  if ((port >= 25200 && port <= 25299) || (port >= 27000 && port <= 27499)) return 'sipp';
  if ((port >= 25400 && port <= 25499) || (port >= 28000 && port <= 28999)) return 'phone';
  return undefined;
}

/** Throws unless every port lies in the part of the plan that `owner` may use. */
export function assertInPlan(owner: 'kamailio' | 'baresip' | 'sipp' | 'phone', ports: readonly number[]): void {
  for (const port of ports) {
    if (planOwnerOf(port) !== owner) {
      throw new Error(`${owner}: port ${port} is not in its part of the lab port plan (tests/lab/ports.ts)`);
    }
  }
}

export function formatRange(range: PortRange): string {
  return `${range.min}-${range.max}`;
}
