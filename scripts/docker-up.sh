#!/usr/bin/env bash
# Makes a Docker engine and the base image local/jre17:bookworm available.
#
#   scripts/docker-up.sh        # idempotent; a second run takes about a second
#
# 1. Installs docker.io, iptables and docker-compose (v1) from Debian when
#    dockerd or docker-compose is missing, and util-linux/iproute2 when nsenter
#    or ip is (ContainerFaultsIT's partition test uses them).
# 2. Starts dockerd in its own session when `docker info` does not answer and
#    waits for it (bounded: SWITCHBOARD_ENGINE_WAIT_SECONDS, default 60).
# 3. Builds the base image without any registry when it is absent: debootstrap
#    a minimal Debian bookworm with openjdk-17-jre-headless, then `docker
#    import` it. Only for local/* names; any other SWITCHBOARD_BASE_IMAGE is a
#    registry image, which `docker build` pulls. The image holds no curl: the
#    node's HEALTHCHECK speaks HTTP through bash's /dev/tcp
#    (scripts/container/healthcheck), so it needs no package beyond the JRE,
#    on this base as on eclipse-temurin.
#
# Environment: SWITCHBOARD_BASE_IMAGE (default local/jre17:bookworm),
# SWITCHBOARD_DEBIAN_MIRROR (default http://deb.debian.org/debian),
# SWITCHBOARD_DOCKERD_LOG (default /tmp/dockerd.log).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly BASE_IMAGE="${SWITCHBOARD_BASE_IMAGE:-local/jre17:bookworm}"
readonly MIRROR="${SWITCHBOARD_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly DOCKERD_LOG="${SWITCHBOARD_DOCKERD_LOG:-/tmp/dockerd.log}"
readonly ENGINE_WAIT_SECONDS="${SWITCHBOARD_ENGINE_WAIT_SECONDS:-60}"

install_engine() {
  local -a packages
  # nsenter and ip: the partition IT gives a cut-off container its address back on loopback.
  mapfile -t packages < <(missing_packages dockerd:docker.io iptables:iptables docker-compose:docker-compose \
    nsenter:util-linux ip:iproute2)
  if [ "${#packages[@]}" -gt 0 ]; then
    apt_install "${packages[@]}"
  fi
  command -v docker >/dev/null 2>&1 || die "no docker client on PATH after installing docker.io"
}

start_engine() {
  if engine_answers; then
    return
  fi
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "dockerd is running but not answering yet; waiting for it"
  else
    log "starting dockerd (log: $DOCKERD_LOG)"
    local -a launch=(setsid)
    [ "$(id -u)" -eq 0 ] || launch=(sudo setsid)
    # setsid: the engine outlives this script and its terminal or CI step.
    # A background simple command is exec'd by the forked shell (no shell
    # lingers), and closing the lock's descriptor keeps the long-lived engine
    # from holding the lock of every later run.
    "${launch[@]}" dockerd >"$DOCKERD_LOG" 2>&1 </dev/null {SWITCHBOARD_LOCK_FD}>&- &
  fi
  local deadline=$((SECONDS + ENGINE_WAIT_SECONDS))
  until engine_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null || true
      die "the Docker engine did not answer within ${ENGINE_WAIT_SECONDS}s; see $DOCKERD_LOG"
    fi
    sleep 1
  done
  log "engine up: $(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}')"
}

build_base_image() {
  if image_exists "$BASE_IMAGE"; then
    return
  fi
  if [[ "$BASE_IMAGE" != local/* ]]; then
    log "base image $BASE_IMAGE is not a local/ image: docker build will pull it from its registry"
    return
  fi
  local -a packages
  mapfile -t packages < <(missing_packages debootstrap:debootstrap)
  if [ "${#packages[@]}" -gt 0 ]; then
    apt_install "${packages[@]}"
  fi
  local work
  work="$(mktemp -d /tmp/switchboard-rootfs.XXXXXX)"
  # shellcheck disable=SC2064 # expand $work now: it is local to this function
  trap "as_root rm -rf '$work'" EXIT
  log "debootstrap bookworm with openjdk-17-jre-headless (about a minute)"
  as_root debootstrap --variant=minbase --include=openjdk-17-jre-headless \
    bookworm "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  # Package caches and indexes are dead weight in a runtime image.
  as_root rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  log "importing $BASE_IMAGE"
  as_root tar -C "$work/rootfs" -c . \
    | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  if ! docker run --rm --network none "$BASE_IMAGE" java -version >/dev/null 2>&1; then
    docker image rm "$BASE_IMAGE" >/dev/null 2>&1 || true
    die "java does not run in the imported $BASE_IMAGE; removed it, see debootstrap's output above"
  fi
  log "built $BASE_IMAGE"
}

main() {
  hold_lock
  install_engine
  start_engine
  build_base_image
}

main "$@"
