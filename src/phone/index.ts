export * from './account-spec.js';
export * from './phone-config.js';
export * from './phone-errors.js';
export * from './phone-types.js';
