#!/usr/bin/env bash
# Shared by bench/scale/run.sh and bench/scale/pooling.sh: settings from SCALE, the benchmark's own PostgreSQL server
# kept in $SCALE_HOME (made once), the generated nation (made once; a marker says so), trusts A and B picked from it,
# three instances behind nginx (start_all DB), wrk and timing helpers. Source it after `set -euo pipefail`.

SCALE=${SCALE:-tenth}
case $SCALE in
  full) div=1 ;; half) div=2 ;; tenth) div=10 ;; twentieth) div=20 ;; hundredth) div=100 ;;
  *) echo "SCALE must be full, half, tenth, twentieth or hundredth" >&2; exit 2 ;;
esac
NATION_TRUSTS=$((1200 / div)) NATION_SCHOOLS=$((10000 / div)) NATION_STAFF=$((500000 / div)) NATION_CYCLES=3
DURATION=${DURATION:-10} WARM=${WARM:-3} CONNECTIONS=${CONNECTIONS:-8} COLD_SAMPLES=${COLD_SAMPLES:-5}
OTHER_TRUSTS=${OTHER_TRUSTS:-200} SAVE_RATE=${SAVE_RATE:-2} MEMORY_LIMIT_MB=${MEMORY_LIMIT_MB:-1536}
SCALE_HOME=${SCALE_HOME:-/var/tmp/trustportal-scale}
RATIO_TARGET=0.9 P99_TARGET_MS=100

drill_need nginx openssl curl wrk python3 pg_ctlcluster:postgresql
drill_publish
drill_env
# The benchmark signs in thousands of times from 127.0.0.1: the per-address limiter would answer 429.
export Accounts__RateLimits__PerAddressPerMinute=100000000 Accounts__RateLimits__PerAccountPerMinute=100000000
export TRUSTPORTAL_GENERATED_PASSWORD=$DRILL_PASSWORD

# --- PostgreSQL of the benchmark's own, kept between runs in $SCALE_HOME/$SCALE ---------------------------------------
home=$SCALE_HOME/$SCALE
DRILL_PG_BIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin
DRILL_PG_DATA=$home/pg/data
DRILL_PG_SOCKET=$home/pg/socket
DRILL_PG_PORT=${SCALE_PG_PORT:-$(drill_ports 1)}
PG_MAX_CONNECTIONS=${PG_MAX_CONNECTIONS:-200}
mkdir -p "$home/pg/socket"
chmod 755 "$SCALE_HOME" "$home" 2>/dev/null || true
[[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$home/pg"
scale_pg_start() {
  drill_as_postgres "$DRILL_PG_BIN/pg_ctl" -D "$DRILL_PG_DATA" -l "$home/pg/server.log" -w -t 120 \
    -o "-p $DRILL_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DRILL_PG_SOCKET -c max_connections=$PG_MAX_CONNECTIONS -c shared_buffers=256MB -c shared_preload_libraries=pg_stat_statements" start >/dev/null
}
if [[ ! -f $DRILL_PG_DATA/PG_VERSION ]]; then
  drill_as_postgres "$DRILL_PG_BIN/initdb" -D "$DRILL_PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  scale_pg_start
  drill_psql postgres -qc "CREATE ROLE trustportal LOGIN PASSWORD '$DRILL_PASSWORD' CREATEDB"
else
  drill_pg_stop quiet
  scale_pg_start
fi
drill_log "PostgreSQL on 127.0.0.1:$DRILL_PG_PORT, data in $DRILL_PG_DATA"
# The key ring lives in the databases, encrypted with the data-protection certificate: a reused nation needs the same
# certificate (the drill makes a new one each run), or its enrolled authenticator keys cannot be read (a 500 at sign-in).
[[ -f $home/dp-cert.pem && -f $home/dp-key.pem ]] || cp "$DRILL_WORK/cert.pem" "$home/dp-cert.pem"
[[ -f $home/dp-key.pem ]] || cp "$DRILL_WORK/key.pem" "$home/dp-key.pem"
export DataProtection__Certificate__Path="$home/dp-cert.pem" DataProtection__Certificate__KeyPath="$home/dp-key.pem"

use_db() { drill_use_postgres "$1"; }
ensure_db() { drill_psql postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 || drill_psql postgres -qc "CREATE DATABASE $1 OWNER trustportal"; }
generate() { # generate DB args...: demo generate-nation unless the marker DB.done says it finished with these args
  local db=$1 marker=$home/$1.done args=$home/$1.args; shift
  if [[ -f $marker && $(cat "$marker") == "$*" ]]; then
    drill_log "reusing $db (generated earlier: $*)"
    return
  fi
  # Another size asked for than the database was started with: start again (same size: the generator resumes).
  if [[ -f $args && $(cat "$args") != "$*" ]]; then
    drill_psql postgres -qc "DROP DATABASE IF EXISTS $db"
    rm -f "$marker"
  fi
  echo "$*" >"$args"
  ensure_db "$db"
  use_db "$db"
  drill_log "generating $db: demo generate-nation $*"
  local start=$(drill_now_ms)
  drill_cli demo generate-nation "$@" | tail -4 >&2
  echo "$*" >"$marker"
  drill_log "$db generated in $(( ($(drill_now_ms) - start) / 1000 )) s"
}
generate nation --trusts "$NATION_TRUSTS" --schools "$NATION_SCHOOLS" --staff "$NATION_STAFF" --cycles "$NATION_CYCLES"

q() { drill_psql "$1" -tAc "$2"; }
# Trust A: the generated trust nearest 50 schools; trust B: nearest 3. Their shapes make the solo databases.
pick() {
  q nation "SELECT t.\"Slug\" || ' ' || COUNT(*) || ' ' || MIN(s.\"Urn\") FROM \"Trusts\" t JOIN \"Schools\" s ON s.\"TrustId\" = t.\"Id\"
            WHERE t.\"Slug\" LIKE 'nation-%' GROUP BY t.\"Slug\" ORDER BY ABS(COUNT(*) - $1), t.\"Slug\" LIMIT 1"
}
accounts_of() { q "$1" "SELECT COUNT(*) FROM \"AspNetUsers\" WHERE \"NormalizedEmail\" LIKE UPPER('%@$2.example')"; }
read -r a_slug a_schools a_urn < <(pick 50)
read -r b_slug b_schools b_urn < <(pick 3)
a_accounts=$(accounts_of nation "$a_slug")
b_accounts=$(accounts_of nation "$b_slug")
drill_log "trust A: $a_slug ($a_schools schools, $a_accounts accounts); trust B: $b_slug ($b_schools schools, $b_accounts accounts)"

# --- three instances behind nginx -------------------------------------------------------------------------------------
read -r i1 i2 i3 proxy < <(drill_ports 4)
P=https://127.0.0.1:$proxy
ngx=$DRILL_WORK/nginx
mkdir -p "$ngx/tmp"; chmod 1777 "$ngx/tmp"
cat >"$ngx/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $ngx/tmp/body;
  proxy_temp_path $ngx/tmp/proxy;
  fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi;
  scgi_temp_path $ngx/tmp/scgi;
  upstream portal {
    server 127.0.0.1:$i1;
    server 127.0.0.1:$i2;
    server 127.0.0.1:$i3;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$proxy ssl;
    ssl_certificate $DRILL_WORK/cert.pem;
    ssl_certificate_key $DRILL_WORK/key.pem;
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
NGINX
nginx -t -q -e "$ngx/error.log" -p "$ngx" -c "$ngx/nginx.conf"
nginx -e "$ngx/error.log" -p "$ngx" -c "$ngx/nginx.conf" &
DRILL_PIDS+=("$!")

# --- OpenTelemetry: every instance pushes its metrics to the driver's sink (ADR 0176) -----------------------------------
# The sink keeps each instance's latest cumulative figures in $OTEL; otel_snapshot and otel_since read what happened in
# between (database time and SQL commands per request per route, cache hits and misses per cache).
read -r otlp_port < <(drill_ports 1)
OTEL=$DRILL_WORK/otel.json
dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" otlp-sink --port "$otlp_port" --out "$OTEL" >"$DRILL_WORK/otlp-sink.out" 2>"$DRILL_WORK/otlp-sink.err" &
otlp_pid=$!
DRILL_PIDS+=("$otlp_pid")
until grep -q listening "$DRILL_WORK/otlp-sink.out" 2>/dev/null; do
  kill -0 "$otlp_pid" 2>/dev/null || { cat "$DRILL_WORK/otlp-sink.err" >&2; drill_fail "the OpenTelemetry sink did not start"; }
  sleep 0.1
done
drill_log "OpenTelemetry sink on http://127.0.0.1:$otlp_port (metrics every second from each instance)"
# A late snapshot is a note in the report, not an invalid run: the wrk figures do not depend on it.
otel_snapshot() { # otel_snapshot FILE: waits for figures collected after now from every live instance, keeps them in FILE
  dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" otlp-snapshot --in "$OTEL" --out "$1" 2>>"$DRILL_WORK/otlp.err" \
    || echo "snapshot $(basename "$1") was late" >>"$DRILL_WORK/otlp-notes.txt"
}
otel_since() { # otel_since FILE [--busiest|--caches]: what happened since snapshot FILE (waits for fresh figures too)
  dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" otlp-report --before "$1" --in "$OTEL" "${@:2}" 2>>"$DRILL_WORK/otlp.err" \
    || echo "report since $(basename "$1") was late" >>"$DRILL_WORK/otlp-notes.txt"
}

# Each instance also listens on https so it can be read directly (the crawl, the cold samples); nginx uses plain http.
read -r s1 s2 s3 < <(drill_ports 3)
started=false
start_all() { # start_all DB: (re)starts the three instances on that database
  use_db "$1"
  # The generated heads, trustees and administrators enrol an authenticator at their first sign-in; the keys must
  # outlive the run (the databases do), one file per database (the same e-mail can be in two of them).
  touch "$home/keys-$1.txt"
  ln -sfn "$home/keys-$1.txt" "$DRILL_WORK/keys.txt"
  # bench/scale/pooling.sh points the instances at pgbouncer (DB_PORT) and sizes their pools (DB_EXTRA).
  [[ -n ${DB_PORT:-} ]] && ConnectionStrings__TrustPortal=${ConnectionStrings__TrustPortal/Port=$DRILL_PG_PORT/Port=$DB_PORT}
  [[ -n ${DB_EXTRA:-} ]] && ConnectionStrings__TrustPortal+=";$DB_EXTRA"
  export ConnectionStrings__TrustPortal
  local n h=("" "$s1" "$s2" "$s3") p=("" "$i1" "$i2" "$i3")
  if $started; then
    for n in 1 2 3; do drill_stop "I$n"; done
  fi
  # Only the instances get the Telemetry settings (the CLI and the driver do not): OTLP over HTTP to the sink, a push
  # every second, no traces (the benchmark reads metrics only; a sampled trace costs the request).
  for n in 1 2 3; do
    Telemetry__OtlpEndpoint=http://127.0.0.1:$otlp_port Telemetry__OtlpProtocol=http Telemetry__MetricExportIntervalMilliseconds=1000 \
      Telemetry__TraceSampleRatio=0 drill_start "I$n" "https://127.0.0.1:${h[$n]};http://127.0.0.1:${p[$n]}"
  done
  started=true
  until drill_curl -fs -o /dev/null "$P/health/ready" 2>/dev/null; do sleep 0.2; done
}
# Resident memory (MB) of an instance: drill_start execs dotnet, so its pid is the portal's own.
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$(drill_pid "$1")/status"; }

to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
# Findings that make a run invalid go to a file: most helpers run inside $(...), where a variable would be lost.
invalid() { echo "$*" >>"$DRILL_WORK/invalid.txt"; }
# wrk_page NAME URL [COOKIE] [CONNECTIONS] [SCRIPT]: prints "rps p50 p99 pg-db-ms" and, when OTEL_PAGES is set,
# " otel-db-ms otel-commands otel-requests route"; a non-2xx/3xx answer or socket error makes the run invalid.
# pg-db-ms: pg_stat_statements' execution time in $STATS_DB during the measured run (reset after the warm-up) over the
# requests wrk made (the stamp pollers' one query a second included). otel-*: the instances' own figures between two
# sink snapshots (ADR 0176) for the route with most requests in the run (the page measured): database time per request
# (EF commands timed in the instance, rows read included) and SQL commands per request.
STATS_DB= OTEL_PAGES=
wrk_page() {
  local name=$1 url=$2 cookie=${3:-} conns=${4:-$CONNECTIONS} script=${5:-} args=() out db_ms=- otel=""
  [[ -n $cookie ]] && args+=(-H "$cookie")
  [[ -n $script ]] && args+=(-s "$script")
  wrk -t2 -c"$conns" -d"${WARM}s" --timeout 30s "${args[@]}" "$url" >/dev/null
  [[ -n $STATS_DB ]] && q "$STATS_DB" "SELECT pg_stat_statements_reset()" >/dev/null
  [[ -n $OTEL_PAGES ]] && otel_snapshot "$DRILL_WORK/otel-page.json"
  out=$(wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 30s --latency "${args[@]}" "$url")
  if [[ -n $STATS_DB ]]; then
    db_ms=$(q "$STATS_DB" "SELECT ROUND((COALESCE(SUM(total_exec_time), 0) / GREATEST($(awk '/requests in/ {print $1}' <<<"$out"), 1))::numeric, 2)
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$STATS_DB')")
  fi
  if [[ -n $OTEL_PAGES ]]; then
    local o_requests o_db o_commands o_route
    read -r o_requests o_db o_commands _ o_route < <(otel_since "$DRILL_WORK/otel-page.json" --busiest)
    otel=" ${o_db:--} ${o_commands:--} ${o_requests:-0} ${o_route:--}"
  fi
  grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ' >"$DRILL_WORK/last-errors" || true
  # No request finished within the run (each took longer than DURATION): not a measurement.
  if [[ $(awk '/requests in/ {print $1}' <<<"$out") == 0 ]]; then echo "no request finished in ${DURATION}s" >>"$DRILL_WORK/last-errors"; fi
  if [[ -s $DRILL_WORK/last-errors ]]; then
    invalid "$name: $(cat "$DRILL_WORK/last-errors")"
  fi
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")") $db_ms$otel"
}
status_of() { drill_curl -o /dev/null -w '%{http_code}' ${2:+-H "$2"} "$1" 2>/dev/null || echo 000; }

# cold DB SLUG PATH: median of COLD_SAMPLES first hits (ms): the trust's public-content stamp is renewed in the
# database (every instance's poller sees it within a second), then one anonymous request goes to one instance.
cold() {
  local db=$1 slug=$2 path=$3 times=() i
  for ((i = 0; i < COLD_SAMPLES; i++)); do
    q "$db" "UPDATE \"TrustCacheStamps\" SET \"PublicContent\" = gen_random_uuid() WHERE \"TrustId\" = (SELECT \"Id\" FROM \"Trusts\" WHERE \"Slug\" = '$slug')" >/dev/null
    sleep 1.5
    times+=("$(drill_curl -o /dev/null -w '%{time_total}' "https://127.0.0.1:$s1/$slug$path")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] * 1000 }'
}

# signin_script SLUG EMAIL: a wrk script that posts the sign-in form (with a valid antiforgery pair) again and again.
signin_script() {
  local slug=$1 email=$2 jar=$DRILL_WORK/jar-$1 token cookie file=$DRILL_WORK/signin-$1.lua
  token=$(drill_curl -c "$jar" "$P/account/sign-in" | grep -o 'name="__RequestVerificationToken"[^>]*' | head -1 | sed -n 's/.*value="\([^"]*\)".*/\1/p')
  cookie=$(awk -F'\t' 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
  local body
  body=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlencode({"Email": sys.argv[1], "Password": sys.argv[2], "RememberMe": "false", "__RequestVerificationToken": sys.argv[3]}))' "$email" "$DRILL_PASSWORD" "$token")
  cat >"$file" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$cookie"
LUA
  # One try by hand: a real sign-in answers 302 to /start (a 200 is the form again, with an error).
  local answer
  answer=$(drill_curl -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$P/account/sign-in")
  [[ $answer == 302* ]] || invalid "sign-in for $email answered $answer"
  echo "$file"
}

# signin_as EMAIL: the driver's sign-in (the cookie header on stdout); a refusal stops the run with the driver's reason.
signin_as() {
  drill_driver signin "$P" --email "$1" 2>"$DRILL_WORK/signin.err" || { drill_log "FAIL: $1 could not sign in: $(tail -3 "$DRILL_WORK/signin.err")"; exit 1; }
}

# measure LABEL DB SLUG URN: every page kind of one trust; appends "LABEL|kind|rps|p50|p99|pg-db-ms|otel-db-ms|
# otel-commands|otel-requests|route" rows to $results (a first hit and the saves: "LABEL|kind|figure|||").
results=$DRILL_WORK/results.txt
: >"$results"
measure() {
  local label=$1 db=$2 slug=$3 urn=$4 staff head trustee r
  drill_log "measuring $label ($slug on $db)"
  STATS_DB=$db OTEL_PAGES=1
  staff=$(signin_as "staff.1@$slug.example")
  head=$(signin_as "head.$urn@$slug.example")
  trustee=$(signin_as "trustee.1@$slug.example")
  local -a rows=(
    "home, anonymous, cached|/$slug|"
    "vision, anonymous, cached|/$slug/vision-and-values|"
    "staff page, signed in|/$slug/staff|$staff"
    "head's progress page|/$slug/progress/$urn|$head"
    "trustees' dashboard|/$slug/board|$trustee"
  )
  local row kind path cookie
  for row in "${rows[@]}"; do
    IFS='|' read -r kind path cookie <<<"$row"
    [[ $(status_of "$P$path" "$cookie") == 200 ]] || invalid "$label $kind: $path did not answer 200"
    echo "$label|$kind|$(wrk_page "$label $kind" "$P$path" "$cookie" | tr ' ' '|')" >>"$results"
  done
  echo "$label|home, anonymous, first hit (ms)|$(cold "$db" "$slug" "")|||" >>"$results"
  echo "$label|vision, anonymous, first hit (ms)|$(cold "$db" "$slug" /vision-and-values)|||" >>"$results"
  # Progress saves: one head saving one update after another for DURATION seconds (saves/s).
  local out acks=$DRILL_WORK/acks-$label
  out=$(dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" stream --base "$P" --cert "$DRILL_WORK/cert.pem" --keys "$DRILL_WORK/keys.txt" \
    --password-stdin --email "head.$urn@$slug.example" --trust "$slug" --urn "$urn" --ack-log "$acks" --duration "$DURATION" \
    --label "scale-$label" <<<"$DRILL_PASSWORD" 2>>"$DRILL_WORK/stream.err") || invalid "$label progress saves: $out"
  echo "$label|progress save (one head, saves/s)|$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } } END { printf "%.2f", v["acked"] / v["seconds"] }' <<<"$out")|||" >>"$results"
  echo "$label|sign-in (staff, 2 connections)|$(wrk_page "$label sign-in" "$P/account/sign-in" "" 2 "$(signin_script "$slug" "staff.1@$slug.example")" | tr ' ' '|')" >>"$results"
  STATS_DB= OTEL_PAGES=
}

