#!/usr/bin/env bash
# Runs every reliability drill (crash, outage, scaleout, backup) on one shared Release build and prints one line per
# drill and a summary "N passed, N failed". Each drill's own output is in artifacts/drills/<drill>.log.
# Exit 1 when any drill fails. Usage: bash bench/reliability/drills.sh [drill ...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
logs=$root/artifacts/drills
mkdir -p "$logs"
drills=("$@")
[[ ${#drills[@]} -eq 0 ]] && drills=(crash outage scaleout backup)

export DRILL_BUILD
DRILL_BUILD=$(mktemp -d /tmp/trustportal-drills-build.XXXXXX)
trap 'rm -rf "$DRILL_BUILD"' EXIT
echo "publishing the portal and the driver once for every drill"
dotnet publish "$root/src/TrustPortal.Web" -c Release -o "$DRILL_BUILD/portal" -v q -nologo >/dev/null || { echo "FAIL: publish"; exit 1; }
dotnet publish "$root/bench/TrustPortal.Bench" -c Release -o "$DRILL_BUILD/driver" -v q -nologo >/dev/null || { echo "FAIL: publish"; exit 1; }

passed=0 failed=0
for drill in "${drills[@]}"; do
  start=$(date +%s)
  if timeout 300 bash "$here/$drill.sh" >"$logs/$drill.log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  # The drill's own result line (PASS/FAIL), its figures, and how long it took.
  result=$(grep -E '^(PASS|FAIL):' "$logs/$drill.log" | tail -1)
  echo "${result:-FAIL: $drill: no result (see $logs/$drill.log)} [$(( $(date +%s) - start )) s]"
  grep -vE '^\[|^(PASS|FAIL):' "$logs/$drill.log" | sed 's/^/    /'
done
echo "drills: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
