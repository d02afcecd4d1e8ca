#!/usr/bin/env bash
# Where one instance spends a page's time: starts one portal instance (Release, Production, HTTPS) on a database the
# scale benchmark generated (run.sh first: it leaves the databases and the key-ring certificate in $SCALE_HOME), reads
# the page with wrk while dotnet-trace samples the instance's threads, and prints the hottest frames (CPU only).
#
# Usage: [SCALE=full] [DB=solo_a] [SLUG=nation-0001] [PAGE=/board] [AS=trustee.1] [CONNS=8] bash bench/scale/profile.sh
#   DRILL_BUILD  a folder with portal/ and driver/ published in Release (default: a fresh publish)
# Prints the page's size, wrk's figures (req/s, p50, p99) and the frames where CPU time was spent, exclusive and
# inclusive; the trace stays in the working folder it names (open it in speedscope.app or PerfView).
set -euo pipefail
. "$(dirname "$0")/../reliability/lib.sh"
drill_init profile
SCALE=${SCALE:-full} DB=${DB:-solo_a} PAGE=${PAGE:-/board} AS=${AS:-trustee.1} CONNS=${CONNS:-8}
SCALE_HOME=${SCALE_HOME:-/var/tmp/trustportal-scale}
home=$SCALE_HOME/$SCALE
[[ -f $home/dp-cert.pem && -f $home/$DB.done ]] || drill_fail "run SCALE=$SCALE bash bench/scale/run.sh first (no $DB in $home)"
drill_need wrk curl python3 pg_ctlcluster:postgresql
command -v dotnet-trace >/dev/null || [[ -x $HOME/.dotnet/tools/dotnet-trace ]] || dotnet tool install -g dotnet-trace --version 10.0.750501 >/dev/null
trace_tool=$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")
drill_publish
drill_env
export DataProtection__Certificate__Path="$home/dp-cert.pem" DataProtection__Certificate__KeyPath="$home/dp-key.pem"
export Accounts__RateLimits__PerAddressPerMinute=100000000 Accounts__RateLimits__PerAccountPerMinute=100000000
DRILL_PG_BIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin
DRILL_PG_DATA=$home/pg/data DRILL_PG_SOCKET=$home/pg/socket DRILL_PG_PORT=$(drill_ports 1)
drill_as_postgres "$DRILL_PG_BIN/pg_ctl" -D "$DRILL_PG_DATA" -l "$home/pg/server.log" -w -t 120 \
  -o "-p $DRILL_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DRILL_PG_SOCKET -c shared_buffers=256MB" start >/dev/null
drill_use_postgres "$DB"
SLUG=${SLUG:-$(drill_psql "$DB" -tAc "SELECT \"Slug\" FROM \"Trusts\" WHERE \"Slug\" LIKE 'nation-%' ORDER BY \"Slug\" LIMIT 1")}
read -r port < <(drill_ports 1)
drill_start I1 "https://127.0.0.1:$port"
base=https://127.0.0.1:$port
touch "$home/keys-$DB.txt"; ln -sfn "$home/keys-$DB.txt" "$DRILL_WORK/keys.txt"
cookie=$(drill_driver signin "$base" --email "$AS@$SLUG.example")
url=$base/$SLUG$PAGE
drill_log "$url: $(drill_curl -H "$cookie" -o /dev/null -w '%{http_code}, %{size_download} bytes' "$url")"
wrk -t2 -c"$CONNS" -d5s -H "$cookie" "$url" >/dev/null
( sleep 1; "$trace_tool" collect -p "$(drill_pid I1)" --profile dotnet-sampled-thread-time --duration 00:00:00:12 \
    -o "$DRILL_WORK/trace.nettrace" >"$DRILL_WORK/trace.out" 2>&1 ) &
tracer=$!
wrk -t2 -c"$CONNS" -d15s --latency -H "$cookie" "$url" | grep -E 'Requests/sec|  50%|  99%'
wait "$tracer"
"$trace_tool" convert "$DRILL_WORK/trace.nettrace" --format Speedscope -o "$DRILL_WORK/trace.speedscope.json" >/dev/null
python3 "$(dirname "$0")/profile-top.py" "$DRILL_WORK/trace.speedscope.speedscope.json"
mkdir -p "$home/profiles"; cp "$DRILL_WORK/trace.speedscope.speedscope.json" "$home/profiles/$(date -u +%H%M)-$DB${PAGE//\//_}.speedscope.json"
drill_log "trace kept in $home/profiles/"
