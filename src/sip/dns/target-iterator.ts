import type { SipUri } from '../message/index.js';
import type { SendTarget } from '../transport/transport.js';
import { resolveSipTargets, type ResolveSipTargetsOptions } from './server-location.js';

/**
 * Failover over located servers (RFC 3263 §4.3): when a request to one
 * target times out, fails at the transport, or gets a 503 (RFC 3261
 * §21.5.4), the client tries the next target, with a new branch. The
 * targets come in groups: the primary server's, then the secondary's (the
 * manual's "SIP Server" / "Secondary server", "Outbound Proxy" / "Secondary
 * Outbound Proxy"), so the phone can say which one it is using.
 */
export type FailoverCause = 'timeout' | 'transport-error' | 'service-unavailable';

export interface TargetGroup {
  /** e.g. "primary", "secondary". */
  label: string;
  targets: SendTarget[];
}

export interface CurrentTarget {
  target: SendTarget;
  /** The group it belongs to. */
  label: string;
  /** Position in the whole list, from 0. */
  index: number;
}

export class TargetIterator {
  private readonly list: CurrentTarget[] = [];
  private position = 0;
  /** Targets given up on, with why (for logs and the status page). */
  readonly failures: Array<{ target: SendTarget; label: string; cause: FailoverCause }> = [];

  constructor(groups: TargetGroup[] | SendTarget[]) {
    const asGroups: TargetGroup[] = isGroupList(groups) ? groups : [{ label: 'primary', targets: groups }];
    const seen = new Set<string>();
    for (const g of asGroups) {
      for (const t of g.targets) {
        // the secondary may resolve to an address the primary already gave: try it once
        const key = `${t.protocol}|${t.host}|${t.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.list.push({ target: t, label: g.label, index: this.list.length });
      }
    }
  }

  get total(): number {
    return this.list.length;
  }

  /** The target to use now; undefined when every one has failed (or there were none). */
  get current(): CurrentTarget | undefined {
    return this.list[this.position];
  }

  get exhausted(): boolean {
    return this.position >= this.list.length;
  }

  /** The current target failed: move to the next one and return it (undefined when none is left). */
  failover(cause: FailoverCause): SendTarget | undefined {
    const cur = this.list[this.position];
    if (!cur) return undefined;
    this.failures.push({ target: cur.target, label: cur.label, cause });
    this.position++;
    return this.list[this.position]?.target;
  }

  /** Start over from the first target (e.g. on the next registration refresh, to return to the primary). */
  reset(): void {
    this.position = 0;
  }
}

function isGroupList(x: TargetGroup[] | SendTarget[]): x is TargetGroup[] {
  return x.length > 0 && 'targets' in x[0]!;
}

/**
 * Resolve the configured servers in order (primary first) into one
 * TargetIterator. A server that resolves to nothing simply contributes no
 * targets; the iterator is exhausted from the start when none resolves.
 */
export async function locateServers(
  servers: Array<{ label: string; uri: SipUri }>,
  opts: ResolveSipTargetsOptions,
): Promise<TargetIterator> {
  const groups = await Promise.all(
    servers.map(async (s) => ({ label: s.label, targets: await resolveSipTargets(s.uri, opts) })),
  );
  return new TargetIterator(groups);
}
