export * from './session-timer-negotiation.js';
export * from './session-timer-settings.js';
export * from './session-timer.js';
