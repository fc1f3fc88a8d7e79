import type { FastifyRequest } from 'fastify';
import type { WebRole } from '../../config/index.js';
import type { WebSession } from './session-store.js';

/**
 * Who made a request: set once by the web guard (session cookie or HTTP Basic),
 * read by the handlers. A WeakMap rather than a request decoration: nothing
 * outlives the request.
 */
export interface RequestIdentity {
  username: string;
  role: WebRole;
  via: 'session' | 'basic';
  /** The browser session, when the request came with one. */
  session?: WebSession;
}

const identities = new WeakMap<FastifyRequest, RequestIdentity>();

export function setRequestIdentity(req: FastifyRequest, who: RequestIdentity): void {
  identities.set(req, who);
}

export function requestIdentity(req: FastifyRequest): RequestIdentity | undefined {
  return identities.get(req);
}
