export * from './account-spec.js';
export * from './dial-target.js';
export * from './phone-config.js';
export * from './phone-errors.js';
export * from './phone-types.js';
export * from './phone.js';
export * from './config-from-settings.js';
export type { LineReconfigureResult } from './line.js';
export type { ApplyConfigResult } from './live-config.js';
