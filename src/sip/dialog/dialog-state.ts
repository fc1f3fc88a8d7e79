/**
 * Dialog states (RFC 3261 §12, §12.3):
 *
 *   1xx with To tag ──► early ──2xx──► confirmed
 *                        │                │
 *      non-2xx final ────┤                │ BYE, 481/408 to a request (RFC 5057), expiry
 *                        ▼                ▼
 *                      terminated ◄───────┘
 *
 * A 2xx that creates the dialog starts it in 'confirmed'.
 */
export type DialogState = 'early' | 'confirmed' | 'terminated';

export const DIALOG_MOVES: Readonly<Record<DialogState, readonly DialogState[]>> = {
  early: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  terminated: [],
};

export function isLegalDialogMove(from: DialogState, to: DialogState): boolean {
  return DIALOG_MOVES[from].includes(to);
}
