#!/usr/bin/env bash
# Shared by the backup and restore scripts: row-count manifests and their comparison.
# A manifest is a tab-separated file of "table<TAB>rows" lines, sorted by table name.

backup_log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# compare_counts EXPECTED ACTUAL: prints one line per table (expected rows, restored rows, OK/DIFFERENT) and
# returns 1 when any table differs or is missing on either side.
compare_counts() {
  local expected=$1 actual=$2
  LC_ALL=C join -t $'\t' -a 1 -a 2 -e MISSING -o 0,1.2,2.2 "$expected" "$actual" | awk -F '\t' '
    BEGIN { printf "%-34s %12s %12s  %s\n", "table", "backup", "restored", "result"; bad = 0; n = 0 }
    {
      n++
      ok = ($2 == $3 && $2 != "MISSING")
      if (!ok) bad++
      printf "%-34s %12s %12s  %s\n", $1, $2, $3, ok ? "OK" : "DIFFERENT"
    }
    END {
      if (n == 0) { print "no tables compared"; exit 1 }
      printf "%d tables, %d different\n", n, bad
      exit bad > 0 ? 1 : 0
    }'
}
