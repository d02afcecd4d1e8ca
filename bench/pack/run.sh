#!/usr/bin/env bash
# Issue 16's benchmark: the 50-school board pack in every format. Same set-up as bench/perf (Release, Production
# environment, HTTPS, SQLite with `demo generate --schools 50 --cycles 9`), then per format one connection for
# 15 s (wrk -t1 -c1: the latency of one pack, not of a queue) and prints req/s, p50, p99 and the size.
# Usage: bash bench/pack/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true
if $quick; then warm=2 duration=5; else warm=5 duration=15; fi

BENCH_WORK=$(mktemp -d)
export BENCH_WORK
BENCH_HEADS=${BENCH_HEADS:-1} BENCH_TRUSTEES=${BENCH_TRUSTEES:-1} BENCH_STAFF=${BENCH_STAFF:-1}
# shellcheck source=../lib.sh
source bench/lib.sh
trap 'bench_stop; rm -rf "$BENCH_WORK"' EXIT

BENCH_PORT=$(bench_free_port)
bench_need wrk:wrk sqlite3:sqlite3 openssl:openssl curl:curl
bench_publish
bench_env
bench_certificate
bench_database
bench_start
base="https://127.0.0.1:$BENCH_PORT"
trust=$BENCH_TRUST
trustee_email=$(awk '$1 == "Trustee" {print $2; exit}' "$BENCH_WORK/accounts.txt")
cookie=$(bench_driver signin --email "$trustee_email")

rows=(
  "print page (HTML)|/$trust/board/packs/current"
  "Word .docx|/$trust/board/packs/current.docx"
  "PDF (PDFsharp)|/$trust/board/packs/current.pdf"
  "Excel .xlsx|/$trust/board/packs/current.xlsx"
  "CSV|/$trust/board/packs/current.csv"
  "exceptions only, PDF|/$trust/board/packs/current.pdf?scope=ExceptionsSinceLastMeeting"
)
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }

echo
echo "Board pack, trust $trust (50 schools, 9 cycles)  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores  wrk -t1 -c1 -d${duration}s over HTTPS"
printf '%-36s %8s %9s %9s %9s\n' format req/s "p50 ms" "p99 ms" KB
failed=0
for row in "${rows[@]}"; do
  IFS='|' read -r label path <<<"$row"
  out=$(curl -sS --cacert "$BENCH_WORK/cert.pem" -H "$cookie" -o /dev/null -w '%{http_code} %{size_download}' "$base$path")
  if [ "${out%% *}" != 200 ]; then echo "FAILED: $path answered ${out%% *}" >&2; failed=1; continue; fi
  wrk -t1 -c1 -d"${warm}s" --timeout 30s -H "$cookie" "$base$path" >/dev/null
  res=$(wrk -t1 -c1 -d"${duration}s" --timeout 30s --latency -H "$cookie" "$base$path")
  if grep -q -E "Non-2xx|Socket errors" <<<"$res"; then echo "FAILED: $path under load" >&2; failed=1; fi
  printf '%-36s %8s %9s %9s %9.1f\n' "$label" "$(awk '/^Requests\/sec:/ {print $2}' <<<"$res")" \
    "$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$res")")" "$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$res")")" \
    "$(awk -v s="${out##* }" 'BEGIN { printf "%.1f", s / 1024 }')"
done
exit $failed
