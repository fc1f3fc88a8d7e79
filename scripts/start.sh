#!/bin/sh
# `npm start`: install what is missing, build, and run one phone on embedded defaults.
# Extra arguments go to `sayhi start` (npm start -- --sip-port 5080 ...).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-npm.sh
npx tsc -p tsconfig.build.json
exec node bin/sayhi.js start "$@"
