/**
 * Which page is heard, when several groups carry one at once or a call is up.
 *
 * - Groups are ranked by slot: Paging1 beats Paging2 ... beats Paging5 (the
 *   manual's "priority is follow the serial number, one is highest"). A page
 *   on a higher group interrupts one on a lower group at once; when it ends
 *   and the lower page is still going, the lower one is heard again (as
 *   Yealink's "paging priority active" and Grandstream's multicast priority).
 * - A call in progress wins over pages unless the page's group is at or above
 *   the barge-in priority (Yealink "Paging Barge", Grandstream "Paging Barge"):
 *   `bargeInPriority` 0 (our default) means no page interrupts a call; 1 lets
 *   Paging1 through; 5 lets every group through. A page that may not barge in
 *   is not played while the call lasts, and is heard if it is still going
 *   when the call ends.
 */
import type { PagingGroup } from './paging-group.js';

export interface PagingPolicy {
  /** Groups with priority <= this interrupt an active call; 0 = none (default). */
  bargeInPriority: number;
}

export interface GroupActivity {
  group: PagingGroup;
  active: boolean;
}

/** The group to play now: the highest-priority active one the call policy allows, if any. */
export function choosePage(groups: readonly GroupActivity[], callActive: boolean, policy: PagingPolicy): PagingGroup | undefined {
  let best: PagingGroup | undefined;
  for (const g of groups) {
    if (!g.active) continue;
    if (callActive && !mayBargeIn(g.group, policy)) continue;
    if (!best || g.group.priority < best.priority) best = g.group;
  }
  return best;
}

export function mayBargeIn(group: PagingGroup, policy: PagingPolicy): boolean {
  return policy.bargeInPriority > 0 && group.priority <= policy.bargeInPriority;
}
