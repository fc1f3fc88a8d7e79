/**
 * Registration states (RFC 3261 §10.2), as the line status shows them.
 *
 *   idle --start--> registering --200--> registered --refresh due--> registering
 *                     |  ^                   |
 *        401 twice /  |  | polling timer     +--stop--> unregistering --> idle
 *        4xx-6xx / \  v  |
 *        timeout     auth-failed | failed
 */
export type RegistrationState = 'idle' | 'registering' | 'registered' | 'auth-failed' | 'failed' | 'unregistering';

export const REGISTRATION_MOVES: Readonly<Record<RegistrationState, readonly RegistrationState[]>> = {
  idle: ['registering'],
  registering: ['registered', 'auth-failed', 'failed', 'unregistering', 'idle'],
  registered: ['registering', 'failed', 'unregistering', 'idle'],
  'auth-failed': ['registering', 'unregistering', 'idle'],
  failed: ['registering', 'unregistering', 'idle'],
  unregistering: ['idle'],
};
