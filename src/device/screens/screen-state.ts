import type { Logger } from '../../base/index.js';

/**
 * The LCD's screens (manual §4–6) and the moves between them.
 *
 *              ┌──────── MENU/OK ────────> menu ──C──┐
 *              │                                      v
 *   idle ──digit/hook──> dialing ──send──> calling ──answered──> talking <──> held
 *    │  ^                   │ C / on-hook      │                  │  │ XFER   │
 *    │  └───────────────────┴──────────────────┴── ended ─────────┘  v        │
 *    └──INVITE──> ringing ──Ans──> talking     transfer ──sent──> (talking/idle)
 *                 talking ──INVITE──> callWaiting ──Ans──> talking (first held)
 *                 talking ──CONF + 2nd call──> conference
 *
 * The screen is derived after every phone event and key (pick-screen.ts) from
 * the phone's calls and the face's own mode; `transition()` checks the move
 * against MOVES and logs it. A move missing from the table is logged as a bug
 * and still taken: the calls are facts the glass must show.
 */
export type ScreenName =
  | 'idle'
  | 'dialing'
  | 'calling'
  | 'ringing'
  | 'talking'
  | 'held'
  | 'callWaiting'
  | 'transfer'
  | 'conference'
  | 'menu';

const CALL_SCREENS: readonly ScreenName[] = ['calling', 'ringing', 'talking', 'held', 'callWaiting', 'transfer', 'conference'];

export const MOVES: Readonly<Record<ScreenName, readonly ScreenName[]>> = {
  idle: ['dialing', 'calling', 'ringing', 'talking', 'held', 'menu', 'conference'],
  dialing: ['idle', 'calling', 'ringing', 'callWaiting', 'talking', 'held', 'menu'],
  calling: ['idle', 'dialing', 'talking', 'held', 'callWaiting', 'ringing', 'conference', 'menu', 'transfer'],
  ringing: ['idle', 'talking', 'held', 'callWaiting', 'calling', 'dialing', 'menu', 'conference'],
  talking: ['idle', 'held', 'callWaiting', 'transfer', 'conference', 'dialing', 'calling', 'ringing', 'menu'],
  held: ['idle', 'talking', 'dialing', 'calling', 'callWaiting', 'ringing', 'transfer', 'conference', 'menu'],
  callWaiting: ['idle', 'talking', 'held', 'ringing', 'calling', 'conference', 'dialing', 'menu'],
  transfer: ['idle', 'talking', 'held', 'calling', 'callWaiting', 'ringing', 'conference', 'menu'],
  conference: ['idle', 'talking', 'held', 'callWaiting', 'calling', 'ringing', 'menu'],
  menu: ['idle', 'dialing', ...CALL_SCREENS],
};

export class ScreenState {
  private current: ScreenName = 'idle';

  constructor(private readonly logger: Logger) {}

  get name(): ScreenName {
    return this.current;
  }

  /** Move to `to`; returns true when the screen changed. */
  transition(to: ScreenName, cause: string): boolean {
    const from = this.current;
    if (from === to) return false;
    if (!MOVES[from].includes(to)) this.logger.warn('unexpected LCD screen move (taken)', { from, to, cause });
    else this.logger.debug('screen', { from, to, cause });
    this.current = to;
    return true;
  }
}
