/**
 * A paging group: a multicast address and UDP port that pages are sent to
 * as plain RTP, and, for listening, its priority.
 *
 * The manual (Network > Paging Setting) lists Paging1..Paging5, each enabled
 * with a "Group IP and Port", and notes: "This feature priority is follow the
 * serial number, one is highest". So a group's priority is its slot number:
 * 1 is the most important, 5 the least (as Yealink's and Grandstream's
 * multicast listening lists, where the first entry wins).
 */
import { SayhiError } from '../../base/index.js';

export interface PagingGroup {
  /** Slot number 1..5; 1 is the highest priority. */
  priority: number;
  /** IPv4 224.0.0.0/4 or IPv6 ff00::/8 group. */
  address: string;
  port: number;
  /** For logs and events (e.g. "Paging1"). */
  label?: string;
}

/** Where a page is sent: a group address and port. */
export interface PagingTarget {
  address: string;
  port: number;
}

export function isMulticastAddress(address: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((o) => o <= 255) && octets[0]! >= 224 && octets[0]! <= 239;
  }
  return /^ff[0-9a-f]{2}:/i.test(address);
}

/** A group or target that cannot work is a configuration the caller should have refused. */
export function checkPagingTarget(t: PagingTarget): void {
  if (!isMulticastAddress(t.address)) {
    throw new SayhiError('MEDIA_PAGING_GROUP', `paging address ${t.address} is not a multicast group`);
  }
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) {
    throw new SayhiError('MEDIA_PAGING_GROUP', `paging port ${t.port} is not a UDP port`);
  }
}

export function pagingGroupName(g: PagingGroup): string {
  return g.label ?? `Paging${g.priority}`;
}

/**
 * The groups in priority order, each group address:port once (a slot
 * repeating an earlier one adds nothing: the earlier, higher one wins).
 */
export function orderPagingGroups(groups: readonly PagingGroup[]): PagingGroup[] {
  const sorted = [...groups].sort((a, b) => a.priority - b.priority);
  const seen = new Set<string>();
  const out: PagingGroup[] = [];
  for (const g of sorted) {
    checkPagingTarget(g);
    const key = `${g.address.toLowerCase()}|${g.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(g);
  }
  return out;
}
