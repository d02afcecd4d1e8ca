#!/usr/bin/env bash
# Online backup of the portal's SQLite database while the portal keeps running.
#
#   scripts/backup/backup-sqlite.sh <database file> [backup file]
#
# Uses SQLite's online backup API (the sqlite3 shell's .backup): one consistent snapshot of the database, including
# what is still in the write-ahead log (-wal file), taken under a read transaction, so the portal's writers are not
# blocked and nothing half-written is copied. Never copy trustportal.db with cp while the portal runs: the newest
# commits live in trustportal.db-wal until a checkpoint, and a copy of the main file alone can lose them.
#
# Writes <backup file> (default: trustportal-YYYYMMDDTHHMMSSZ.db beside the database) and <backup file>.counts (rows
# per table in the backup, for restore-sqlite.sh to check against), checks the backup's integrity and prints a summary.
# Exit code 0 when the backup is complete and passes PRAGMA integrity_check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if [[ $# -lt 1 || $# -gt 2 || $1 == -h || $1 == --help ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
source_db=$1
[[ -f $source_db ]] || { echo "No database file at $source_db" >&2; exit 2; }
backup=${2:-$(dirname "$source_db")/trustportal-$(date -u +%Y%m%dT%H%M%SZ).db}
[[ -e $backup ]] && { echo "$backup already exists; choose a new name" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 2; }

start=$(date +%s%N)
# .timeout: wait (up to 30 s) rather than fail if a writer holds a lock at the very moment the read starts.
sqlite3 "$source_db" ".timeout 30000" ".backup '$backup'"
ms=$(( ($(date +%s%N) - start) / 1000000 ))

result=$(sqlite3 "$backup" "PRAGMA integrity_check;")
if [[ $result != ok ]]; then
  echo "FAIL: the backup does not pass PRAGMA integrity_check: $result" >&2
  exit 1
fi
# The backup copy is a plain database (journal_mode is kept as WAL; a reader needs no -wal file to open it).
tables=$(sqlite3 "$backup" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;")
: >"$backup.counts"
while IFS= read -r table; do
  [[ -z $table ]] && continue
  printf '%s\t%s\n' "$table" "$(sqlite3 "$backup" "SELECT COUNT(*) FROM \"$table\";")" >>"$backup.counts"
done <<<"$tables"
LC_ALL=C sort -o "$backup.counts" "$backup.counts"
rows=$(awk -F '\t' '{ s += $2 } END { print s + 0 }' "$backup.counts")
echo "backup: $backup ($(du -h "$backup" | cut -f1), $(wc -l <"$backup.counts") tables, $rows rows, ${ms} ms, integrity ok)"
echo "row counts: $backup.counts"
