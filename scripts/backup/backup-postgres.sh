#!/usr/bin/env bash
# Backup of the portal's PostgreSQL database with pg_dump (custom format), safe while the portal runs.
#
#   scripts/backup/backup-postgres.sh "<libpq connection string>" [backup file]
#   e.g. scripts/backup/backup-postgres.sh "host=db.internal port=5432 dbname=trustportal user=trustportal_backup"
#
# Password from PGPASSWORD or ~/.pgpass (never on the command line). pg_dump reads the whole database in one
# repeatable-read snapshot, so the dump is consistent however busy the portal is. The row counts of every table are
# taken in that very snapshot (exported with pg_export_snapshot and handed to pg_dump --snapshot) and written to
# <backup file>.counts, so restore-postgres.sh can prove a restore has exactly what the backup has.
# Default backup file: trustportal-YYYYMMDDTHHMMSSZ.dump in the current folder. pg_dump must be the server's
# version or newer.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if [[ $# -lt 1 || $# -gt 2 || $1 == -h || $1 == --help ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
conn=$1
backup=${2:-trustportal-$(date -u +%Y%m%dT%H%M%SZ).dump}
[[ -e $backup ]] && { echo "$backup already exists; choose a new name" >&2; exit 2; }

# A session that holds the snapshot open while pg_dump uses it.
coproc SNAP { psql "$conn" -X -qAt -F $'\t' -v ON_ERROR_STOP=1 2>&1; }
exec {to}>&"${SNAP[1]}" {from}<&"${SNAP[0]}"
# \q ends psql (and with it the snapshot's transaction) even though the coprocess's input stays open.
finish() { printf 'ROLLBACK;\n\\q\n' >&"$to" 2>/dev/null || true; wait "$SNAP_PID" 2>/dev/null || true; }
trap finish EXIT
cat >&"$to" <<'SQL'
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT 'snapshot', pg_export_snapshot();
SQL
IFS=$'\t' read -r tag snapshot <&"$from" || true
[[ $tag == snapshot && -n $snapshot ]] || { echo "FAIL: could not open a snapshot on the server: $tag $snapshot" >&2; exit 1; }
cat >&"$to" <<'SQL'
SELECT format('SELECT %L, count(*) FROM %I.%I;', table_name, table_schema, table_name)
FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
ORDER BY table_name \gexec
SELECT '__end__', 0;
SQL
: >"$backup.counts"
while IFS=$'\t' read -r table rows <&"$from"; do
  [[ $table == __end__ ]] && break
  [[ $rows =~ ^[0-9]+$ ]] || { echo "FAIL: counting rows: $table $rows" >&2; exit 1; }
  printf '%s\t%s\n' "$table" "$rows" >>"$backup.counts"
done
LC_ALL=C sort -o "$backup.counts" "$backup.counts"

start=$(date +%s%N)
pg_dump "$conn" --format=custom --snapshot="$snapshot" --file="$backup"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
pg_restore --list "$backup" >/dev/null || { echo "FAIL: pg_restore cannot read the backup" >&2; exit 1; }
rows=$(awk -F '\t' '{ s += $2 } END { print s + 0 }' "$backup.counts")
echo "backup: $backup ($(du -h "$backup" | cut -f1), $(wc -l <"$backup.counts") tables, $rows rows in the snapshot, ${ms} ms)"
echo "row counts: $backup.counts"
