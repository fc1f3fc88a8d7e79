export * from './message/index.js';
export * from './transport/index.js';
export * from './dns/index.js';
export * from './transaction/index.js';
export * from './loop/index.js';
export * from './auth/index.js';
export * from './dialog/index.js';
