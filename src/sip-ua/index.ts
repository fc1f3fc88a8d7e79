export * from './sdp/index.js';
export * from './invite/index.js';
export * from './authenticated-request.js';
export * from './registration-state.js';
export * from './registration.js';
export * from './request-target.js';
export * from './ua-core.js';
