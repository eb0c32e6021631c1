#!/usr/bin/env bash
# Installs Debian's Prometheus server (2.42) when `prometheus` is not on PATH.
#
#   scripts/prometheus-install.sh   # idempotent; instant when installed
#
# The monitoring tests start their own server from it, on a loopback port and a
# temporary data directory, with monitoring/prometheus.yml's scrape settings;
# nothing here starts a daemon. --no-install-recommends keeps the node
# exporter (which would start on :9100) out.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

main() {
  if command -v prometheus >/dev/null 2>&1; then
    return
  fi
  hold_lock
  apt_install prometheus
  command -v prometheus >/dev/null 2>&1 || die "prometheus is still not on PATH after apt-get install"
  log "installed $(prometheus --version 2>&1 | head -n 1)"
}

main "$@"
