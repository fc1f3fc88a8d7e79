import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PAGE_CSP } from './admin-page-routes.js';
import { uiDistDir } from './ui-static.js';

export const PHONE_PAGE_PATH = '/phone';

/**
 * The microphone is for this page itself only (W3C Permissions Policy): no
 * frame could ask for it, and the management pages never do.
 */
const PERMISSIONS_POLICY = 'microphone=(self), camera=(), geolocation=()';

const NOT_BUILT = 'The phone page is not built: run `npx vite build --config ui/vite.config.ts` (or `npm start`).\n';

/** The built page (dist/ui/phone/index.html), read once per server. */
export function loadPhoneHtml(): string | undefined {
  const root = uiDistDir();
  const file = root ? join(root, 'phone/index.html') : undefined;
  return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * GET /phone: the phone's face in the browser (ui/phone). The web guard in front
 * of every route has already required a login (session cookie, else the login
 * page; HTTP Basic for programs); both logins may use the face.
 */
export function registerPhonePage(app: FastifyInstance, html: string | undefined = loadPhoneHtml()): void {
  app.get(PHONE_PAGE_PATH, async (_req, reply) => {
    if (html === undefined) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply
      .header('Content-Security-Policy', PAGE_CSP)
      .header('Permissions-Policy', PERMISSIONS_POLICY)
      .type('text/html; charset=utf-8')
      .send(html);
  });
}
