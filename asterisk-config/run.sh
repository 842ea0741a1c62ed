#!/usr/bin/env bash
# Runs Asterisk 22 (Debian sid chroot built by scripts/services.sh) with this directory's configuration.
#
#   asterisk-config/run.sh start     install the config if it changed, start (or reload) Asterisk, wait for ARI
#   asterisk-config/run.sh stop      stop gracefully (kill after 5 s)
#   asterisk-config/run.sh restart   stop + start
#   asterisk-config/run.sh kill      SIGKILL (tests: "Asterisk crashed")
#   asterisk-config/run.sh status    exit 0 if running and ARI answers
#   asterisk-config/run.sh pid       print Asterisk's pid (tests freeze it with SIGSTOP)
#   asterisk-config/run.sh cli CMD   run an Asterisk CLI command (e.g. "pjsip show endpoints")
#
# "start" is idempotent and fast (one HTTP request) when Asterisk already runs this configuration. When only
# reloadable files changed it reloads instead of restarting, so calls of other test runs survive.
# On success it prints KEY=VALUE lines on stdout (ARI_URL, ARI_USER, ...) for tests and tools; logs go to stderr.
#
# Environment (defaults in brackets):
#   ASTERISK_CHROOT [/var/cache/cobranza/asterisk-chroot]   ASTERISK_INSTANCE [main]
#   ASTERISK_HTTP_BIND [127.0.0.1]  ASTERISK_HTTP_PORT [8088]   ASTERISK_SIP_BIND [127.0.0.1]  ASTERISK_SIP_PORT [5060]
#   ASTERISK_RTP_START [10000]  ASTERISK_RTP_END [19999]         ASTERISK_SIPP_CARRIER_PORT [5070]
#   ARI_USER [cobranza]  ARI_PASSWORD [cobranza-dev-ari]  ARI_APP [cobranza]  ARI_PERMIT [127.0.0.1/255.255.255.255]
#   ASTERISK_INBOUND_DID [+576015550100]
#   ASTERISK_WEBRTC_AGENTS [20]  ASTERISK_SUPERVISORS [5]  ASTERISK_SIP_AGENTS [200]
#   ASTERISK_AGENT_PASSWORD_PREFIX [cobranza-]   (password of endpoint agent7 = "${prefix}agent7")
# A second instance (ASTERISK_INSTANCE=other, with other ports) gets its own etc/lib/spool/run/log directories.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
C="${ASTERISK_CHROOT:-/var/cache/cobranza/asterisk-chroot}"
INSTANCE="${ASTERISK_INSTANCE:-main}"
HTTP_BIND="${ASTERISK_HTTP_BIND:-127.0.0.1}"
HTTP_PORT="${ASTERISK_HTTP_PORT:-8088}"
SIP_BIND="${ASTERISK_SIP_BIND:-127.0.0.1}"
SIP_PORT="${ASTERISK_SIP_PORT:-5060}"
RTP_START="${ASTERISK_RTP_START:-10000}"
RTP_END="${ASTERISK_RTP_END:-19999}"
SIPP_CARRIER_PORT="${ASTERISK_SIPP_CARRIER_PORT:-5070}"
ARI_USER="${ARI_USER:-cobranza}"
ARI_PASSWORD="${ARI_PASSWORD:-cobranza-dev-ari}"
ARI_APP="${ARI_APP:-cobranza}"
ARI_PERMIT="${ARI_PERMIT:-127.0.0.1/255.255.255.255}"
INBOUND_DID="${ASTERISK_INBOUND_DID:-+576015550100}"
WEBRTC_AGENTS="${ASTERISK_WEBRTC_AGENTS:-20}"
SUPERVISORS="${ASTERISK_SUPERVISORS:-5}"
SIP_AGENTS="${ASTERISK_SIP_AGENTS:-200}"
AGENT_PASSWORD_PREFIX="${ASTERISK_AGENT_PASSWORD_PREFIX:-cobranza-}"

if [ "$INSTANCE" = main ]; then sfx=""; else sfx="-$INSTANCE"; fi
ETC_DIR="/etc/asterisk$sfx"; LIB_DIR="/var/lib/asterisk$sfx"; SPOOL_DIR="/var/spool/asterisk$sfx"
RUN_DIR="/run/asterisk$sfx"; LOG_DIR="/var/log/asterisk$sfx"
SOUNDS_DIR="/usr/share/asterisk/sounds/cobranza"
SIP_CONTACT_HOST="$SIP_BIND"; [ "$SIP_CONTACT_HOST" = 0.0.0.0 ] && SIP_CONTACT_HOST=127.0.0.1
ARI_BASE="http://$([ "$HTTP_BIND" = 0.0.0.0 ] && echo 127.0.0.1 || echo "$HTTP_BIND"):$HTTP_PORT"

log() { printf '[asterisk%s] %s\n' "$sfx" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

ari_up() { curl -fsS -m 2 -u "$ARI_USER:$ARI_PASSWORD" "$ARI_BASE/ari/asterisk/info" >/dev/null 2>&1; }

pid_of() {
  local f="$C$RUN_DIR/asterisk.pid" pid
  [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  # The pid file survives a crash; make sure the pid still is this instance's asterisk.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "asterisk.* -C $ETC_DIR/asterisk.conf" || return 1
  echo "$pid"
}

cli() { chroot "$C" /usr/sbin/asterisk -C "$ETC_DIR/asterisk.conf" -rx "$1"; }

print_env() {
  cat <<EOF
ASTERISK_INSTANCE=$INSTANCE
ARI_URL=$ARI_BASE
ARI_USER=$ARI_USER
ARI_PASSWORD=$ARI_PASSWORD
ARI_APP=$ARI_APP
ASTERISK_SIP_HOST=$SIP_CONTACT_HOST
ASTERISK_SIP_PORT=$SIP_PORT
ASTERISK_WS_URL=ws://$(echo "$ARI_BASE" | sed 's#^http://##')/ws
ASTERISK_SIPP_CARRIER_PORT=$SIPP_CARRIER_PORT
ASTERISK_INBOUND_DID=$INBOUND_DID
ASTERISK_AGENT_PASSWORD_PREFIX=$AGENT_PASSWORD_PREFIX
ASTERISK_WEBRTC_AGENTS=$WEBRTC_AGENTS
ASTERISK_SIP_AGENTS=$SIP_AGENTS
ASTERISK_CHROOT=$C
ASTERISK_RECORDING_DIR=$C$SPOOL_DIR/recording
ASTERISK_SOUNDS_DIR=$C/usr/share/asterisk/sounds
ASTERISK_LOG=$C$LOG_DIR/messages.log
EOF
}

# Renders conf/*.conf (placeholders) plus the generated endpoint list into $1.
render() {
  local out="$1" f
  for f in "$HERE"/conf/*.conf; do
    sed -e "s#@@ETC_DIR@@#$ETC_DIR#g; s#@@LIB_DIR@@#$LIB_DIR#g; s#@@SPOOL_DIR@@#$SPOOL_DIR#g" \
        -e "s#@@RUN_DIR@@#$RUN_DIR#g; s#@@LOG_DIR@@#$LOG_DIR#g" \
        -e "s#@@HTTP_BIND@@#$HTTP_BIND#g; s#@@HTTP_PORT@@#$HTTP_PORT#g" \
        -e "s#@@SIP_BIND@@#$SIP_BIND#g; s#@@SIP_PORT@@#$SIP_PORT#g; s#@@SIP_CONTACT_HOST@@#$SIP_CONTACT_HOST#g" \
        -e "s#@@RTP_START@@#$RTP_START#g; s#@@RTP_END@@#$RTP_END#g; s#@@SIPP_CARRIER_PORT@@#$SIPP_CARRIER_PORT#g" \
        -e "s#@@ARI_USER@@#$ARI_USER#g; s#@@ARI_PASSWORD@@#$ARI_PASSWORD#g; s#@@ARI_APP@@#$ARI_APP#g" \
        -e "s#@@ARI_PERMIT@@#$ARI_PERMIT#g; s#@@INBOUND_DID@@#$INBOUND_DID#g" \
        "$f" >"$out/$(basename "$f")"
    if grep -q '@@[A-Z_]*@@' "$out/$(basename "$f")"; then
      die "unreplaced placeholder in conf/$(basename "$f"): $(grep -o '@@[A-Z_]*@@' "$out/$(basename "$f")" | head -1)"
    fi
  done
  {
    echo "; Generated by run.sh: agent1..$WEBRTC_AGENTS and supervisor1..$SUPERVISORS (WebRTC), sipagent1..$SIP_AGENTS (SIP)."
    local kind n name
    for kind in agent supervisor; do
      local count="$WEBRTC_AGENTS"; [ $kind = supervisor ] && count="$SUPERVISORS"
      for n in $(seq 1 "$count"); do
        name="$kind$n"
        printf '[%s](webrtc-auth)\nusername = %s\npassword = %s%s\n' "$name" "$name" "$AGENT_PASSWORD_PREFIX" "$name"
        printf '[%s](webrtc-aor)\n' "$name"
        printf '[%s](webrtc-phone)\nauth = %s\naors = %s\ncallerid = "%s" <%s>\n\n' "$name" "$name" "$name" "$name" "$name"
      done
    done
    for n in $(seq 1 "$SIP_AGENTS"); do
      name="sipagent$n"
      printf '[%s](webrtc-aor)\n[%s](sip-phone)\naors = %s\n' "$name" "$name" "$name"
    done
  } >"$out/pjsip_agents.conf"
}

hash_of() { (cd "$1" && cat "${@:2}" 2>/dev/null | sha256sum | cut -c1-16); }

# Greeting WAVs for the fake PSTN (speech-like audio: AMD needs voice energy, not silence).
render_sounds() {
  local spec="$HERE/sounds/fake-voices.txt" want have
  want="$(cat "$spec" "$0" | sha256sum | cut -c1-16)"
  have="$(cat "$C$SOUNDS_DIR/.hash" 2>/dev/null || true)"
  [ "$want" = "$have" ] && return 0
  command -v espeak-ng >/dev/null && command -v sox >/dev/null || die "espeak-ng and sox are needed (scripts/services.sh installs them)"
  log "rendering fake-PSTN voices into $C$SOUNDS_DIR"
  mkdir -p "$C$SOUNDS_DIR"
  local tmp; tmp="$(mktemp -d)"
  grep -v '^#' "$spec" | while IFS='|' read -r name voice wpm _pause text; do
    [ -n "$name" ] || continue
    espeak-ng -v "$voice" -s "$wpm" -w "$tmp/$name.raw.wav" "$text"
    sox "$tmp/$name.raw.wav" -r 8000 -c 1 -b 16 "$C$SOUNDS_DIR/$name.wav" gain -n -3
  done
  rm -rf "$tmp"
  echo "$want" >"$C$SOUNDS_DIR/.hash"
}

prepare_chroot() {
  [ -x "$C/usr/sbin/asterisk" ] || die "no Asterisk chroot at $C: run scripts/services.sh first"
  mountpoint -q "$C/proc" || mount -t proc proc "$C/proc"
  # Pristine Debian config, the base every instance's config starts from.
  [ -d "$C/etc/asterisk.debian" ] || cp -a "$C/etc/asterisk" "$C/etc/asterisk.debian"
  if [ ! -d "$C$LIB_DIR" ]; then cp -a "$C/var/lib/asterisk" "$C$LIB_DIR"; rm -f "$C$LIB_DIR"/astdb*; fi
  mkdir -p "$C$SPOOL_DIR/recording" "$C$RUN_DIR" "$C$LOG_DIR" "$C/var/cache/asterisk"
  # Asterisk runs as root in the chroot; as root it cannot open its own database in dirs owned by
  # the asterisk user (ASTERISK.md), so hand them to root. Once per directory set.
  if [ ! -f "$C$LIB_DIR/.cobranza-owned" ]; then
    chown -R root:root "$C$LIB_DIR" "$C$SPOOL_DIR" "$C$RUN_DIR" "$C$LOG_DIR" "$C/usr/share/asterisk" "$C/var/cache/asterisk"
    touch "$C$LIB_DIR/.cobranza-owned"
  fi
}

install_config() {
  local staged="$1"
  rm -rf "$C$ETC_DIR.new"
  cp -a "$C/etc/asterisk.debian" "$C$ETC_DIR.new"
  cp "$staged"/*.conf "$C$ETC_DIR.new/"
  chown -R root:root "$C$ETC_DIR.new"
  rm -rf "$C$ETC_DIR.old"
  [ -d "$C$ETC_DIR" ] && mv "$C$ETC_DIR" "$C$ETC_DIR.old"
  mv "$C$ETC_DIR.new" "$C$ETC_DIR"
  rm -rf "$C$ETC_DIR.old"
}

wait_ari() {
  local i
  for i in $(seq 1 150); do ari_up && return 0; sleep 0.2; done
  log "ARI did not answer on $ARI_BASE within 30 s; last log lines:"
  tail -n 30 "$C$LOG_DIR/messages.log" >&2 2>/dev/null || true
  return 1
}

do_stop() {
  local pid
  pid="$(pid_of)" || { log "not running"; return 0; }
  log "stopping (pid $pid)"
  cli "core stop now" >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do [ -d "/proc/$pid" ] || return 0; sleep 0.1; done
}

do_start() {
  prepare_chroot
  render_sounds
  local staged; staged="$(mktemp -d)"
  trap 'rm -rf "$staged"' RETURN
  render "$staged"
  local core_files="asterisk.conf http.conf modules.conf"
  local want_all want_core have_all have_core pid
  want_all="$(cd "$staged" && cat ./*.conf | sha256sum | cut -c1-16)"
  want_core="$(hash_of "$staged" $core_files)"
  have_all="$(cat "$C$ETC_DIR/.cobranza-hash" 2>/dev/null || true)"
  have_core="$(cat "$C$ETC_DIR/.cobranza-core-hash" 2>/dev/null || true)"

  if pid="$(pid_of)"; then
    if [ "$want_all" = "$have_all" ] && ari_up; then print_env; return 0; fi
    if [ "$want_core" = "$have_core" ] && [ "$want_all" != "$have_all" ]; then
      log "configuration changed: reloading (pid $pid)"
      install_config "$staged"
      echo "$want_all" >"$C$ETC_DIR/.cobranza-hash"; echo "$want_core" >"$C$ETC_DIR/.cobranza-core-hash"
      cli "core reload" >/dev/null
      wait_ari; print_env; return 0
    fi
    do_stop
  fi

  install_config "$staged"
  echo "$want_all" >"$C$ETC_DIR/.cobranza-hash"; echo "$want_core" >"$C$ETC_DIR/.cobranza-core-hash"
  rm -f "$C$RUN_DIR/asterisk.pid" "$C$RUN_DIR/asterisk.ctl"
  : >"$C$LOG_DIR/messages.log"
  log "starting Asterisk (HTTP $ARI_BASE, SIP $SIP_BIND:$SIP_PORT)"
  local t0; t0=$(date +%s%N)
  # Asterisk daemonizes itself; setsid keeps it out of the caller's process group (test runners kill theirs).
  # Close every inherited descriptor above 2 (our lock, the caller's pipes): a daemon holding them would keep
  # the lock taken and make callers that wait for their pipes' end (test runners, CI) hang.
  (
    for fd in /proc/$BASHPID/fd/*; do fd="${fd##*/}"; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
    exec setsid chroot "$C" /usr/sbin/asterisk -C "$ETC_DIR/asterisk.conf" </dev/null >/dev/null 2>&1
  )
  wait_ari || die "Asterisk did not become ready"
  log "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  print_env
}

lock="/var/cache/cobranza/asterisk$sfx.lock"
mkdir -p "$(dirname "$lock")"
exec 9>"$lock"
flock -w 120 9 || die "another run.sh holds $lock for over 120 s"

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop; do_start ;;
  kill) pid="$(pid_of)" && { log "SIGKILL $pid"; kill -9 "$pid"; for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done; } || log "not running" ;;
  status) if pid="$(pid_of)" && ari_up; then log "running (pid $pid)"; print_env; else log "not running"; exit 3; fi ;;
  env) print_env ;;
  pid) pid_of || { log "not running"; exit 3; } ;;
  cli) shift; cli "$*" ;;
  *) echo "usage: $0 start|stop|restart|kill|status|env|pid|cli <command>" >&2; exit 2 ;;
esac
