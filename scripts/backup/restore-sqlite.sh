#!/usr/bin/env bash
# Restores a backup made by backup-sqlite.sh into a NEW database file and proves it: the restored database must pass
# PRAGMA integrity_check and have exactly the row counts recorded when the backup was taken, table by table.
#
#   scripts/backup/restore-sqlite.sh <backup file> <new database file>
#
# The new file must not exist (a restore never overwrites a database). To put a restored database into service, stop
# the portal, move the old trustportal.db, -wal and -shm files aside, move the restored file in as trustportal.db and
# start the portal. Prints a table (table, rows in backup, rows restored, OK/DIFFERENT); exit code 1 on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if [[ $# -ne 2 || $1 == -h || $1 == --help ]]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
backup=$1 target=$2
[[ -f $backup ]] || { echo "No backup at $backup" >&2; exit 2; }
[[ -f $backup.counts ]] || { echo "No row counts at $backup.counts (made by backup-sqlite.sh)" >&2; exit 2; }
for f in "$target" "$target-wal" "$target-shm"; do
  [[ -e $f ]] && { echo "$f already exists: restore into a new file" >&2; exit 2; }
done

# .restore copies the backup page by page into the new database through the same online backup API.
sqlite3 "$target" ".restore '$backup'"
result=$(sqlite3 "$target" "PRAGMA integrity_check;")
[[ $result == ok ]] || { echo "FAIL: the restored database does not pass PRAGMA integrity_check: $result" >&2; exit 1; }

actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
while IFS= read -r table; do
  [[ -z $table ]] && continue
  printf '%s\t%s\n' "$table" "$(sqlite3 "$target" "SELECT COUNT(*) FROM \"$table\";")" >>"$actual"
done < <(sqlite3 "$target" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;")
LC_ALL=C sort -o "$actual" "$actual"

echo "restored $backup into $target"
if compare_counts "$backup.counts" "$actual"; then
  echo "PASS: every table of the restored database has the backup's row count"
else
  echo "FAIL: the restored database differs from the backup"
  exit 1
fi
