#!/bin/sh
# `npm run bench`: every benchmark in turn (each prints its own table; see bench/README.md).
# Needs the Debian lab packages (kamailio, sip-tester, baresip) for the comparisons.
set -eu
cd "$(dirname "$0")/.."
for b in sip-parse media-codecs media-rtp udp-floor call-setup register media-calls; do
  echo "== bench/$b.ts"
  npx tsx "bench/$b.ts"
done
