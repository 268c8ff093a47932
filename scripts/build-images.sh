#!/bin/bash
# Build the local test images from Debian's static busybox and a static C echo server. Offline:
# every image starts FROM scratch or FROM another local tag, so nothing is ever pulled (there is
# no registry on these machines). Needs docker, /bin/busybox (busybox-static), gcc and libc6-dev.
#
#   tugboat/busybox:1   busybox applets in /bin, /etc/passwd, /tmp; CMD /bin/sh
#   tugboat/echo:1      echo app on :8080 (scripts/images/echo.c, built here with gcc -O2 -static)
#                       FROM tugboat/busybox:1, so sh & co. are there too; APP_VERSION=v1 baked in
#   tugboat/echo:2      same app, APP_VERSION=v2
#
# The echo app (full details in the header of scripts/images/echo.c): one process, epoll, HTTP/1.1
# keep-alive and pipelining. Env PORT ("8080" or "IP:8080"), APP_VERSION, QUIET=1 (no request log).
# stdout: "app=echo version=<v> host=<hostname> listening on :<PORT>" once, then
# "<remote> <METHOD> <uri> <status>" per request. Any method and path answers 200 text/plain
# "app=echo version=<v> host=<hostname> path=<path without query>\n", then the request body if any,
# except:
#   /healthz                 "ok\n" (503 after /healthz/fail, until /healthz/ok; process-wide)
#   /crash, /cgi-bin/crash   "crashing\n", prints "crash requested", the app exits with code 3
#   /cgi-bin/echo            "app=echo version=<v> host=<h> method=<M> uri=<uri> remote=<ip>\n"
#   /slow?ms=N               answers after N ms (cap 60000) without blocking other connections
#   /stream?chunks=N         N chunks ("chunk <i>\n"), Transfer-Encoding: chunked, one per 10 ms
#   /status/NNN              answers with status NNN (200-599)
#   /headers                 the usual line, then the request headers, one "Name: value" per line
# Malformed requests get 400 and a close; heads over 16 KiB 431; bodies over 8 MiB 413.
# SIGTERM/SIGINT exit 0 at once (works as PID 1 without an init).
#
# Idempotent: unchanged inputs hit the legacy builder's cache (gcc's output is reproducible), so a
# re-run takes about a second and keeps the same image ids. FORCE=1 rebuilds without the cache.
# Quiet on success (one "built" line per image); on failure prints the compiler or builder output.
set -euo pipefail

BUSYBOX="${BUSYBOX:-/bin/busybox}"
export DOCKER_BUILDKIT=0 # the 28.x CLI has no buildx here; the legacy builder needs none

ECHO_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/images/echo.c"

[[ -x "$BUSYBOX" ]] || { echo "build-images: $BUSYBOX not found (apt-get install busybox-static)" >&2; exit 1; }
command -v gcc >/dev/null 2>&1 || {
  echo "build-images: gcc not found; the echo image is compiled from $ECHO_SRC (apt-get install gcc libc6-dev)" >&2
  exit 1
}
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

# --- tugboat/echo:{1,2}: the static C echo server (scripts/images/echo.c) on top of busybox.
mkdir -p "$ctx/echo"
if ! out="$(gcc -O2 -static -Wall -Wextra -o "$ctx/echo/echo" "$ECHO_SRC" 2>&1)"; then
  echo "build-images: compiling $ECHO_SRC failed (a static build needs Debian's gcc and libc6-dev):" >&2
  echo "$out" >&2
  exit 1
fi
chmod 755 "$ctx/echo/echo"
cat >"$ctx/echo/Dockerfile" <<'EOF'
FROM tugboat/busybox:1
ARG VERSION
ENV APP_VERSION=$VERSION PORT=8080
COPY echo /app/echo
EXPOSE 8080
STOPSIGNAL SIGTERM
CMD ["/app/echo"]
EOF
build tugboat/echo:1 "$ctx/echo" --build-arg VERSION=v1
build tugboat/echo:2 "$ctx/echo" --build-arg VERSION=v2
