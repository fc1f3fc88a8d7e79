#!/bin/sh
# Installs the npm packages when node_modules is missing or older than the lock file.
# Idempotent and quiet when nothing is to do.
set -eu
cd "$(dirname "$0")/.."
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "[sayhi] installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
