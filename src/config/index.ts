export * from './password-hash.js';
export * from './web-accounts.js';
