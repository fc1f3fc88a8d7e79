#!/bin/sh
# `npm start`: install what is missing, build, and run one phone on embedded defaults.
# Extra arguments go to `sayhi start` (npm start -- --sip-port 5080 ...).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-npm.sh
npx tsc -p tsconfig.build.json
npx vite build --config ui/vite.config.ts --logLevel warn
exec node bin/sayhi.js start "$@"
