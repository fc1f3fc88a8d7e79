export * from './loop-network.js';
export * from './loop-transport.js';
export * from './seeded-random.js';
