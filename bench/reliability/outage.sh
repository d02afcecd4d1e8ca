#!/usr/bin/env bash
# Database outage drill: the portal (Release, Production) on a PostgreSQL server of the drill's own, under load
# (wrk on a signed-in page, a headteacher's stream of progress updates, a poller every 100 ms). PostgreSQL is stopped
# for 10 s and started again. Checks: meanwhile every answer is the friendly 503 page with Retry-After (no 500, no
# dropped connection); the portal recovers by itself (time from the database being back to the first 200 is
# printed); every acknowledged update is in the database exactly once; re-posting acknowledged forms after the outage
# (same idempotency key) records nothing twice. Exit 1 on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
drill_init outage
drill_need wrk openssl curl
drill_publish
drill_pg_init
drill_env
drill_use_postgres
drill_data
port=$(drill_ports 1)
base=https://127.0.0.1:$port
page=/$DRILL_TRUST/progress/$DRILL_URN
drill_start A "$base"

acks=$DRILL_WORK/acks.tsv
drill_stream main "$base" "$acks" --retry-seconds 90 --replay 10
stream=$DRILL_STREAM_PID
drill_wait_acks "$acks" 10 "$stream"
cookie=$(drill_driver signin "$base" --email "$DRILL_HEAD")

poll_log=$DRILL_WORK/poll.log
(
  while [[ ! -f $DRILL_WORK/stop-poll ]]; do
    t=$(drill_now_ms)
    code=$(curl -sS --cacert "$DRILL_WORK/cert.pem" -H "$cookie" --max-time 10 -o "$DRILL_WORK/poll.body" -D "$DRILL_WORK/poll.headers" \
      -w '%{http_code}' "$base$page" 2>/dev/null) || code=000
    retry=$(grep -i '^retry-after:' "$DRILL_WORK/poll.headers" 2>/dev/null | tr -d '\r' | awk '{print $2}' || true)
    friendly=$(grep -c 'Sorry, the portal is unavailable' "$DRILL_WORK/poll.body" 2>/dev/null || true)
    echo "$t $code ${retry:--} ${friendly:-0}" >>"$poll_log"
    sleep 0.1
  done
) &
DRILL_PIDS+=("$!")
wrk -t1 -c4 -d40s -H "$cookie" "$base$page" >"$DRILL_WORK/wrk.out" 2>&1 &
wrk_pid=$!
DRILL_PIDS+=("$wrk_pid")

sleep 4
t_down=$(drill_now_ms)
drill_pg_stop
sleep 10
drill_pg_start
t_up=$(drill_now_ms)
drill_log "PostgreSQL back after $(( t_up - t_down )) ms"

deadline=$(( t_up + 30000 ))
recovered=
until [[ -n $recovered ]]; do
  recovered=$(awk -v up="$t_up" '$1 >= up && $2 == 200 { print $1 - up; exit }' "$poll_log")
  [[ -n $recovered ]] && break
  (( $(drill_now_ms) > deadline )) && drill_fail "no 200 within 30 s of the database coming back"
  sleep 0.1
done
drill_wait_acks "$acks" $(( $(wc -l <"$acks") + 10 )) "$stream"
touch "$DRILL_WORK/stop-main" "$DRILL_WORK/stop-poll"
stream_status=0
wait "$stream" || stream_status=$?
wait "$wrk_pid" || true
summary=$(cat "$DRILL_WORK/stream-main.out")
[[ -s $DRILL_WORK/stream-main.err ]] && sed 's/^/  stream: /' "$DRILL_WORK/stream-main.err" >&2

read -r total found missing doubled receipts < <(drill_check_acks "$acks")
# The poller's view: every answer is 200, or 503 with Retry-After and the friendly page.
read -r polls ok503 bad < <(awk '{ n++ } $2 == 503 && $3 != "-" && $4 > 0 { f++ } !($2 == 200 || ($2 == 503 && $3 != "-" && $4 > 0)) { b++ }
  END { print n + 0, f + 0, b + 0 }' "$poll_log")
first503=$(awk -v down="$t_down" '$1 >= down && $2 == 503 { print $1 - down; exit }' "$poll_log")
statuses=$(drill_statuses A | tr '\n' ' ')
errors5xx=$(drill_statuses A | awk '$1 >= 500 && $1 != 503 { s += $2 } END { print s + 0 }')
wrk_line=$(grep -E 'requests in' "$DRILL_WORK/wrk.out" | sed 's/^ *//')
wrk_non2xx=$(grep -E 'Non-2xx' "$DRILL_WORK/wrk.out" | sed 's/^ *//' || true)

echo "outage drill: PostgreSQL stopped for $(( t_up - t_down )) ms under load"
echo "poller (every 100 ms): $polls answers, $ok503 friendly 503 with Retry-After, $bad other failures; first 503 ${first503:-?} ms after the stop"
echo "recovery: first 200 ${recovered} ms after PostgreSQL was back"
echo "wrk: ${wrk_line:-?}${wrk_non2xx:+; $wrk_non2xx}"
echo "portal request log, by status: $statuses"
echo "stream: $summary"
echo "acknowledged: $total, found once: $found, missing: $missing, recorded twice: $doubled, receipts: $receipts"

[[ $stream_status -eq 0 ]] || drill_fail "the stream reported errors (exit $stream_status)"
(( bad == 0 )) || drill_fail "$bad answers during the drill were neither 200 nor the friendly 503"
(( ok503 > 0 )) || drill_fail "the poller never saw the friendly 503: was the database really down?"
(( errors5xx == 0 )) || drill_fail "$errors5xx responses with a 5xx other than 503 in the portal's log"
(( recovered <= 10000 )) || drill_fail "recovery took ${recovered} ms (limit 10 s)"
(( total > 0 && missing == 0 && doubled == 0 && found == total && receipts == total )) || drill_fail "$missing acknowledged updates missing, $doubled recorded twice"
grep -q 'replayed=10/10' <<<"$summary" || drill_fail "the re-posted forms were not all acknowledged"
drill_pass "503 with Retry-After during the outage, first 200 ${recovered} ms after the database was back, $total acknowledged = $found found, 10 re-posts recorded once"
