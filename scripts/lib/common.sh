# shellcheck shell=bash
# Shared helpers for the deployment scripts. Source it, do not run it.
#
# Every wait here is bounded and every failure says what to do next: these
# scripts run unattended in CI (.ci/run) as well as on developers' machines.

# The repository's top directory (for the scripts that source this file).
# shellcheck disable=SC2034
SWITCHBOARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly SWITCHBOARD_ROOT

# One lock for every script that installs packages or touches the engine, so
# that two scripts started at once (CI steps, several terminals) do not run
# apt-get or debootstrap side by side.
readonly SWITCHBOARD_LOCK_FILE="${SWITCHBOARD_LOCK_FILE:-/tmp/switchboard-deploy.lock}"
readonly SWITCHBOARD_LOCK_WAIT_SECONDS=900

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

die() {
  log "error: $*"
  exit 1
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "'$*' needs root and sudo is not installed; run this script as root"
  fi
}

# Takes the shared lock for the rest of the calling script (released on exit).
hold_lock() {
  exec {SWITCHBOARD_LOCK_FD}>"$SWITCHBOARD_LOCK_FILE"
  flock -w "$SWITCHBOARD_LOCK_WAIT_SECONDS" "$SWITCHBOARD_LOCK_FD" \
    || die "another deployment script held $SWITCHBOARD_LOCK_FILE for ${SWITCHBOARD_LOCK_WAIT_SECONDS}s"
}

# apt_install PACKAGE... installs Debian packages without recommends and
# without prompts; the package index is refreshed at most once per script run.
APT_UPDATED=false
apt_install() {
  command -v apt-get >/dev/null 2>&1 \
    || die "apt-get not found: install $* with your system's package manager"
  if [ "$APT_UPDATED" = false ]; then
    log "apt-get update"
    as_root apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=true
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# missing_packages CMD:PACKAGE... prints the packages whose command is absent.
missing_packages() {
  local pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || printf '%s\n' "${pair#*:}"
  done
}

# engine_answers: true when a Docker engine answers within 10 s.
engine_answers() {
  timeout 10 docker info >/dev/null 2>&1
}

image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}
