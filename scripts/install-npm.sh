#!/bin/sh
# Installs the npm packages when node_modules is missing or older than the lock file.
# Idempotent and quiet when nothing is to do.
set -eu
cd "$(dirname "$0")/.."
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "[sayhi] installing npm packages (npm ci)"
  # better-sqlite3 compiles from source: nothing may download a prebuilt binary (DESIGN.md §3)
  npm_config_build_from_source=true npm ci --no-audit --no-fund --loglevel=error
fi
