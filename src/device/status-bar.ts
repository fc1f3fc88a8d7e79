import type { LineStatus, PhoneStatus } from '../phone/index.js';

/** The manual's five line states of the status bar (§3 "Line status"). */
export type LineIcon = 'offline' | 'p2p' | 'unregistered' | 'registered' | 'dnd';

export interface StatusBarInfo {
  time: string;
  date: string;
  /** "AA": auto answer on (manual §3 item 2). */
  autoAnswer: boolean;
  /** Missed calls not yet viewed (item 3). */
  missedCalls: number;
  /** Lines with voice mail waiting (the envelope). */
  messages: number;
  dnd: boolean;
  locked: boolean;
  /** One icon per line key (item 4). */
  lines: Array<{ line: number; icon: LineIcon }>;
}

/**
 * A line's icon: DND wins (5), then registered (4); a line with a server that is
 * not registered shows 3, or 1 when the network itself failed; no server is
 * peer-to-peer only (2). A disabled line shows as not registered.
 */
export function lineIcon(l: LineStatus, networkUp: boolean, dndAll: boolean): LineIcon {
  if (!networkUp) return 'offline';
  if (l.dnd || dndAll) return 'dnd';
  if (l.state === 'registered') return 'registered';
  if (l.state === 'peer-to-peer') return 'p2p';
  return 'unregistered';
}

export interface StatusInputs {
  status: PhoneStatus;
  time: string;
  date: string;
  autoAnswer: boolean;
  dnd: boolean;
  locked: boolean;
  networkUp: boolean;
  /** Missed calls when the phone's status does not count them (from the database). */
  missedFallback?: number;
}

export function statusBarInfo(i: StatusInputs): StatusBarInfo {
  const lines = i.status.lines.map((l) => ({ line: l.line, icon: lineIcon(l, i.networkUp, i.dnd) }));
  return {
    time: i.time,
    date: i.date,
    autoAnswer: i.autoAnswer || i.status.lines.some((l) => l.autoAnswer !== undefined),
    missedCalls: i.status.missedCalls ?? i.missedFallback ?? 0,
    messages: i.status.lines.filter((l) => l.messages?.waiting).length,
    dnd: i.dnd || i.status.lines.some((l) => l.dnd === true),
    locked: i.locked,
    lines,
  };
}
