#!/usr/bin/env bash
# Runs backup-sqlserver.sql (or, with --restore, restore-sqlserver.sql) through sqlcmd. For SQL Server on a server or
# VM; Azure SQL Database takes its own backups (docs/operations.md). Cannot run on the development machines (no SQL
# Server there): the scripts are plain T-SQL, reviewed against the documentation of BACKUP and RESTORE.
#
#   scripts/backup/backup-sqlserver.sh <server> <database> <backup file on the server> [--full]
#       COPY_ONLY backup unless --full; exit 1 if the backup or RESTORE VERIFYONLY fails.
#   scripts/backup/backup-sqlserver.sh --restore <server> <backup file> <new database> <source database> <data folder>
#       restores into a new database and compares every table's row count with the source; exit 1 on any difference.
#
# Authentication: Windows/integrated (-E) by default; set SQLCMD_AUTH="-U user" and SQLCMDPASSWORD for SQL logins.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v sqlcmd >/dev/null || { echo "sqlcmd is missing: install mssql-tools18 (Microsoft's package) or use SSMS with the .sql files" >&2; exit 2; }
auth=${SQLCMD_AUTH:--E}
if [[ ${1:-} == --restore ]]; then
  [[ $# -eq 6 ]] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
  # shellcheck disable=SC2086
  exec sqlcmd -S "$2" $auth -b -v Backup="$3" Target="$4" Source="$5" DataFolder="$6" -i "$here/restore-sqlserver.sql"
fi
[[ $# -ge 3 && $# -le 4 ]] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
copy_only=1
[[ ${4:-} == --full ]] && copy_only=0
# shellcheck disable=SC2086
exec sqlcmd -S "$1" $auth -b -v Database="$2" BackupFile="$3" CopyOnly="$copy_only" -i "$here/backup-sqlserver.sql"
