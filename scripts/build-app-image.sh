#!/usr/bin/env bash
# Builds an application image: the node image (scripts/build-image.sh) plus
# your applications' jars in /app/lib, which the node's classpath includes.
#
#   scripts/build-app-image.sh [--use-existing-jar] [--app NAMES] TAG JAR...
#   scripts/build-app-image.sh --app demo,bank switchboard/example-bank:dev \
#       examples-bank/target/switchboard-example-bank.jar
#
# --app sets SWITCHBOARD_APP in the image (the applications to start; compose
# and k8s can still override it). --use-existing-jar is passed on to
# build-image.sh (the node jar as it is). The same as writing by hand:
#
#   FROM switchboard/node:dev
#   COPY my-app.jar /app/lib/
#   ENV SWITCHBOARD_APP=my-app
#
# Environment: SWITCHBOARD_IMAGE (the node image, default switchboard/node:dev).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly NODE_IMAGE="${SWITCHBOARD_IMAGE:-switchboard/node:dev}"

usage() { die "usage: ${0##*/} [--use-existing-jar] [--app NAMES] TAG JAR..."; }

main() {
  local node_args=() apps=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --use-existing-jar) node_args+=(--use-existing-jar); shift ;;
      --app) [ $# -ge 2 ] || usage; apps="$2"; shift 2 ;;
      -*) usage ;;
      *) break ;;
    esac
  done
  [ $# -ge 2 ] || usage
  local tag="$1"; shift
  local jar
  for jar in "$@"; do
    [ -f "$jar" ] || die "no such jar: $jar (build it first, e.g. ./mvnw -pl examples-bank -am package)"
    case "$jar" in *.jar) ;; *) die "not a jar: $jar" ;; esac
  done
  SWITCHBOARD_IMAGE="$NODE_IMAGE" "$SWITCHBOARD_ROOT/scripts/build-image.sh" "${node_args[@]}"

  # global: the EXIT trap runs after main returned
  context="$(mktemp -d)"
  trap 'rm -rf "$context"' EXIT
  mkdir "$context/lib"
  cp "$@" "$context/lib/"
  {
    echo "FROM $NODE_IMAGE"
    echo "COPY lib/ /app/lib/"
    if [ -n "$apps" ]; then echo "ENV SWITCHBOARD_APP=$apps"; fi
  } >"$context/Dockerfile"
  log "building $tag from $NODE_IMAGE with $(cd "$context/lib" && ls | tr '\n' ' ')"
  DOCKER_BUILDKIT=0 docker build --quiet --tag "$tag" "$context" >/dev/null || die "docker build failed"
  log "built $tag"
}

main "$@"
