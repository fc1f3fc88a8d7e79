#!/bin/sh
# `npm test`: install what the tests need (npm packages; Debian packages for the
# lab when run as root), then lint, type-check, unit tests and integration tests
# against real peers on loopback.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-npm.sh
bash scripts/install-debs.sh
echo "[sayhi] lint"; npx eslint .
echo "[sayhi] type check"; npx tsc -p tsconfig.json --noEmit && npx tsc -p ui/tsconfig.json
echo "[sayhi] build"; npx tsc -p tsconfig.build.json && npx vite build --config ui/vite.config.ts --logLevel warn
echo "[sayhi] tests"; npx vitest run "$@"
