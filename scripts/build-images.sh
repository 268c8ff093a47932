#!/bin/bash
# Build the local test images from Debian's static busybox. Offline: every image starts FROM scratch
# or FROM another local tag, so nothing is ever pulled (there is no registry on these machines).
#
#   tugboat/busybox:1   busybox applets in /bin, /etc/passwd, /tmp; CMD /bin/sh
#   tugboat/echo:1      echo app (busybox httpd on :8080), APP_VERSION=v1 baked in
#   tugboat/echo:2      same app, APP_VERSION=v2
#
# Idempotent: unchanged inputs hit the legacy builder's cache, so a re-run takes well under a second
# and keeps the same image ids. FORCE=1 rebuilds without the cache.
set -euo pipefail

BUSYBOX="${BUSYBOX:-/bin/busybox}"
export DOCKER_BUILDKIT=0 # the 28.x CLI has no buildx here; the legacy builder needs none

[[ -x "$BUSYBOX" ]] || { echo "build-images: $BUSYBOX not found (apt-get install busybox-static)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build-images: Docker engine unreachable (run: bash .ci/docker-up.sh)" >&2; exit 1; }

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT

# build TAG DIR [docker build args...]: quiet on success; the full builder output only on failure.
build() {
  local tag="$1" dir="$2" out
  shift 2
  local cache=()
  [[ "${FORCE:-0}" == 1 ]] && cache=(--no-cache)
  if ! out="$(docker build --force-rm "${cache[@]}" "$@" -t "$tag" "$dir" 2>&1)"; then
    echo "build-images: building $tag failed:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "built $tag ($(docker image inspect --format '{{.Id}}' "$tag" | cut -c8-19))"
}

# --- tugboat/busybox:1: assemble the root filesystem here and COPY it (no RUN, no build container).
root="$ctx/busybox/rootfs"
mkdir -p "$root"/{bin,usr/bin,etc,root,tmp}
cp "$BUSYBOX" "$root/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
done
ln -s /bin/env "$root/usr/bin/env"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
chmod 755 "$root" "$root"/{bin,usr,usr/bin,etc} && chmod 700 "$root/root" && chmod 1777 "$root/tmp"
chmod 644 "$root"/etc/{passwd,group}
cat >"$ctx/busybox/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENV PATH=/bin:/usr/bin
CMD ["/bin/sh"]
EOF
build tugboat/busybox:1 "$ctx/busybox"

# --- tugboat/echo:{1,2}: busybox httpd behind a small shell entry point.
mkdir -p "$ctx/echo"
cat >"$ctx/echo/start.sh" <<'EOF'
#!/bin/sh
# Echo app on busybox httpd (one forked child per connection, no keep-alive).
#   GET /               -> "app=echo version=$APP_VERSION host=$(hostname)"
#   GET /healthz        -> "ok"
#   GET /cgi-bin/echo   -> the same line plus method, uri and remote address
#   GET /cgi-bin/crash  -> the app exits with code 3 (for restart tests)
# stdout gets one "listening" line at start and one line per request. PORT: "8080" or "127.0.0.1:8080".
PORT="${PORT:-8080}"
mkdir -p /www/cgi-bin
echo "app=echo version=${APP_VERSION} host=$(hostname)" >/www/index.html
echo ok >/www/healthz
cat >/www/cgi-bin/echo <<'CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\nConnection: close\r\n\r\n'
echo "app=echo version=${APP_VERSION} host=$(hostname) method=${REQUEST_METHOD} uri=${REQUEST_URI} remote=${REMOTE_ADDR}"
CGI
cat >/www/cgi-bin/crash <<'CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\nConnection: close\r\n\r\ncrashing\n'
kill -USR1 "$APP_PID"
CGI
chmod 755 /www/cgi-bin/echo /www/cgi-bin/crash
export APP_PID=$$
# httpd -vv logs "<remote>: url:<path>" for every request and "<remote>: response:<code>" for
# non-CGI ones, on stderr (-v alone logs only the response lines, without the path). Keep the url
# line so each request is exactly one line, and send everything to stdout.
log_requests() {
  while IFS= read -r line; do
    case "$line" in
      *": response:"*) ;;
      *) echo "$line" ;;
    esac
  done
}
echo "app=echo version=${APP_VERSION} host=$(hostname) listening on :${PORT}"
httpd -f -vv -p "$PORT" -h /www 2>&1 | log_requests &
# A shell gets only the signals it traps when it is PID 1 (no --init): trap TERM so stop is fast.
# Exiting is enough: when the container's init exits, the kernel kills the rest of the container.
trap 'exit 0' TERM INT
trap 'echo "crash requested"; exit 3' USR1
wait
echo "httpd exited"
exit 1
EOF
chmod 755 "$ctx/echo/start.sh"
cat >"$ctx/echo/Dockerfile" <<'EOF'
FROM tugboat/busybox:1
ARG VERSION
ENV APP_VERSION=$VERSION PORT=8080
COPY start.sh /app/start.sh
EXPOSE 8080
STOPSIGNAL SIGTERM
CMD ["/app/start.sh"]
EOF
build tugboat/echo:1 "$ctx/echo" --build-arg VERSION=v1
build tugboat/echo:2 "$ctx/echo" --build-arg VERSION=v2
