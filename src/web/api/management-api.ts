import type { FastifyInstance } from 'fastify';
import type { ApiRouteSpec } from './api-routes.js';
import { MAINTENANCE_ROUTES, maintenanceApi } from './maintenance-api.js';
import { routeRegistrar, type ManagementDeps } from './management-deps.js';
import { PHONEBOOK_ROUTES } from './phonebook-api-routes.js';
import { phonebookApi } from './phonebook-api.js';
import { SESSION_ROUTES, sessionApi } from './session-api.js';

/**
 * The routes the management pages need beyond settings and files (issue #6):
 * session and password, phonebook rows, status, log and maintenance. Part of
 * API_ROUTES (documented in the OpenAPI document like every route); registered
 * by the web server inside /api/v1, behind the same login and role checks.
 */
export const MANAGEMENT_ROUTES = {
  ...SESSION_ROUTES,
  ...PHONEBOOK_ROUTES,
  ...MAINTENANCE_ROUTES,
} as const satisfies Record<string, ApiRouteSpec>;

export function managementApi(app: FastifyInstance, deps: ManagementDeps): void {
  const route = routeRegistrar(app);
  sessionApi(route, deps);
  phonebookApi(route, deps);
  maintenanceApi(route, deps);
}
