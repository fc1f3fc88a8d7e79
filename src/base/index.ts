export * from './clock.js';
export * from './virtual-clock.js';
export * from './errors.js';
export * from './events.js';
export * from './logger.js';
export * from './random.js';
export * from './seq-math.js';
export * from './socket-factory.js';
