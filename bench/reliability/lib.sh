#!/usr/bin/env bash
# Shared by the reliability drills (crash.sh, outage.sh, scaleout.sh, backup.sh): publishes the portal and the driver
# (Release), starts portal instances in the Production environment over HTTPS with a self-signed certificate on
# 127.0.0.1, runs a throwaway PostgreSQL server of its own (initdb into the drill's temp folder, never the system's
# clusters, so stopping it cannot disturb anything else), and cleans everything it started up on exit.
# Source it after `set -euo pipefail` and call drill_init <name>.

DRILL_PASSWORD=${DRILL_PASSWORD:-Drill-portal-pass-2026}
DRILL_TRUST=drill-trust
DRILL_HEAD=head@drill.trustportal.test
DRILL_PIDS=()

drill_log() { printf '[%s %s] %s\n' "$(date -u +%H:%M:%S)" "${DRILL:-drill}" "$*" >&2; }

drill_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

drill_init() {
  DRILL=$1
  DRILL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  cd "$DRILL_ROOT"
  DRILL_WORK=$(mktemp -d "/tmp/trustportal-drill-$DRILL.XXXXXX")
  # The PostgreSQL server runs as the postgres user and needs to reach its folders in here.
  chmod 755 "$DRILL_WORK"
  trap drill_cleanup EXIT
  trap "exit 143" TERM INT
  drill_log "working in $DRILL_WORK"
}

drill_cleanup() {
  local status=$?
  local pid
  for pid in "${DRILL_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true
  done
  for pid in "${DRILL_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  [[ -n ${DRILL_PG_DATA:-} ]] && drill_pg_stop quiet
  if [[ $status -ne 0 && -n ${DRILL_KEEP_ON_FAILURE:-} ]]; then
    drill_log "kept $DRILL_WORK for inspection"
  else
    rm -rf "$DRILL_WORK"
  fi
}

drill_pass() { echo "PASS: $DRILL: $*"; exit 0; }
drill_fail() { echo "FAIL: $DRILL: $*"; exit 1; }

# Installs Debian packages when their command is missing ("command:package" or "command").
drill_need() {
  local missing=() tool
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      drill_fail "missing ${missing[*]}: install with apt-get as root"
    fi
    drill_log "installing ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Publishes the portal and the driver once; drills.sh shares one build between drills through DRILL_BUILD.
drill_publish() {
  DRILL_BUILD=${DRILL_BUILD:-$DRILL_WORK/build}
  if [[ ! -f $DRILL_BUILD/portal/TrustPortal.Web.dll || ! -f $DRILL_BUILD/driver/TrustPortal.Bench.dll ]]; then
    drill_log "publishing the portal and the driver (Release) into $DRILL_BUILD"
    dotnet publish src/TrustPortal.Web -c Release -o "$DRILL_BUILD/portal" -v q -nologo >/dev/null
    dotnet publish bench/TrustPortal.Bench -c Release -o "$DRILL_BUILD/driver" -v q -nologo >/dev/null
  fi
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$DRILL_WORK/key.pem" -out "$DRILL_WORK/cert.pem" 2>/dev/null
}

# N distinct free TCP ports on 127.0.0.1 (outside 5080, 5090-5099 and the benchmarks' 5400-5499).
drill_ports() {
  python3 - "$1" <<'PY'
import socket, sys, random
want, found = int(sys.argv[1]), []
candidates = list(range(5600, 5999))
random.shuffle(candidates)
for port in candidates:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    found.append(port)
    if len(found) == want:
        break
print(" ".join(map(str, found)))
PY
}

# The portal's settings (server and command line alike); the database comes from drill_use_sqlite/drill_use_postgres.
drill_env() {
  export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
  export Database__MigrateOnStartup=true Database__SeedDemoData=false
  export Kestrel__Certificates__Default__Path="$DRILL_WORK/cert.pem" Kestrel__Certificates__Default__KeyPath="$DRILL_WORK/key.pem"
  export Files__Root="$DRILL_WORK/files" Email__Folder="$DRILL_WORK/mail"
  export Portal__BaseUrl="https://127.0.0.1"
  export AllowedHosts="127.0.0.1;localhost"
  # The key ring is encrypted with a certificate in Production: the self-signed one made for HTTPS (every instance shares it).
  export DataProtection__Certificate__Path="$DRILL_WORK/cert.pem" DataProtection__Certificate__KeyPath="$DRILL_WORK/key.pem"
  export Serilog__WriteTo__RollingJson__Args__path="$DRILL_WORK/logs/cli-.json"
}

drill_use_sqlite() {
  DRILL_SQLITE=$1
  export Database__Provider=Sqlite ConnectionStrings__TrustPortal="Data Source=$1"
}

drill_use_postgres() {
  export Database__Provider=PostgreSql
  export ConnectionStrings__TrustPortal="Host=127.0.0.1;Port=$DRILL_PG_PORT;Username=trustportal;Password=$DRILL_PASSWORD;Database=${1:-trustportal};Timeout=5"
}

# The portal's command line, from the published folder.
drill_cli() { (cd "$DRILL_BUILD/portal" && dotnet TrustPortal.Web.dll "$@"); }

# A small trust of generated example data (2 schools, 2 cycles, the last open) and one headteacher account;
# sets DRILL_URN. The head enrols an authenticator at first sign-in (the driver keeps the key in keys.txt).
drill_data() {
  drill_log "making the data: demo generate --trust $DRILL_TRUST --schools 2 --cycles 2, and a headteacher"
  drill_cli demo generate --trust "$DRILL_TRUST" --schools 2 --cycles 2 --name "Drill Trust" >/dev/null
  DRILL_URN=$(drill_first_urn)
  printf '%s\n' "$DRILL_PASSWORD" | drill_cli users add --email "$DRILL_HEAD" --name "Drill Head" --role Headteacher \
    --trust "$DRILL_TRUST" --school "$DRILL_URN" >/dev/null
}

drill_first_urn() {
  local sql="SELECT MIN(s.\"Urn\") FROM \"Schools\" s JOIN \"Trusts\" t ON t.\"Id\" = s.\"TrustId\" WHERE t.\"Slug\" = '$DRILL_TRUST';"
  if [[ $Database__Provider == Sqlite ]]; then sqlite3 "$DRILL_SQLITE" "$sql"; else drill_psql trustportal -tAc "$sql"; fi
}

# drill_start NAME URLS: starts an instance (its own log folder), waits for /health/live on the first URL.
drill_start() {
  local name=$1 urls=$2 first start pid
  first=${urls%%;*}
  mkdir -p "$DRILL_WORK/logs-$name"
  start=$(drill_now_ms)
  (cd "$DRILL_BUILD/portal" && \
    ASPNETCORE_URLS="$urls" Serilog__WriteTo__RollingJson__Args__path="$DRILL_WORK/logs-$name/portal-.json" \
    exec dotnet TrustPortal.Web.dll >>"$DRILL_WORK/portal-$name.out" 2>&1) &
  pid=$!
  DRILL_PIDS+=("$pid")
  printf -v "DRILL_PID_$name" '%s' "$pid"
  until curl -fsS --cacert "$DRILL_WORK/cert.pem" -o /dev/null "$first/health/live" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$DRILL_WORK/portal-$name.out" >&2
      drill_fail "instance $name exited during start-up"
    fi
    (( $(drill_now_ms) - start > 90000 )) && drill_fail "instance $name did not answer within 90 s"
    sleep 0.05
  done
  DRILL_STARTED_MS=$(( $(drill_now_ms) - start ))
  drill_log "instance $name (pid $pid) answers on $urls after $DRILL_STARTED_MS ms"
}

drill_pid() { local v="DRILL_PID_$1"; echo "${!v}"; }

# drill_stop NAME [SIGNAL]: stops an instance (TERM by default) and waits for it.
drill_stop() {
  local pid
  pid=$(drill_pid "$1")
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# The driver, trusting the drill's certificate, keeping enrolled keys in keys.txt, password on standard input.
drill_driver() {
  local command=$1 base=$2; shift 2
  dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" "$command" --base "$base" \
    --cert "$DRILL_WORK/cert.pem" --keys "$DRILL_WORK/keys.txt" --password-stdin "$@" <<<"$DRILL_PASSWORD"
}

# curl trusting the drill's certificate.
drill_curl() { curl -sS --cacert "$DRILL_WORK/cert.pem" "$@"; }

# --- PostgreSQL: a server of the drill's own -------------------------------------------------------------------------

drill_as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

drill_pg_init() {
  drill_need pg_ctlcluster:postgresql
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  DRILL_PG_BIN=/usr/lib/postgresql/$version/bin
  DRILL_PG_DATA=$DRILL_WORK/pg/data
  DRILL_PG_SOCKET=$DRILL_WORK/pg/socket
  DRILL_PG_PORT=${DRILL_PG_PORT:-$(drill_ports 1)}
  mkdir -p "$DRILL_PG_DATA" "$DRILL_PG_SOCKET"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$DRILL_WORK/pg"
  drill_as_postgres "$DRILL_PG_BIN/initdb" -D "$DRILL_PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  drill_pg_start
  drill_psql postgres -qc "CREATE ROLE trustportal LOGIN PASSWORD '$DRILL_PASSWORD' CREATEDB"
  drill_psql postgres -qc "CREATE DATABASE trustportal OWNER trustportal"
  drill_log "PostgreSQL $version of the drill's own on 127.0.0.1:$DRILL_PG_PORT"
}

drill_pg_start() {
  drill_as_postgres "$DRILL_PG_BIN/pg_ctl" -D "$DRILL_PG_DATA" -l "$DRILL_WORK/pg/server.log" -w -t 60 \
    -o "-p $DRILL_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DRILL_PG_SOCKET" start >/dev/null
}

# Fast shutdown: connected sessions are ended, as when a database server is restarted for maintenance.
drill_pg_stop() {
  if [[ -f $DRILL_PG_DATA/postmaster.pid ]]; then
    drill_as_postgres "$DRILL_PG_BIN/pg_ctl" -D "$DRILL_PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  [[ ${1:-} == quiet ]] || drill_log "PostgreSQL stopped"
}

# drill_psql DATABASE psql-args...: as the superuser over the drill server's socket.
drill_psql() {
  local db=$1; shift
  drill_as_postgres psql -X -h "$DRILL_PG_SOCKET" -p "$DRILL_PG_PORT" -U postgres -d "$db" "$@"
}

# drill_check_acks ACK_LOG [DATABASE]: prints "total found_once missing recorded_twice with_receipt" for the acknowledged updates
# (text<TAB>idempotency key lines) against the progress history and the form receipts of the current database.
drill_check_acks() {
  local acks=$1 database=${2:-}
  if [[ $Database__Provider == Sqlite ]]; then
    sqlite3 -separator ' ' "${database:-$DRILL_SQLITE}" <<SQL
CREATE TEMP TABLE acked(text TEXT, key TEXT);
.mode tabs
.import $acks acked
.mode list
.separator ' '
SELECT COUNT(*), COALESCE(SUM(n = 1), 0), COALESCE(SUM(n = 0), 0), COALESCE(SUM(n > 1), 0),
       (SELECT COUNT(*) FROM acked a WHERE EXISTS (SELECT 1 FROM FormReceipts f WHERE UPPER(f.Key) = UPPER(a.key)))
FROM (SELECT a.text, (SELECT COUNT(*) FROM ProgressRevisions r WHERE r.WhatWasDone = a.text) AS n FROM acked a);
SQL
  else
    drill_psql "${database:-trustportal}" -qtA -F ' ' <<SQL
CREATE TEMP TABLE acked(text text, key text);
\copy acked FROM '$acks'
SELECT COUNT(*), COALESCE(SUM((n = 1)::int), 0), COALESCE(SUM((n = 0)::int), 0), COALESCE(SUM((n > 1)::int), 0),
       (SELECT COUNT(*) FROM acked a WHERE EXISTS (SELECT 1 FROM "FormReceipts" f WHERE f."Key"::text = LOWER(a.key)))
FROM (SELECT a.text, (SELECT COUNT(*) FROM "ProgressRevisions" r WHERE r."WhatWasDone" = a.text) AS n FROM acked a) x;
SQL
  fi
}

# drill_stream NAME BASE ACK_LOG [driver options...]: a headteacher's stream of updates in the background
# (sets DRILL_STREAM_PID; output in stream-NAME.out/.err; stops when the file DRILL_WORK/stop-NAME appears).
drill_stream() {
  local name=$1 base=$2 acks=$3; shift 3
  : >"$acks"
  # exec: $! is the driver itself (not a subshell), so cleanup can stop it.
  (exec dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" stream --base "$base" --cert "$DRILL_WORK/cert.pem" \
    --keys "$DRILL_WORK/keys.txt" --password-stdin --email "$DRILL_HEAD" --trust "$DRILL_TRUST" --urn "$DRILL_URN" --ack-log "$acks" \
    --duration 600 --stop-file "$DRILL_WORK/stop-$name" --label "$DRILL-$name" "$@" \
    <<<"$DRILL_PASSWORD" >"$DRILL_WORK/stream-$name.out" 2>"$DRILL_WORK/stream-$name.err") &
  DRILL_STREAM_PID=$!
  DRILL_PIDS+=("$DRILL_STREAM_PID")
}

# drill_wait_acks ACK_LOG N STREAM_PID: waits (up to 60 s) until N updates are acknowledged.
drill_wait_acks() {
  local acks=$1 want=$2 pid=$3 deadline=$(( $(drill_now_ms) + 60000 ))
  until (( $(wc -l <"$acks") >= want )); do
    (( $(drill_now_ms) > deadline )) && drill_fail "the stream stalled at $(wc -l <"$acks") acknowledged updates (wanted $want)"
    kill -0 "$pid" 2>/dev/null || { cat "$DRILL_WORK"/stream-*.err >&2; drill_fail "the stream ended early"; }
    sleep 0.05
  done
}

# Counts of responses by status in an instance's request log (Serilog compact JSON): "status count" lines.
drill_statuses() {
  cat "$DRILL_WORK/logs-$1"/*.json 2>/dev/null | grep -o '"StatusCode":[0-9]*' | cut -d: -f2 | sort | uniq -c | awk '{print $2" "$1}'
}
