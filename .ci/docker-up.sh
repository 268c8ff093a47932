#!/bin/bash
# Start dockerd in the background when it is not answering, and wait for its API. Idempotent.
# Published ports default to 127.0.0.1 (--ip) so a forgotten HostIp never binds a public address.
set -euo pipefail
SOCK=/var/run/docker.sock
PIDFILE=/var/run/docker.pid
LOG=/var/log/dockerd.log

ping_engine() { curl -fsS --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }
is_live() { # pid name -> true when the pid is a running (not zombie) process with that name
  [[ -n "$1" && "$(cat "/proc/$1/comm" 2>/dev/null)" == "$2" && "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

ping_engine && { echo "dockerd already running"; exit 0; }
pid=$(cat "$PIDFILE" 2>/dev/null || true)
if ! is_live "$pid" dockerd; then
  # /run survives restarts on these machines: clear stale pid files and socket before starting.
  rm -f "$PIDFILE"
  cpidf=/var/run/docker/containerd/containerd.pid
  cpid=$(cat "$cpidf" 2>/dev/null || true)
  [[ -n "$cpid" ]] && ! is_live "$cpid" containerd && rm -f "$cpidf"
  [[ -S "$SOCK" ]] && rm -f "$SOCK"
  setsid dockerd --host="unix://$SOCK" --pidfile="$PIDFILE" --ip=127.0.0.1 >>"$LOG" 2>&1 </dev/null &
  pid=$!
fi
for _ in $(seq 600); do
  ping_engine && { echo "dockerd ready"; exit 0; }
  is_live "$pid" dockerd || break
  sleep 0.1
done
echo "dockerd did not start; end of $LOG:" >&2
tail -n 20 "$LOG" >&2
exit 1
