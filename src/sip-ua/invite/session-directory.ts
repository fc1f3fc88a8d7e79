import type { UaCore } from '../ua-core.js';
import type { InviteSession } from './invite-session.js';

/**
 * The INVITE sessions alive on one UA core, so that an INVITE with Replaces
 * (RFC 3891 §3) can find the session of the dialog it names. Keyed by core:
 * farm mode runs many phones in one process, each with its own list.
 */
const byCore = new WeakMap<UaCore, Set<InviteSession>>();

export function trackSession(core: UaCore, session: InviteSession): void {
  let set = byCore.get(core);
  if (!set) {
    set = new Set();
    byCore.set(core, set);
  }
  set.add(session);
}

export function untrackSession(core: UaCore, session: InviteSession): void {
  byCore.get(core)?.delete(session);
}

export function sessionsOf(core: UaCore): readonly InviteSession[] {
  return [...(byCore.get(core) ?? [])];
}
