#!/usr/bin/env node
// The `sayhi` command. The TypeScript sources are built to dist/ by `npm start` / `npm run build`.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sayhi: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
