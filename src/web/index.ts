export * from './web-context.js';
export * from './web-errors.js';
export * from './web-server.js';
