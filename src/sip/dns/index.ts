export * from './dns-resolver.js';
export * from './static-dns-resolver.js';
export * from './srv-order.js';
export * from './server-location.js';
export * from './target-iterator.js';
