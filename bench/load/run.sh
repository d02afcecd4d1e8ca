#!/usr/bin/env bash
# Issue 9's load and burst runs: the portal in Release, Production environment, HTTPS (self-signed certificate),
# SQLite with a generated 50-school trust, and 50 accounts made with the portal's CLI
# (10 headteachers on 10 schools, 5 trustees, 35 staff; heads and trustees enrol their authenticator at their first
# sign-in, through the driver). Then:
#   load:  50 concurrent signed-in users for 60 s (staff reading trust pages, heads opening their progress page and
#          saving a criterion with the real form, trustees opening the dashboard); zero errors expected; p95/p99.
#   burst: 30 people signing in at the same moment while 3 signed-in users keep reading pages; every sign-in must
#          succeed and every other page answer within 1 s.
# The shipped sign-in rate limits apply (300 a minute per address, ADR 0075): nothing is lifted for the benchmark.
# Usage: bash bench/load/run.sh [--quick]     (--quick: 15 s of load)
# Exit code 0 when both pass, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=60
[ "${1:-}" = "--quick" ] && duration=15
think_ms=${THINK_MS:-500}

BENCH_WORK=$(mktemp -d)
export BENCH_WORK
BENCH_HEADS=10 BENCH_TRUSTEES=5 BENCH_STAFF=35
# shellcheck source=../lib.sh
source bench/lib.sh
trap 'bench_stop; rm -rf "$BENCH_WORK"' EXIT

bench_setup
trust=$BENCH_TRUST
result=0

echo
echo "== load: 50 signed-in users for ${duration} s (think time 0-$((2 * think_ms)) ms) =="
bench_driver load --accounts "$BENCH_WORK/accounts.txt" --trust "$trust" --users 50 --duration "$duration" --think-ms "$think_ms" \
  || result=1

# The burst signs in accounts the load signed in a moment ago: their authenticator codes of this 30-second step are
# used, so wait for the next step (a code is accepted once).
sleep 31
echo
echo "== burst: 30 simultaneous sign-ins while 3 signed-in users read pages =="
bench_driver burst --accounts "$BENCH_WORK/accounts.txt" --trust "$trust" --signins 30 --readers 3 --limit-ms 1000 || result=1

echo
[ "$result" = 0 ] && echo "load and burst: PASS" || echo "load and burst: FAIL"
exit "$result"
