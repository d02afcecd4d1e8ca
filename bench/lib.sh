#!/usr/bin/env bash
# Shared by bench/perf/run.sh and bench/load/run.sh: publish the portal (Release) and the driver, make a fresh SQLite
# database with the demo trusts and a generated large trust, create the benchmark accounts with the portal's CLI,
# and start the portal in the Production environment over HTTPS (self-signed certificate) on 127.0.0.1.
# Source it after `set -euo pipefail`; it needs $BENCH_WORK (a temp folder the caller removes).

BENCH_TRUST=${BENCH_TRUST:-large-example-trust}
BENCH_PASSWORD=${BENCH_PASSWORD:-Bench-portal-pass-2026}
BENCH_HEADS=${BENCH_HEADS:-10}
BENCH_TRUSTEES=${BENCH_TRUSTEES:-5}
BENCH_STAFF=${BENCH_STAFF:-35}

bench_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs Debian packages a benchmark needs when they are missing.
bench_need() {
  local missing=()
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    bench_log "installing ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
  fi
}

# A free TCP port on 127.0.0.1 outside 5080 and 5090-5099 (other engineers' portals use those).
bench_free_port() {
  python3 - <<'PY'
import socket
for port in range(5400, 5500):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
PY
}

# Publishes the portal and the driver in Release into $BENCH_WORK/{portal,driver}.
bench_publish() {
  bench_log "publishing the portal and the driver (Release)"
  dotnet publish src/TrustPortal.Web -c Release -o "$BENCH_WORK/portal" -v q -nologo >/dev/null
  dotnet publish bench/TrustPortal.Bench -c Release -o "$BENCH_WORK/driver" -v q -nologo >/dev/null
  BENCH_DRIVER=("dotnet" "$BENCH_WORK/driver/TrustPortal.Bench.dll")
}

# Environment of the portal under test (server and CLI alike): Production, SQLite in $BENCH_WORK, HTTPS on $BENCH_PORT.
bench_env() {
  export ASPNETCORE_ENVIRONMENT=Production
  export DOTNET_ENVIRONMENT=Production
  export Database__Provider=Sqlite
  export ConnectionStrings__TrustPortal="Data Source=$BENCH_WORK/portal.db"
  export Database__MigrateOnStartup=true
  export Portal__BaseUrl="https://127.0.0.1:$BENCH_PORT"
  export AllowedHosts="127.0.0.1;localhost"
  # The key ring is encrypted with a certificate in Production: the self-signed one made for HTTPS serves.
  export DataProtection__Certificate__Path="$BENCH_WORK/cert.pem" DataProtection__Certificate__KeyPath="$BENCH_WORK/key.pem"
  export Kestrel__Certificates__Default__Path="$BENCH_WORK/cert.pem"
  export Kestrel__Certificates__Default__KeyPath="$BENCH_WORK/key.pem"
  export ASPNETCORE_URLS="https://127.0.0.1:$BENCH_PORT"
  export Files__Root="$BENCH_WORK/files"
  export Email__Folder="$BENCH_WORK/mail"
}

# A self-signed certificate for 127.0.0.1 (the driver trusts exactly this one through --cert).
bench_certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$BENCH_WORK/key.pem" -out "$BENCH_WORK/cert.pem" 2>/dev/null
}

# The portal's command line, in the published folder (so logs/ and data paths are the portal's own).
bench_cli() { (cd "$BENCH_WORK/portal" && dotnet TrustPortal.Web.dll "$@"); }

# Fresh database: migrate (first CLI call; a command never loads the demo trusts), the large trust, and the benchmark accounts
# ($BENCH_WORK/accounts.txt: "Role email [urn]" lines for the driver).
bench_database() {
  bench_log "making the database: demo generate --schools 50 --cycles 9 --trust $BENCH_TRUST"
  rm -f "$BENCH_WORK"/portal.db*
  bench_cli trusts list >/dev/null
  bench_cli demo generate --schools 50 --cycles 9 --trust "$BENCH_TRUST" --name "Large Example Trust" >&2
  mapfile -t urns < <(sqlite3 "$BENCH_WORK/portal.db" \
    "SELECT s.Urn FROM Schools s JOIN Trusts t ON t.Id = s.TrustId WHERE t.Slug = '$BENCH_TRUST' ORDER BY s.Urn LIMIT $BENCH_HEADS;")
  : >"$BENCH_WORK/accounts.txt"
  bench_log "creating $BENCH_HEADS heads, $BENCH_TRUSTEES trustees, $BENCH_STAFF staff with the CLI (users add)"
  local i
  {
    for ((i = 0; i < BENCH_HEADS; i++)); do
      echo "Headteacher head$i@bench.trustportal.test ${urns[$((i % ${#urns[@]}))]}"
    done
    for ((i = 0; i < BENCH_TRUSTEES; i++)); do echo "Trustee trustee$i@bench.trustportal.test"; done
    for ((i = 0; i < BENCH_STAFF; i++)); do echo "Staff staff$i@bench.trustportal.test ${urns[$((i % ${#urns[@]}))]}"; done
  } >"$BENCH_WORK/accounts.txt"
  # Each CLI call starts .NET and opens the database (a few seconds): two at a time on this 2-core machine.
  export -f bench_add_user bench_cli
  export BENCH_WORK BENCH_PASSWORD BENCH_TRUST
  xargs -P 2 -L 1 bash -c 'bench_add_user "$@"' _ <"$BENCH_WORK/accounts.txt"
}

# One accounts.txt line: "Role email [urn]" (heads and staff belong to that school).
bench_add_user() {
  local role=$1 email=$2 urn=${3:-} school=()
  [ -n "$urn" ] && school=(--school "$urn")
  printf '%s\n' "$BENCH_PASSWORD" | bench_cli users add --email "$email" --name "Bench ${email%%@*}" --role "$role" \
    --trust "$BENCH_TRUST" "${school[@]}" >/dev/null
}

# Starts the portal; sets BENCH_PID and BENCH_STARTUP_MS: from process start to the first successful (2xx) answer
# of a real page that reads the database ($BENCH_READY_PATH, the generated trust's vision and values page).
BENCH_READY_PATH=${BENCH_READY_PATH:-/$BENCH_TRUST/vision-and-values}
bench_start() {
  local start now
  start=$(date +%s%N)
  (cd "$BENCH_WORK/portal" && exec dotnet TrustPortal.Web.dll >"$BENCH_WORK/portal.out" 2>&1) &
  BENCH_PID=$!
  until curl -fsS --cacert "$BENCH_WORK/cert.pem" -o /dev/null "https://127.0.0.1:$BENCH_PORT$BENCH_READY_PATH" 2>/dev/null; do
    if ! kill -0 "$BENCH_PID" 2>/dev/null; then
      bench_log "the portal exited during start-up:"; tail -20 "$BENCH_WORK/portal.out" >&2; return 1
    fi
    now=$(date +%s%N)
    if (( (now - start) / 1000000 > 60000 )); then bench_log "no answer within 60 s"; return 1; fi
    sleep 0.05
  done
  now=$(date +%s%N)
  BENCH_STARTUP_MS=$(( (now - start) / 1000000 ))
}

bench_stop() {
  if [ -n "${BENCH_PID:-}" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  BENCH_PID=
}

# Resident memory of the portal in MB.
bench_rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$BENCH_PID/status"; }

# The driver, trusting the benchmark's certificate and keeping enrolled keys in $BENCH_WORK/keys.txt.
bench_driver() {
  local command=$1; shift
  printf '%s\n' "$BENCH_PASSWORD" | "${BENCH_DRIVER[@]}" "$command" --base "https://127.0.0.1:$BENCH_PORT" \
    --cert "$BENCH_WORK/cert.pem" --keys "$BENCH_WORK/keys.txt" --password-stdin "$@"
}

# Prepares everything and starts the portal: publish, certificate, database, accounts, start.
bench_setup() {
  BENCH_PORT=${BENCH_PORT:-$(bench_free_port)}
  bench_need wrk:wrk sqlite3:sqlite3 openssl:openssl curl:curl
  bench_publish
  bench_env
  bench_certificate
  bench_database
  bench_log "starting the portal on https://127.0.0.1:$BENCH_PORT (Production)"
  bench_start
  bench_log "first page after ${BENCH_STARTUP_MS} ms (database already migrated and seeded by the CLI)"
}

# Start-up on a fresh, empty database (migrations and demo trusts at start-up); sets BENCH_FRESH_STARTUP_MS.
bench_fresh_startup() {
  local saved=$ConnectionStrings__TrustPortal
  export ConnectionStrings__TrustPortal="Data Source=$BENCH_WORK/fresh.db"
  # Production loads no demo trusts: the first page that reads the database on an empty one is the list of trusts.
  local ready=$BENCH_READY_PATH
  BENCH_READY_PATH=/
  bench_start
  BENCH_READY_PATH=$ready
  BENCH_FRESH_STARTUP_MS=$BENCH_STARTUP_MS
  bench_stop
  export ConnectionStrings__TrustPortal=$saved
  rm -f "$BENCH_WORK"/fresh.db*
}
