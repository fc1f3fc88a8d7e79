/**
 * docs/settings.md is generated from the declarations (renderSettingsMarkdown) — proves
 * the committed table matches the code, so it cannot drift. After changing a
 * declaration, regenerate with `npx vitest run tests/unit/config/registry-docs.test.ts --update`.
 * Also proves the table names every page and the kept-not-interpreted attributes.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry, renderSettingsMarkdown } from '../../../src/config/index.js';

describe('docs/settings.md', () => {
  const es330 = createDefaultRegistry('ES330');
  const text = renderSettingsMarkdown(es330, createDefaultRegistry('ES320'));

  it('has a section per page, one row per key shape, and the kept attributes', () => {
    for (const page of es330.pages()) expect(text).toContain(`\n## ${page}\n`);
    expect(text).toContain('| `account.<n>.registerExpires` | int | 3600 | 20..86400 s |');
    expect(text).not.toContain('`account.2.');
    expect(text).toContain('`sipUsers/sipUser[n-1]@RefreshTime`');
    expect(text).toContain('`Privisions/privision` | `PNPPIN`');
    // password defaults are not printed
    expect(text).toContain('| `web.adminPassword` | password | (set) |');
  });

  it('matches the committed file', async () => {
    await expect(text).toMatchFileSnapshot('../../../docs/settings.md');
  });
});
