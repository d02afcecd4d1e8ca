#!/usr/bin/env bash
# Backup drill: for SQLite and for PostgreSQL, the portal (Release, Production) takes a headteacher's stream of
# progress updates while scripts/backup/backup-*.sh backs its database up; the backup is then restored into a new
# database with scripts/backup/restore-*.sh, which compares the row count of every table with the backup's own
# snapshot. Also checks that every update acknowledged before the backup started is in the restored database.
# Exit 1 on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
drill_init backup
drill_need sqlite3 openssl curl
drill_publish
drill_env
port=$(drill_ports 1)
base=https://127.0.0.1:$port
results=()

# run_backup PROVIDER BACKUP_COMMAND... : stream, back up mid-stream, stop; sets before_backup (acks file copy).
under_load() {
  local name=$1; shift
  drill_data
  drill_start "$name" "$base"
  drill_stream "$name" "$base" "$DRILL_WORK/acks-$name.tsv" --retry-seconds 30
  drill_wait_acks "$DRILL_WORK/acks-$name.tsv" 10 "$DRILL_STREAM_PID"
  cp "$DRILL_WORK/acks-$name.tsv" "$DRILL_WORK/before-$name.tsv"
  local start
  start=$(drill_now_ms)
  "$@"
  backup_ms=$(( $(drill_now_ms) - start ))
  drill_wait_acks "$DRILL_WORK/acks-$name.tsv" $(( $(wc -l <"$DRILL_WORK/acks-$name.tsv") + 5 )) "$DRILL_STREAM_PID"
  touch "$DRILL_WORK/stop-$name"
  wait "$DRILL_STREAM_PID" || drill_fail "the $name stream reported errors: $(cat "$DRILL_WORK/stream-$name.out")"
  drill_log "$name stream: $(cat "$DRILL_WORK/stream-$name.out")"
  drill_stop "$name"
}

echo "== SQLite: backup-sqlite.sh while the portal writes, restore-sqlite.sh into a new file"
drill_use_sqlite "$DRILL_WORK/portal.db"
under_load sqlite scripts/backup/backup-sqlite.sh "$DRILL_WORK/portal.db" "$DRILL_WORK/backup.db"
echo "(backup took $backup_ms ms with the stream running)"
scripts/backup/restore-sqlite.sh "$DRILL_WORK/backup.db" "$DRILL_WORK/restored.db" || drill_fail "SQLite restore differs from its backup"
read -r total found missing doubled receipts < <(drill_check_acks "$DRILL_WORK/before-sqlite.tsv" "$DRILL_WORK/restored.db")
echo "updates acknowledged before the backup began: $total, in the restored database: $found"
(( total > 0 && found == total )) || drill_fail "SQLite: $missing updates acknowledged before the backup are not in the restore"
results+=("SQLite: backup ${backup_ms} ms under load, restore identical, $found/$total earlier updates present")

echo "== PostgreSQL: backup-postgres.sh while the portal writes, restore-postgres.sh into a new database"
drill_pg_init
drill_use_postgres
export PGPASSWORD=$DRILL_PASSWORD
server="host=127.0.0.1 port=$DRILL_PG_PORT user=trustportal"
under_load postgres scripts/backup/backup-postgres.sh "$server dbname=trustportal" "$DRILL_WORK/backup.dump"
echo "(backup took $backup_ms ms with the stream running)"
scripts/backup/restore-postgres.sh "$DRILL_WORK/backup.dump" "$server dbname=postgres" trustportal_restored \
  || drill_fail "PostgreSQL restore differs from its backup"
read -r total found missing doubled receipts < <(drill_check_acks "$DRILL_WORK/before-postgres.tsv" trustportal_restored)
echo "updates acknowledged before the backup began: $total, in the restored database: $found"
(( total > 0 && found == total )) || drill_fail "PostgreSQL: $missing updates acknowledged before the backup are not in the restore"
results+=("PostgreSQL: backup ${backup_ms} ms under load, restore identical, $found/$total earlier updates present")

printf '%s\n' "${results[@]}"
drill_pass "${results[*]}"
