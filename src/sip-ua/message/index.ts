export * from './text-message.js';
