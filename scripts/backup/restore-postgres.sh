#!/usr/bin/env bash
# Restores a backup made by backup-postgres.sh into a NEW database and proves it: every table must have exactly the
# row count recorded in the backup's snapshot.
#
#   scripts/backup/restore-postgres.sh <backup file> "<libpq connection string of the server>" <new database name>
#   e.g. scripts/backup/restore-postgres.sh trustportal-20261122T180000Z.dump "host=db.internal user=postgres" trustportal_restored
#
# The new database must not exist (a restore never overwrites one); the connecting role needs CREATEDB. Objects are
# restored owned by that role (--no-owner, --no-privileges): grant the portal's role what it needs, or connect as the
# portal's role. To put it into service, point ConnectionStrings__TrustPortal at the new database (or rename databases
# while the portal is stopped). Prints a table (table, rows in backup, rows restored, OK/DIFFERENT); exit 1 on any
# difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if [[ $# -ne 3 || $1 == -h || $1 == --help ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
backup=$1 conn=$2 target=$3
[[ -f $backup ]] || { echo "No backup at $backup" >&2; exit 2; }
[[ -f $backup.counts ]] || { echo "No row counts at $backup.counts (made by backup-postgres.sh)" >&2; exit 2; }
[[ $target =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || { echo "Database name: letters, digits and _ only" >&2; exit 2; }

exists=$(psql "$conn" -X -qAt -c "SELECT 1 FROM pg_database WHERE datname = '$target'")
[[ -z $exists ]] || { echo "Database $target already exists: restore into a new one" >&2; exit 2; }
psql "$conn" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$target\""
target_conn="$conn dbname=$target"
start=$(date +%s%N)
pg_restore --dbname="$target_conn" --exit-on-error --no-owner --no-privileges "$backup"
ms=$(( ($(date +%s%N) - start) / 1000000 ))

actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
psql "$target_conn" -X -qAt -F $'\t' -v ON_ERROR_STOP=1 >"$actual" <<'SQL'
SELECT format('SELECT %L, count(*) FROM %I.%I;', table_name, table_schema, table_name)
FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
ORDER BY table_name \gexec
SQL
LC_ALL=C sort -o "$actual" "$actual"

echo "restored $backup into database $target in ${ms} ms"
if compare_counts "$backup.counts" "$actual"; then
  echo "PASS: every table of the restored database has the backup's row count"
else
  echo "FAIL: the restored database differs from the backup"
  exit 1
fi
