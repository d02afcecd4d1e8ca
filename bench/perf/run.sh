#!/usr/bin/env bash
# Issue 8's benchmark: the portal in Release, Production environment (rolling JSON request log), HTTPS with a
# self-signed certificate, SQLite with a generated 50-school trust, measured with wrk on
# 127.0.0.1 beside a static file served by the same portal (the ceiling on this machine). Prints start-up times,
# a table of req/s, p50 and p99 with each row's ratio to the ceiling and its target, and resident memory during
# 5 minutes of mixed signed-in load. Exit code 1 when a measurement is invalid (a non-2xx answer, a failed sign-in,
# errors under load); a MISS against a target is reported, not an exit failure.
# Usage: bash bench/perf/run.sh [--quick]     (--quick: short runs for a smoke test)
set -euo pipefail
cd "$(dirname "$0")/../.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true
if $quick; then
  warm=2 duration=3 mem_total=60 mem_every=10
else
  warm=5 duration=15 mem_total=300 mem_every=30
fi
threads=2 connections=16

BENCH_WORK=$(mktemp -d)
export BENCH_WORK
# A few accounts suffice here (wrk replays one cookie per row); bench/load signs 50 people in.
BENCH_HEADS=${BENCH_HEADS:-3} BENCH_TRUSTEES=${BENCH_TRUSTEES:-2} BENCH_STAFF=${BENCH_STAFF:-3}
# shellcheck source=../lib.sh
source bench/lib.sh
trap 'bench_stop; rm -rf "$BENCH_WORK"' EXIT

BENCH_PORT=$(bench_free_port)
bench_need wrk:wrk sqlite3:sqlite3 openssl:openssl curl:curl
bench_publish
bench_env
bench_certificate
bench_log "start-up on a fresh database (migrations at start-up; Production loads no demo data)"
bench_fresh_startup
bench_database
bench_start
restart_ms=$BENCH_STARTUP_MS
bench_log "portal running (pid $BENCH_PID) on https://127.0.0.1:$BENCH_PORT"

base="https://127.0.0.1:$BENCH_PORT"
trust=$BENCH_TRUST
head_email=$(awk '$1 == "Headteacher" {print $2; exit}' "$BENCH_WORK/accounts.txt")
head_urn=$(awk '$1 == "Headteacher" {print $3; exit}' "$BENCH_WORK/accounts.txt")
trustee_email=$(awk '$1 == "Trustee" {print $2; exit}' "$BENCH_WORK/accounts.txt")
staff_email=$(awk '$1 == "Staff" {print $2; exit}' "$BENCH_WORK/accounts.txt")
bench_log "signing in $staff_email, $head_email (school $head_urn), $trustee_email with the driver"
staff_cookie=$(bench_driver signin --email "$staff_email")
head_cookie=$(bench_driver signin --email "$head_email")
trustee_cookie=$(bench_driver signin --email "$trustee_email")

# Rows: id|label|path|cookie variable|target ratio|p99 limit ms (0 = none)
rows=(
  "a|static file /js/supported.js (ceiling)|/js/supported.js||1|0"
  "ref|static file /css/site.css (146 KB, reference)|/css/site.css||0|0"
  "b|vision and values, anonymous|/$trust/vision-and-values||0.8|0"
  "c|vision and values, signed in (staff)|/$trust/vision-and-values|staff_cookie|0.15|0"
  "d|headteacher's progress page|/$trust/progress/$head_urn|head_cookie|0.02|100"
  "e|trustee dashboard|/$trust/board|trustee_cookie|0.02|100"
  "f|board pack .docx|/$trust/board/packs/current.docx|trustee_cookie|0|0"
)

# One status check: exactly 200 (a 302 to sign-in is not a measurement); prints the body size.
check_200() {
  local path=$1 cookie=$2 out
  out=$(curl -sS --cacert "$BENCH_WORK/cert.pem" ${cookie:+-H "$cookie"} -o /dev/null -w '%{http_code} %{size_download}' "$base$path")
  if [ "${out%% *}" != 200 ]; then
    echo "FAILED: $path answered ${out%% *} (expected 200)" >&2
    return 1
  fi
  echo "${out##* }"
}

# Converts wrk's latency ("812.00us", "1.20ms", "2.01s") to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

failed=0
results=()
for row in "${rows[@]}"; do
  IFS='|' read -r id label path cookie_var target p99_limit <<<"$row"
  cookie=${cookie_var:+${!cookie_var}}
  size=$(check_200 "$path" "$cookie") || { failed=1; continue; }
  header=()
  [ -n "$cookie" ] && header=(-H "$cookie")
  # --timeout 30s: wrk's default of 2 s would count a slow page (the board pack) as socket errors, not as latency.
  wrk -t"$threads" -c"$connections" -d"${warm}s" --timeout 30s "${header[@]}" "$base$path" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s --latency "${header[@]}" "$base$path")
  # The session must still be valid after the run: the page answered 200 throughout, not a redirect to sign-in.
  check_200 "$path" "$cookie" >/dev/null || { failed=1; continue; }
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  errors=$(awk '/Socket errors:/ {print}' <<<"$out")
  count=$(awk '/requests in/ {print $1}' <<<"$out")
  if [ -n "$non2xx" ] || [ -n "$errors" ] || [ "${count:-0}" = 0 ]; then
    echo "FAILED: $path: ${count:-0} requests ${non2xx:+, $non2xx non-2xx/3xx answers} $errors" >&2
    failed=1
  fi
  results+=("$id|$label|$rps|$p50|$p99|$target|$p99_limit|$size")
done

ceiling=$(awk -F'|' '$1 == "a" {print $3}' < <(printf '%s\n' "${results[@]}"))
echo
echo "TrustPortal benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores  wrk -t$threads -c$connections -d${duration}s over HTTPS on 127.0.0.1"
echo "Release, Production environment (JSON request log), SQLite; trust $trust: 50 schools, 9 cycles"
echo
printf '%-4s %-46s %10s %9s %9s %8s %8s %10s %s\n' row page req/s "p50 ms" "p99 ms" "KB" ratio target verdict
for r in "${results[@]}"; do
  IFS='|' read -r id label rps p50 p99 target p99_limit size <<<"$r"
  ratio=$(awk -v a="$rps" -v c="$ceiling" 'BEGIN { printf "%.3f", a / c }')
  verdict=report target_text=-
  if [ "$id" = a ]; then
    verdict=ceiling target_text=-
  elif awk -v t="$target" 'BEGIN { exit !(t > 0) }'; then
    target_text=">= $target"
    [ "$p99_limit" != 0 ] && target_text="$target_text, p99 < $p99_limit"
    if awk -v r="$ratio" -v t="$target" -v p="$p99" -v l="$p99_limit" 'BEGIN { exit !(r >= t && (l == 0 || p < l)) }'; then
      verdict=PASS
    else
      verdict=MISS
    fi
  fi
  printf '%-4s %-46s %10.0f %9.2f %9.2f %8.1f %8s %10s %s\n' "$id" "$label" "$rps" "$p50" "$p99" "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1024 }')" "$ratio" "$target_text" "$verdict"
done
echo
startup_verdict=$( [ "$restart_ms" -lt 3000 ] && echo PASS || echo MISS )
echo "start-up to the first page: restart on a migrated database ${restart_ms} ms (target < 3000 ms: $startup_verdict); fresh empty database (migrations only) ${BENCH_FRESH_STARTUP_MS} ms"

# Memory: the driver's mixed signed-in load (staff reads, heads saving criteria, trustee dashboards, no think time)
# for mem_total seconds; RSS sampled every mem_every seconds.
echo
echo "Memory: resident set size every ${mem_every} s during ${mem_total} s of mixed load ($(wc -l <"$BENCH_WORK/accounts.txt") signed-in users, no think time)"
users=$(wc -l <"$BENCH_WORK/accounts.txt")
bench_driver load --accounts "$BENCH_WORK/accounts.txt" --trust "$trust" --users "$users" --duration "$mem_total" --think-ms 0 \
  >"$BENCH_WORK/load.txt" 2>&1 &
load_pid=$!
samples=()
for ((t = mem_every; t <= mem_total; t += mem_every)); do
  sleep "$mem_every"
  samples+=("$(bench_rss_mb)")
  printf '  %4d s  %5d MB\n' "$t" "${samples[-1]}"
done
load_rc=0
wait "$load_pid" || load_rc=$?
sed 's/^/  /' "$BENCH_WORK/load.txt"
if [ "$load_rc" != 0 ]; then
  echo "FAILED: the mixed load had errors (exit $load_rc)" >&2
  failed=1
fi
# "flat": after a warm-up of the first fifth of the run, the last fifth's highest sample is at most 1.1 times the
# highest of the fifth that follows the warm-up.
n=${#samples[@]}
w=$(( n / 5 > 0 ? n / 5 : 1 ))
first_max=$(printf '%s\n' "${samples[@]:w:w}" | sort -n | tail -1)
last_max=$(printf '%s\n' "${samples[@]:n-w:w}" | sort -n | tail -1)
if awk -v l="$last_max" -v f="$first_max" 'BEGIN { exit !(l <= 1.1 * f) }'; then
  memory=flat
else
  memory=growing
fi
echo "memory: $memory (highest of the last $w samples ${last_max} MB vs ${first_max} MB just after warm-up; flat = at most 1.1 x)"

exit "$failed"
