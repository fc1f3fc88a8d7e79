import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ADMIN_PAGES, HOME_PATH, LOGIN_PATH, findPage, pageAllows } from './admin-pages.js';
import { requestIdentity } from './session/index.js';
import { uiDistDir } from './ui-static.js';

/**
 * Content-Security-Policy of the management pages: scripts and styles from the
 * phone only, no inline script, no framing (clickjacking), no plugins. The
 * built bundle needs nothing more.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The built management page (dist/ui/admin/index.html): one HTML for every path, the browser picks the view. */
export function loadAdminHtml(): string | undefined {
  const root = uiDistDir();
  const file = root ? join(root, 'admin/index.html') : undefined;
  return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

const NOT_BUILT =
  'The management pages are not built: run `npx vite build --config ui/vite.config.ts` (or `npm start`). The REST API is at /api/v1.\n';

export function sendAdminHtml(reply: FastifyReply, html: string | undefined, status = 200): FastifyReply {
  if (html === undefined) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
  return reply.code(status).header('Content-Security-Policy', PAGE_CSP).type('text/html; charset=utf-8').send(html);
}

/**
 * The page routes of admin-pages.ts. The web guard has already required a login;
 * here the page's role is enforced: a page for the administrator answers 403 to
 * the user login (the browser then shows "not allowed"), whatever URL was typed.
 * Unknown paths outside /api answer 404 with the same page (it shows "not found").
 */
export function registerAdminPages(app: FastifyInstance, html: string | undefined): void {
  app.get('/', async (_req, reply) => reply.redirect(HOME_PATH, 302));
  for (const page of ADMIN_PAGES) {
    app.get(page.path, async (req, reply) => {
      const who = requestIdentity(req);
      const allowed = who !== undefined && pageAllows(page, who.role);
      return sendAdminHtml(reply, html, allowed ? 200 : 403);
    });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return reply.code(404).send({ error: 'WEB_NOT_FOUND', message: `no route ${req.method} ${path}` });
    }
    if (path === LOGIN_PATH || findPage(path)) return sendAdminHtml(reply, html);
    return sendAdminHtml(reply, html, 404);
  });
}
