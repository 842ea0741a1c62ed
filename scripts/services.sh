#!/usr/bin/env bash
# Makes the real services the tests need ready: Postgres, Redis, Asterisk 22 (in a Debian sid chroot),
# SIPp and Chromium. Idempotent, and fast when everything is already up.
# Usage: scripts/services.sh [--no-asterisk]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CHROOT="${ASTERISK_CHROOT:-/var/cache/cobranza/asterisk-chroot}"
ASTERISK_VERSION_PIN="${ASTERISK_VERSION_PIN:-22.}"
log() { printf '[services] %s\n' "$*" >&2; }
# One run at a time: two runs building the chroot at once would delete each other's work.
mkdir -p /var/lock; exec 9>/var/lock/cobranza-services.lock; flock 9

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then
    log "apt-get update"; DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; apt_updated=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- Postgres -------------------------------------------------------------------------------
if ! command -v pg_ctlcluster >/dev/null 2>&1; then apt_install postgresql; fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting postgres"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { log "postgres is not answering on 127.0.0.1:5432"; exit 1; }

# --- Redis ----------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null 2>&1; then apt_install redis-server; fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 50); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { log "redis is not answering on 127.0.0.1:6379"; exit 1; }

# --- Tools: SIPp, Chromium, debootstrap, speech ----------------------------------------------
apt_install sip-tester chromium debootstrap espeak-ng sox iproute2 procps

[ "${1:-}" = "--no-asterisk" ] && { log "ready (without asterisk)"; exit 0; }

# --- Asterisk 22 in a Debian sid chroot -------------------------------------------------------
if [ ! -x "$CHROOT/usr/sbin/asterisk" ]; then
  log "building the asterisk chroot in $CHROOT (about 2 minutes, once per machine)"
  rm -rf "$CHROOT.tmp"; mkdir -p "$(dirname "$CHROOT")"
  debootstrap --variant=minbase \
    --include=asterisk,asterisk-modules,asterisk-config,asterisk-core-sounds-en,asterisk-core-sounds-es \
    sid "$CHROOT.tmp" http://deb.debian.org/debian >/tmp/cobranza-debootstrap.log 2>&1 \
    || { log "debootstrap failed, see /tmp/cobranza-debootstrap.log"; tail -20 /tmp/cobranza-debootstrap.log >&2; exit 1; }
  # a test may have written prompts under $CHROOT before it existed: mv would then nest the new chroot
  rm -rf "$CHROOT"; mv "$CHROOT.tmp" "$CHROOT"
fi
ver="$(chroot "$CHROOT" dpkg-query -W -f '${Version}' asterisk 2>/dev/null || true)"
case "$ver" in *:"$ASTERISK_VERSION_PIN"*|"$ASTERISK_VERSION_PIN"*) ;; *) log "asterisk in chroot is '$ver', expected $ASTERISK_VERSION_PIN*"; exit 1;; esac

"$ROOT/asterisk-config/run.sh" start
log "ready (asterisk $ver)"
