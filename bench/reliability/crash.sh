#!/usr/bin/env bash
# Crash drill: the portal (Release, Production, SQLite in WAL mode) takes a stream of progress updates from a
# headteacher; it is killed with SIGKILL mid-stream three times and started again each time. Afterwards every update
# the portal had acknowledged (redirect after the POST) must be in the database exactly once.
# Prints acknowledged vs found and PASS/FAIL; exit 1 on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
drill_init crash
drill_need sqlite3 openssl curl
drill_publish
drill_env
db=$DRILL_WORK/portal.db
drill_use_sqlite "$db"
drill_data
port=$(drill_ports 1)
base=https://127.0.0.1:$port
drill_start A "$base"

acks=$DRILL_WORK/acks.tsv
: >"$acks"
acked() { wc -l <"$acks"; }
wait_for_acks() {
  local want=$1 deadline=$(( $(drill_now_ms) + 60000 ))
  until (( $(acked) >= want )); do
    (( $(drill_now_ms) > deadline )) && drill_fail "the stream stalled at $(acked) acknowledged updates (wanted $want)"
    kill -0 "$stream" 2>/dev/null || { cat "$DRILL_WORK/stream.err" >&2; drill_fail "the stream ended early"; }
    sleep 0.05
  done
}

drill_driver stream "$base" --email "$DRILL_HEAD" --trust "$DRILL_TRUST" --urn "$DRILL_URN" --ack-log "$acks" \
  --duration 300 --stop-file "$DRILL_WORK/stop" --retry-seconds 90 --label crash >"$DRILL_WORK/stream.out" 2>"$DRILL_WORK/stream.err" &
stream=$!
DRILL_PIDS+=("$stream")

restarts=()
for round in 1 2 3; do
  wait_for_acks $(( $(acked) + 15 + RANDOM % 20 ))
  before=$(acked)
  drill_stop A KILL
  drill_log "round $round: kill -9 after $before acknowledged updates"
  drill_start A "$base"
  restarts+=("$DRILL_STARTED_MS")
done
wait_for_acks $(( $(acked) + 15 ))
touch "$DRILL_WORK/stop"
stream_status=0
wait "$stream" || stream_status=$?
summary=$(cat "$DRILL_WORK/stream.out")
drill_log "stream: $summary"
[[ -s $DRILL_WORK/stream.err ]] && sed 's/^/  stream: /' "$DRILL_WORK/stream.err" >&2
drill_stop A TERM

# Every acknowledged text, looked up in the progress history (one revision per save) and the form receipts.
read -r total found missing doubled receipts < <(sqlite3 -separator ' ' "$db" <<SQL
CREATE TEMP TABLE acked(text TEXT, key TEXT);
.mode tabs
.import $acks acked
.mode list
.separator ' '
SELECT COUNT(*), COALESCE(SUM(n = 1), 0), COALESCE(SUM(n = 0), 0), COALESCE(SUM(n > 1), 0),
       (SELECT COUNT(*) FROM acked a WHERE EXISTS (SELECT 1 FROM FormReceipts f WHERE UPPER(f.Key) = UPPER(a.key)))
FROM (SELECT a.text, (SELECT COUNT(*) FROM ProgressRevisions r WHERE r.WhatWasDone = a.text) AS n FROM acked a);
SQL
)
echo "crash drill: 3 x kill -9 mid-stream; restarts answered after ${restarts[*]} ms"
echo "acknowledged: $total, found once: $found, missing: $missing, recorded twice: $doubled, receipts: $receipts"
echo "stream: $summary"
[[ $stream_status -eq 0 ]] || drill_fail "the stream reported errors (exit $stream_status)"
(( total > 0 )) || drill_fail "no update was acknowledged"
(( missing == 0 && doubled == 0 && found == total && receipts == total )) || drill_fail "$missing acknowledged updates missing, $doubled recorded twice"
drill_pass "$total acknowledged updates, $found found after 3 kills (0 missing)"
