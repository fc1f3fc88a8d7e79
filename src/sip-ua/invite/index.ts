export * from './in-dialog-sender.js';
export * from './incoming-call.js';
export * from './invite-session-base.js';
export * from './invite-session-state.js';
export * from './invite-session.js';
export * from './outgoing-call.js';
export * from './replaces-match.js';
export * from './session-transfer.js';
