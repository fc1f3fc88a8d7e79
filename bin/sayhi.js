#!/usr/bin/env node
// The `sayhi` command. The TypeScript sources are built to dist/ by `npm start` / `npm run build`;
// the entry (argument parsing, exit codes, signals) is src/cli/run.ts.
try {
  await import('../dist/cli/run.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('/dist/cli/run.js')) throw err;
  process.stderr.write('sayhi: not built yet (no dist/cli/run.js): run `npm run build` first\n');
  process.exitCode = 1;
}
