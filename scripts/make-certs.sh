#!/usr/bin/env bash
# Makes a certificate authority and certificates for mutual TLS between nodes (--tls-cert,
# --tls-key, --tls-ca) and for clients (the CLI's and the Java client's --tls-cert/--tls-key).
#
#   scripts/make-certs.sh [--out DIR] [--days N] [--san NAME]... NODE...
#
#   DIR/ca.pem            the CA certificate: give it to every node and client as --tls-ca
#   DIR/ca-key.pem        the CA's key: keep it off the nodes (re-running reuses it)
#   DIR/NODE.pem          a node's certificate (serverAuth + clientAuth), SANs: NODE, localhost,
#   DIR/NODE-key.pem      127.0.0.1 and every --san; its PKCS#8 key (mode 600)
#   DIR/client.pem        a client certificate (clientAuth) and its key, for --client-tls require
#   DIR/client-key.pem
#
# Keys are EC P-256, keys PKCS#8 unencrypted (what the node reads). Defaults: --out certs,
# --days 825. An existing CA in DIR is reused, so running it again with a new NODE adds a
# certificate the others already trust; existing node certificates are replaced (rotation:
# nodes re-read their files within a second, see README "Security").
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

out=certs
days=825
sans=()
nodes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    --san) sans+=("${2:?--san needs a name}"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) nodes+=("$1"); shift ;;
  esac
done
[ ${#nodes[@]} -gt 0 ] || die "name at least one node (e.g. scripts/make-certs.sh n1 n2 n3)"
[[ "$days" =~ ^[0-9]+$ ]] || die "--days must be a number, got '$days'"
command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"
for n in "${nodes[@]}" ${sans[@]+"${sans[@]}"}; do
  [[ "$n" =~ ^[A-Za-z0-9*]([A-Za-z0-9.*-]{0,252})$ ]] || die "'$n' is not a DNS name"
done

mkdir -p "$out"
umask 077
# inside DIR: the final mv is a rename on the same file system, never a copy
work=$(mktemp -d "$out/.make-certs.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ ! -s "$out/ca.pem" ] || [ ! -s "$out/ca-key.pem" ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/ca-key.pem" 2>/dev/null
  openssl req -x509 -new -key "$out/ca-key.pem" -sha256 -days "$days" \
    -subj "/CN=switchboard-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/ca.pem"
  log "made a CA in $out/ca.pem"
fi

# issue NAME USAGE SAN: DIR/NAME.pem and DIR/NAME-key.pem signed by the CA
issue() {
  local name=$1 usage=$2 san=$3
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name-key.pem" 2>/dev/null
  openssl req -new -key "$work/$name-key.pem" -subj "/CN=$name" -out "$work/$name.csr"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [ -z "$san" ] || echo "subjectAltName=$san"
  } > "$work/$name.ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$out/ca.pem" -CAkey "$out/ca-key.pem" \
    -CAcreateserial -CAserial "$work/ca.srl" -days "$days" -sha256 \
    -extfile "$work/$name.ext" -out "$work/$name.pem" 2>/dev/null
  # rename into place: a node re-reading its files never sees half of one
  mv -f "$work/$name.pem" "$out/$name.pem"
  mv -f "$work/$name-key.pem" "$out/$name-key.pem"
  chmod 644 "$out/$name.pem"
  chmod 600 "$out/$name-key.pem"
}

for n in "${nodes[@]}"; do
  san="DNS:$n,DNS:localhost,IP:127.0.0.1"
  for s in ${sans[@]+"${sans[@]}"}; do
    san="$san,DNS:$s"
  done
  issue "$n" "serverAuth,clientAuth" "$san"
done
issue client clientAuth ""
chmod 644 "$out/ca.pem"
log "certificates for ${nodes[*]} and client in $out (CA: $out/ca.pem)"
