#!/usr/bin/env bash
# Runs a command with the clock of its Node.js processes moved to INSTANT, from where it runs on at real speed:
# libfaketime (Debian's faketime), scoped to processes named `node`, so Postgres, Redis, Asterisk and SIPp keep
# the real time. Every Node process the command starts gets the same offset from the real time.
# Usage: scripts/test-at.sh 2026-12-14T01:00:00Z npm test
#        scripts/test-at.sh 'TZ="America/Bogota" 2026-12-13 20:00' npm test
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 INSTANT COMMAND [ARGS...]  (INSTANT: anything GNU date -d reads)" >&2; exit 2; }
instant="$1"; shift
LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
if [ ! -e "$LIB" ]; then
  command -v apt-get >/dev/null || { echo "$0: libfaketime is missing and apt-get is not there to install it" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends faketime >/dev/null 2>&1 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends faketime >/dev/null; }
fi
target="$(date -u -d "$instant" +%s)" || { echo "$0: cannot read the instant '$instant'" >&2; exit 2; }
offset=$(( target - $(date -u +%s) ))
echo "[test-at] Node.js processes run at $(date -u -d "@$target" '+%Y-%m-%d %H:%M:%S UTC') ($(TZ=America/Bogota date -d "@$target" '+%a %Y-%m-%d %H:%M Bogotá')), offset ${offset} s" >&2
# monotonic clocks stay real: timers and timeouts then run as usual
export LD_PRELOAD="$LIB${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="$( [ $offset -ge 0 ] && echo "+$offset" || echo "$offset" )" \
  FAKETIME_ONLY_CMDS=node FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_NO_CACHE=1
exec "$@"
