export * from './password-hash.js';
export * from './web-accounts.js';
export * from './registry/index.js';
export * from './store/index.js';
export * from './escene/index.js';
