#!/usr/bin/env bash
# Runs a command with the clock of its Node.js processes moved to INSTANT, from where it runs on at real speed:
# scripts/clock-offset.cjs, preloaded through NODE_OPTIONS, which every Node process the command starts inherits
# (vitest workers, the API, the dialer) and other programs ignore, so Postgres, Redis, Asterisk, SIPp and
# Chromium keep the real time. Every Node process gets the same offset from the real time.
# Usage: scripts/test-at.sh 2026-12-14T01:00:00Z npm test
#        scripts/test-at.sh 'TZ="America/Bogota" 2026-12-13 20:00' npm test
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 INSTANT COMMAND [ARGS...]  (INSTANT: anything GNU date -d reads)" >&2; exit 2; }
instant="$1"; shift
target="$(date -u -d "$instant" +%s)" || { echo "$0: cannot read the instant '$instant'" >&2; exit 2; }
offset=$(( target - $(date -u +%s) ))
echo "[test-at] Node.js processes run at $(date -u -d "@$target" '+%Y-%m-%d %H:%M:%S UTC') ($(TZ=America/Bogota date -d "@$target" '+%a %Y-%m-%d %H:%M Bogotá')), offset ${offset} s" >&2
export COBRANZA_CLOCK_OFFSET_MS="$(( offset * 1000 ))"
export NODE_OPTIONS="--require $(cd "$(dirname "$0")" && pwd)/clock-offset.cjs${NODE_OPTIONS:+ $NODE_OPTIONS}"
exec "$@"
