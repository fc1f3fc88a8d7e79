import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The built browser front end (ui/, built by Vite into dist/ui): its assets are
 * served under /ui/ without login (scripts and styles hold no secrets); the pages
 * that use them (/phone, the management pages) are routes of their own behind the
 * login. Returns the folder, or undefined when the UI was not built.
 */
export function uiDistDir(): string | undefined {
  // src/web/ui-static.ts (tsx) or dist/web/ui-static.js (built): dist/ui either way
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '../ui'), join(here, '../../dist/ui')]) {
    if (existsSync(join(candidate, 'phone/index.html'))) return candidate;
  }
  return undefined;
}

export async function registerUiAssets(app: FastifyInstance): Promise<string | undefined> {
  const root = uiDistDir();
  if (!root) return undefined;
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/ui/assets/',
    decorateReply: true,
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  return root;
}
