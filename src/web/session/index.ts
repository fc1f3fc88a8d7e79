export * from './login-throttle.js';
export * from './login-routes.js';
export * from './request-identity.js';
export * from './request-origin.js';
export * from './session-cookie.js';
export * from './session-store.js';
export * from './web-authenticator.js';
export * from './web-guard.js';
