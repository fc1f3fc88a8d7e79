export * from './incoming-refer.js';
export * from './refer-client.js';
export * from './refer-server.js';
export * from './refer-to.js';
export * from './replaces-header.js';
export * from './sipfrag.js';
