#!/usr/bin/env bash
# Prepares a machine for the container and monitoring ITs of `./mvnw verify`.
# .ci/run calls it (when it exists and is executable) before the build.
#
#   scripts/ci-setup.sh     # idempotent; a few seconds when everything exists
#
# 1. scripts/docker-up.sh: Docker engine, docker-compose, nsenter/ip (the
#    partition IT), base image local/jre17:bookworm.
# 2. scripts/build-image.sh: node/target/switchboard.jar when stale, then the
#    image switchboard/node:dev for users of docker-compose.yml. The ITs do not
#    rely on this image: `./mvnw verify` packages the jar again, and the ITs
#    build their own image switchboard/node:it from that fresh jar (build-image.sh
#    --use-existing-jar in their @BeforeAll), so they always test this checkout.
# 3. scripts/prometheus-install.sh: Debian's prometheus server for MonitoringIT.
# 4. Keeps the fixed ports of the README (50051-50053 of docker-compose.yml, 50071 of the local
#    walk-through) out of Linux's ephemeral range (32768-60999), so no outgoing connection of an
#    earlier test can hold one when ReadmeWalkthroughIT starts (net.ipv4.ip_local_reserved_ports).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

step() {
  local started=$SECONDS
  "$SWITCHBOARD_ROOT/scripts/$1"
  log "$1 done in $((SECONDS - started)) s"
}

readonly README_PORTS="50051-50053,50071"

reserve_readme_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports current
  current=$(cat "$file")
  if [[ ",$current," == *",$README_PORTS,"* ]]; then
    return
  fi
  echo "${current:+$current,}$README_PORTS" > "$file" \
    || die "cannot reserve ports $README_PORTS in $file (run as root)"
  log "reserved ports $(cat "$file") from the ephemeral range"
}

main() {
  step docker-up.sh
  step build-image.sh
  step prometheus-install.sh
  reserve_readme_ports
}

main "$@"
