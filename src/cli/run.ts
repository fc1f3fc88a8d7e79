import { EXIT_FAILED, main } from './main.js';

/**
 * The process entry of `sayhi` (bin/sayhi.js imports the built copy; tests may
 * run this file with tsx). A stopped phone has closed every socket, so Node
 * exits by itself; should some handle still hold the event loop (a bug), a
 * service manager must not wait forever: leave after a grace period, and say so.
 */
const FORCED_EXIT_AFTER_MS = 3000;

const code = await main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`sayhi: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT_FAILED;
});
process.exitCode = code;
setTimeout(() => {
  process.stderr.write(`sayhi: still running ${FORCED_EXIT_AFTER_MS} ms after stopping (open handles): exiting\n`);
  process.exit(code);
}, FORCED_EXIT_AFTER_MS).unref();
