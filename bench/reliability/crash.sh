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
acked() { wc -l <"$acks"; }
drill_stream main "$base" "$acks" --retry-seconds 90
stream=$DRILL_STREAM_PID

restarts=()
for round in 1 2 3; do
  drill_wait_acks "$acks" $(( $(acked) + 15 + RANDOM % 20 )) "$stream"
  before=$(acked)
  drill_stop A KILL
  drill_log "round $round: kill -9 after $before acknowledged updates"
  drill_start A "$base"
  restarts+=("$DRILL_STARTED_MS")
done
drill_wait_acks "$acks" $(( $(acked) + 15 )) "$stream"
touch "$DRILL_WORK/stop-main"
stream_status=0
wait "$stream" || stream_status=$?
summary=$(cat "$DRILL_WORK/stream-main.out")
drill_log "stream: $summary"
[[ -s $DRILL_WORK/stream-main.err ]] && sed 's/^/  stream: /' "$DRILL_WORK/stream-main.err" >&2
drill_stop A TERM

# Every acknowledged text, looked up in the progress history (one revision per save) and the form receipts.
read -r total found missing doubled receipts < <(drill_check_acks "$acks")
echo "crash drill: 3 x kill -9 mid-stream; restarts answered after ${restarts[*]} ms"
echo "acknowledged: $total, found once: $found, missing: $missing, recorded twice: $doubled, receipts: $receipts"
echo "stream: $summary"
[[ $stream_status -eq 0 ]] || drill_fail "the stream reported errors (exit $stream_status)"
(( total > 0 )) || drill_fail "no update was acknowledged"
(( missing == 0 && doubled == 0 && found == total && receipts == total )) || drill_fail "$missing acknowledged updates missing, $doubled recorded twice"
drill_pass "$total acknowledged updates, $found found after 3 kills (0 missing)"
