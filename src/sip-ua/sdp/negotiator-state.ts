/**
 * Offer/answer negotiator states (RFC 3264 §4; the shape of pjmedia's
 * sdp_neg). One exchange at a time: a new offer only from 'stable'.
 *
 *            set-local-offer              set-remote-answer
 *   stable ───────────────► local-offer ───────────────────► wait-nego
 *     ▲  │                     │ cancel-offer (488/491)          │
 *     │  │ set-remote-offer    ▼                                 │ negotiate
 *     │  └────────────────► remote-offer ─set-local-answer──► wait-nego
 *     │                        │ cancel-offer (we answer 488)    │
 *     └────────────────────────┴─────────────────────────────────┘
 */
export type NegotiatorState = 'stable' | 'local-offer' | 'remote-offer' | 'wait-nego';

export type NegotiatorEvent =
  | 'set-local-offer'
  | 'set-remote-offer'
  | 'set-remote-answer'
  | 'set-local-answer'
  | 'cancel-offer'
  | 'negotiate';

export const NEGOTIATOR_MOVES: Readonly<Record<NegotiatorState, Readonly<Partial<Record<NegotiatorEvent, NegotiatorState>>>>> = {
  stable: { 'set-local-offer': 'local-offer', 'set-remote-offer': 'remote-offer' },
  'local-offer': { 'set-remote-answer': 'wait-nego', 'cancel-offer': 'stable' },
  'remote-offer': { 'set-local-answer': 'wait-nego', 'cancel-offer': 'stable' },
  'wait-nego': { negotiate: 'stable' },
};

export function nextNegotiatorState(from: NegotiatorState, event: NegotiatorEvent): NegotiatorState | undefined {
  return NEGOTIATOR_MOVES[from][event];
}
