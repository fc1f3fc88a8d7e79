export * from './web-context.js';
export * from './web-errors.js';
export * from './web-server.js';
export { API_ROUTES, type ApiRouteName, type ApiRouteSpec } from './api/api-routes.js';
export { API_EVENT_TYPES } from './api/api-v1.js';
export { buildOpenApi, openApiPath } from './api/openapi.js';
export * from './api/schemas.js';
