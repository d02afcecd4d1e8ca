#!/usr/bin/env bash
# Issue 19, part 4: connection pooling with a small PostgreSQL max_connections. Three instances behind nginx share one
# server whose max_connections is PG_MAX_CONNECTIONS (default 30). Under the same load (wrk through nginx on trust A's
# staff page: signed in, so the session check reads the database on every request; and on its trustees' dashboard) it
# compares: Npgsql's default pool (100 per instance, more than the server allows), the Npgsql pool sized per instance
# (what the server allows, shared by three), and pgbouncer (Debian's package) in transaction mode in front of the
# server. Prints req/s, p99 and errors for each at each load level (method and choice: docs/adr/0171).
# Usage: [SCALE=tenth] [PG_MAX_CONNECTIONS=30] [LEVELS="48 144"] [DURATION=10] bash bench/scale/pooling.sh
set -euo pipefail
. "$(dirname "$0")/../reliability/lib.sh"
drill_init pooling
PG_MAX_CONNECTIONS=${PG_MAX_CONNECTIONS:-30}
. "$(dirname "$0")/lib.sh"
drill_need pgbouncer
LEVELS=${LEVELS:-"48 144"}
# superuser_reserved_connections (3) and two for an operator's psql stay free: the rest is the portal's.
usable=$(( PG_MAX_CONNECTIONS - 5 ))
per_instance=$(( usable / 3 ))

pgb=$DRILL_WORK/pgbouncer
mkdir -p "$pgb"
pgb_port=$(drill_ports 1)
cat >"$pgb/pgbouncer.ini" <<INI
[databases]
nation = host=127.0.0.1 port=$DRILL_PG_PORT dbname=nation

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pgb_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $pgb/userlist.txt
pool_mode = transaction
; every server connection the portal may have, shared by all instances and all their clients
default_pool_size = $usable
max_db_connections = $usable
max_client_conn = 2000
; transaction pooling: no session state survives a transaction, so nothing to reset
server_reset_query =
ignore_startup_parameters = extra_float_digits
logfile = $pgb/pgbouncer.log
pidfile = $pgb/pgbouncer.pid
INI
printf '"trustportal" "%s"\n' "$DRILL_PASSWORD" >"$pgb/userlist.txt"
[[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$pgb"
# pgbouncer refuses to run as root; as the postgres user, in the foreground, owned by this script.
(exec runuser -u postgres -- pgbouncer "$pgb/pgbouncer.ini") &
DRILL_PIDS+=("$!")
until (exec 3<>"/dev/tcp/127.0.0.1/$pgb_port") 2>/dev/null; do sleep 0.1; done
drill_log "pgbouncer (transaction mode, $usable server connections) on 127.0.0.1:$pgb_port"

report=$DRILL_WORK/pooling.txt
: >"$report"
run_mode() { # run_mode NAME: the load levels against the instances as they are configured now
  local name=$1 level staff trustee
  start_all nation
  staff=$(signin_as "staff.1@$a_slug.example")
  trustee=$(signin_as "trustee.1@$a_slug.example")
  for level in $LEVELS; do
    for page in staff board; do
      local cookie=$staff path=/$a_slug/staff
      [[ $page == board ]] && cookie=$trustee path=/$a_slug/board
      local figures errors
      figures=$(wrk_page "$name $page" "$P$path" "$cookie" "$level" | tr ' ' '|')
      errors=$(cat "$DRILL_WORK/last-errors"); errors=${errors:-none}
      echo "$name|$page|$level|$figures|$errors" >>"$report"
      drill_log "$name $page at $level connections: $figures ($errors)"
    done
  done
  local backends
  backends=$(q postgres "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = 'nation'")
  echo "$name|server connections to nation at the end: $backends" >>"$report"
}

DB_PORT= DB_EXTRA="Maximum Pool Size=100" run_mode "npgsql default pool (100 per instance)"
DB_PORT= DB_EXTRA="Maximum Pool Size=$per_instance" run_mode "npgsql pool sized ($per_instance per instance)"
# Through pgbouncer the instances do not migrate at start-up: migrations go over a direct connection (ADR 0171), and the
# generator has migrated the database already.
Database__MigrateOnStartup=false DB_PORT=$pgb_port DB_EXTRA="Maximum Pool Size=100;No Reset On Close=true;Multiplexing=false" \
  run_mode "pgbouncer transaction mode ($usable server connections)"

echo
echo "Connection pooling  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "SCALE=$SCALE nation; PostgreSQL max_connections=$PG_MAX_CONNECTIONS; 3 instances behind nginx; wrk -t2 -d${DURATION}s; trust A $a_slug"
printf '%-48s %-6s %6s %10s %9s %9s  %s\n' mode page conns req/s "p50 ms" "p99 ms" errors
while IFS='|' read -r mode page level rps p50 p99 _ errors; do
  if [[ -z ${level:-} ]]; then echo "  ($page)"; continue; fi
  printf '%-48s %-6s %6s %10s %9s %9s  %s\n' "$mode" "$page" "$level" "$rps" "$p50" "$p99" "$errors"
done <"$report"
