#!/usr/bin/env bash
# Times `schools import-gias` on a national-size extract (50,000 rows, ~60 MB by default) against a throwaway
# SQLite database holding one generated trust: a dry run, a filtered import of a few hundred rows, and an
# unfiltered import of every row. Prints seconds and peak memory. Usage: bash bench/gias/run.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-50000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/TrustPortal.Web -c Release -v q -nologo >/dev/null
bin=$(pwd)/src/TrustPortal.Web/bin/Release/net10.0
python3 bench/gias/make-extract.py "$work/big.csv" "$rows"

export ASPNETCORE_ENVIRONMENT=Benchmark
export Database__Provider=Sqlite
export ConnectionStrings__TrustPortal="Data Source=$work/bench.db"
export Database__MigrateOnStartup=true
export Serilog__MinimumLevel__Default=Warning
trust=gias-bench-trust

# The first run migrates the database and makes the trust to import into, so the timed runs measure the import alone.
(cd "$bin" && dotnet TrustPortal.Web.dll demo generate --trust "$trust" --schools 1 --cycles 1 >/dev/null)

urns=$(python3 -c 'print(",".join(str(200000 + i) for i in range(300)))')

run() {
  local label=$1; shift
  local out="$work/out.txt" err="$work/err.txt" timing="$work/time.txt" code=0
  if [ -x /usr/bin/time ]; then
    (cd "$bin" && /usr/bin/time -v -o "$timing" dotnet TrustPortal.Web.dll schools import-gias "$work/big.csv" --trust "$trust" "$@" >"$out" 2>"$err") || code=$?
    local elapsed rss
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$timing")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$timing")
    printf '%-34s %10s (m:ss)  peak %5s MB  exit %s  %s\n' "$label" "$elapsed" "$rss" "$code" "$(head -1 "$out")"
  else
    local start end
    start=$(date +%s.%N)
    (cd "$bin" && dotnet TrustPortal.Web.dll schools import-gias "$work/big.csv" --trust "$trust" "$@" >"$out" 2>"$err") || code=$?
    end=$(date +%s.%N)
    printf '%-34s %8.2f s  exit %s  %s\n' "$label" "$(echo "$end - $start" | bc)" "$code" "$(head -1 "$out")"
  fi
}

echo "Extract: $rows rows, $(du -m "$work/big.csv" | cut -f1) MB; SQLite; $(nproc) cores"
run "dry run, every row"            --dry-run
run "import, --urns (300 URNs)"     --urns "$urns"
run "import, every row"
run "second import (all unchanged)" --dry-run
