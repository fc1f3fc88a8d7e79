export * from './dialog.js';
export * from './dialog-set.js';
export * from './dialog-state.js';
export * from './dialog-table.js';
export * from './route-set.js';
