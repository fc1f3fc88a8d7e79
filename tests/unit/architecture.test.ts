/**
 * Proves the layering of STYLE.md §7: a folder under src/ imports only the folders
 * listed for it, and another folder only through its index.ts. Reads import lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

const ALLOWED: Record<string, string[]> = {
  base: [],
  sip: ['base'],
  'sip-ua': ['sip', 'base'],
  media: ['base'],
  config: ['base'],
  directory: ['config', 'base'],
  phone: ['sip-ua', 'sip', 'media', 'config', 'directory', 'base'],
  device: ['phone', 'config', 'media', 'base'],
  provisioning: ['config', 'base'],
  web: ['phone', 'device', 'config', 'provisioning', 'directory', 'media', 'base'],
  telnet: ['phone', 'config', 'base'],
  cli: ['*'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT_RE = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

describe('layering (STYLE.md §7)', () => {
  const files = walk(SRC);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('every import respects the folder table', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = relative(SRC, file).split('/')[0]!;
      const allowed = ALLOWED[from];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: folder src/${from} is not in the layer table`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2]!;
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, resolve(dirname(file), spec));
        const to = target.split('/')[0]!;
        if (to === from) continue;
        if (!allowed.includes('*') && !allowed.includes(to)) {
          violations.push(`${relative(SRC, file)} imports src/${to} (${spec})`);
        } else if (!allowed.includes('*') && target !== `${to}/index.js`) {
          violations.push(`${relative(SRC, file)} imports ${spec}: use src/${to}/index.ts`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
