#!/usr/bin/env bash
# Runs every test: unit, HTTP (SQLite and a real PostgreSQL server) and browser tests, then the reliability drills
# (bench/reliability/drills.sh; TRUSTPORTAL_SKIP_DRILLS=1 leaves them out).
# Installs what the tests need when it is missing (Debian's chromium and postgresql, as root),
# starts PostgreSQL on loopback for the run, and prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "Missing $*: install it with apt-get (as root) and run again." >&2
    exit 1
  fi
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

command -v chromium >/dev/null || apt_install chromium fonts-liberation
command -v pg_ctlcluster >/dev/null && [[ -d /usr/lib/postgresql ]] && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || apt_install postgresql

# PostgreSQL on loopback for the integration tests; stopped again at the end if this script started it.
pg_started=""
if [[ -z "${TRUSTPORTAL_TEST_POSTGRES:-}" ]]; then
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  if [[ -z "$cluster" ]]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    pg_createcluster "$version" main >/dev/null
    cluster="$version main"
  fi
  port=$(pg_lsclusters -h | awk 'NR==1 {print $3}')
  if ! pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online; then
    pg_ctlcluster $cluster start
    pg_started="$cluster"
  fi
  su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='trustportal_test'\"" | grep -q 1 \
    || su postgres -c "psql -p $port -qc \"CREATE ROLE trustportal_test LOGIN PASSWORD 'trustportal_test' CREATEDB\""
  export TRUSTPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=trustportal_test;Password=trustportal_test;Database=postgres"
fi
cleanup() { [[ -n "$pg_started" ]] && pg_ctlcluster $pg_started stop || true; }
trap cleanup EXIT

# The single sign-on tests run a real OpenID Connect provider (npm oidc-provider under Node 22, both from the lock file).
[[ -d tests/oidc-provider/node_modules/oidc-provider ]] || (cd tests/oidc-provider && npm ci --no-audit --no-fund)

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test TrustPortal.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

# The reliability drills (bench/reliability: crash, outage, scale-out behind nginx, backups), each counted as one
# test. They use their own PostgreSQL server and ports, so the cluster above is not disturbed.
drills_passed=0 drills_failed=0
if [[ -z "${TRUSTPORTAL_SKIP_DRILLS:-}" ]]; then
  drills_out="$results/drills.txt"
  bash bench/reliability/drills.sh 2>&1 | tee "$drills_out" || status=1
  drills_passed=$(grep -c '^PASS:' "$drills_out" || true)
  drills_failed=$(grep -c '^FAIL:' "$drills_out" || true)
fi

# dotnet test prints no closing line that CI reads; sum the TRX files (and add the drills).
python3 - "$results" "$drills_passed" "$drills_failed" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed, failed, skipped = int(sys.argv[2]), int(sys.argv[3]), 0
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(f).getroot().find("{*}ResultSummary/{*}Counters")
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted"))
    # Name every test that did not pass, with the first lines of its message, where the end of the log shows them.
    for r in ET.parse(f).getroot().findall(".//{*}UnitTestResult"):
        if r.get("outcome") not in ("Passed", "NotExecuted"):
            message = r.find("{*}Output/{*}ErrorInfo/{*}Message")
            text = (message.text or "").strip().splitlines()[:6] if message is not None else []
            print(f"FAILED: {r.get('testName')}")
            for line in text:
                print(f"    {line[:300]}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
