import type { FastifyRequest } from 'fastify';
import type { WebRole } from '../config/index.js';

/**
 * Which login made a request, set by the authentication hook and read by the
 * handlers that serve both logins (settings: the user sees and changes user keys
 * only). A WeakMap rather than a request decoration: nothing outlives the request.
 */
const roles = new WeakMap<FastifyRequest, WebRole>();

export function setRequestRole(req: FastifyRequest, role: WebRole): void {
  roles.set(req, role);
}

/** The role of the authenticated login; 'user' when unknown (the least privilege). */
export function requestRole(req: FastifyRequest): WebRole {
  return roles.get(req) ?? 'user';
}
