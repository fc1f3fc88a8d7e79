export * from './digest-algorithm.js';
export * from './digest-challenge.js';
export * from './digest-response.js';
export * from './digest-client.js';
