#!/usr/bin/env bash
# Builds the node image (default switchboard/node:dev) on the local engine.
#
#   scripts/build-image.sh                      # idempotent; about a second when nothing changed
#   scripts/build-image.sh --use-existing-jar   # the jar as it is (the container ITs: Maven just built it)
#
# 1. Runs scripts/docker-up.sh (engine and base image).
# 2. Builds node/target/switchboard.jar with Maven when it is missing or older
#    than any pom.xml or main source file of the modules it is made from.
#    With --use-existing-jar it never runs Maven and only requires the jar: the
#    container ITs run inside `./mvnw verify`, which has just packaged the jar
#    under test, and a nested Maven build would rewrite target/ beneath it.
# 3. Builds the image FROM $SWITCHBOARD_BASE_IMAGE unless the existing image
#    was built from exactly these inputs: the image carries a label with the
#    SHA-256 of the jar, the Dockerfile, .dockerignore, the container scripts,
#    make-certs.sh with its common.sh, and the base image's id. Content rather
#    than timestamps, so a rebuilt but identical input, or a clock skew,
#    neither forces nor hides a rebuild.
#
# Environment: SWITCHBOARD_IMAGE (default switchboard/node:dev),
# SWITCHBOARD_BASE_IMAGE (default local/jre17:bookworm; eclipse-temurin:17-jre
# where Docker Hub is reachable).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly IMAGE="${SWITCHBOARD_IMAGE:-switchboard/node:dev}"
readonly BASE_IMAGE="${SWITCHBOARD_BASE_IMAGE:-local/jre17:bookworm}"
readonly JAR="$SWITCHBOARD_ROOT/node/target/switchboard.jar"
readonly INPUTS_LABEL="io.switchboard.image-inputs"

jar_is_stale() {
  [ -f "$JAR" ] || return 0
  local newer
  # -quit: the first newer file is enough; errors (a module not there yet) mean "not newer".
  newer="$(cd "$SWITCHBOARD_ROOT" \
    && { find pom.xml proto supervisor client examples testkit cluster node \( -path '*/target' -prune \) \
           -o \( -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -print -quit \) \
           2>/dev/null || true; })"
  if [ -n "$newer" ]; then
    log "$newer is newer than ${JAR#"$SWITCHBOARD_ROOT"/}"
    return 0
  fi
  return 1
}

build_jar() {
  log "building ${JAR#"$SWITCHBOARD_ROOT"/} (./mvnw -q -pl node -am -Dmaven.test.skip=true package)"
  (cd "$SWITCHBOARD_ROOT" && ./mvnw -q -pl node -am -Dmaven.test.skip=true package) \
    || die "the Maven build failed"
  [ -f "$JAR" ] || die "the build did not produce $JAR (is the shade plugin configured in node/pom.xml?)"
}

inputs_digest() {
  local base_id
  # A registry base image that is not pulled yet: docker build pulls it, and
  # the next run sees its id and rebuilds once on top of it.
  base_id="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || echo "unpulled $BASE_IMAGE")"
  (
    cd "$SWITCHBOARD_ROOT"
    sha256sum node/target/switchboard.jar Dockerfile .dockerignore scripts/container/* \
      scripts/make-certs.sh scripts/lib/common.sh
    printf '%s  base\n' "$base_id"
  ) | sha256sum | cut -d ' ' -f 1
}

built_from() {
  docker image inspect --format "{{ index .Config.Labels \"$INPUTS_LABEL\" }}" "$IMAGE" 2>/dev/null || true
}

build_image() {
  local digest
  digest="$(inputs_digest)"
  if [ "$(built_from)" = "$digest" ]; then
    return
  fi
  log "building $IMAGE from $BASE_IMAGE"
  # The classic builder: it takes FROM images from the local store and never
  # contacts a registry for them (the engine here has none to reach). The
  # client warns that this builder is deprecated; that is expected.
  DOCKER_BUILDKIT=0 docker build --quiet \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --label "$INPUTS_LABEL=$digest" \
    --tag "$IMAGE" "$SWITCHBOARD_ROOT" >/dev/null \
    || die "docker build failed"
  # The image this one replaced is now untagged: remove it (and only images
  # of ours, by label) so that rebuilds do not pile up on disk.
  docker image prune --force --filter "label=$INPUTS_LABEL" >/dev/null
  log "built $IMAGE"
}

main() {
  local use_existing_jar=false
  case "${1:-}" in
    "") ;;
    --use-existing-jar) use_existing_jar=true ;;
    *) die "usage: ${0##*/} [--use-existing-jar]" ;;
  esac
  "$SWITCHBOARD_ROOT/scripts/docker-up.sh"
  hold_lock
  if [ "$use_existing_jar" = true ]; then
    [ -f "$JAR" ] || die "no $JAR: package the node first (./mvnw -pl node -am package)"
  elif jar_is_stale; then
    build_jar
  fi
  build_image
}

main "$@"
