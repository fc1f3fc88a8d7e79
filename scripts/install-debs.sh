#!/usr/bin/env bash
# Installs the Debian packages the test lab needs (real, independent peers on
# loopback), idempotently: only missing packages go to apt-get.
# Package postinst scripts must not start system daemons (kamailio on :5060 would
# collide with the lab), so a policy-rc.d that forbids service starts is in place
# during the install when the machine has none.
set -euo pipefail

PKGS=(
  kamailio kamailio-presence-modules kamailio-tls-modules   # registrar / proxy / presence
  baresip-core                                              # far-end phone
  sip-tester                                                # sipp
  ffmpeg                                                    # G.722 oracle
  sox                                                       # tone analysis
  openssl curl procps iproute2                              # certificates, ps, ss, network namespaces
  chromium                                                  # the browser tests (Playwright drives it)
  xfonts-wqy                                                # the LCD's Chinese glyphs (12 px PCF, read at run time by src/device)
  slapd ldap-utils                                          # LDAP directory peer (own slapd.conf in a temp dir) + ldapsearch
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "[sayhi] missing Debian packages (run as root to install): ${missing[*]}" >&2
  exit 0
fi

echo "[sayhi] installing Debian packages: ${missing[*]}"
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
if [ -z "$(ls -A /var/lib/apt/lists/ 2>/dev/null | grep -v -e lock -e partial)" ] || \
   ! apt-get install -y -q --no-install-recommends --dry-run "${missing[@]}" >/dev/null 2>&1; then
  apt-get update -q
fi
apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
