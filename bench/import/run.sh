#!/usr/bin/env bash
# Times bulk onboarding of a 1,000-person CSV through the command line (the same planner, transaction and invitation
# sender as /admin/users/import) against a throwaway SQLite database holding one generated trust of 20 schools:
# the preview (nothing written), then --confirm (every account written in one transaction, then 1,000 invitation
# e-mails sent to a folder). Prints seconds per step, the start-up cost of an empty command for comparison, and
# the invitations written. Usage: bash bench/import/run.sh [PEOPLE]
set -euo pipefail
cd "$(dirname "$0")/../.."
people=${1:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/TrustPortal.Web -c Release -v q -nologo >/dev/null
bin=$(pwd)/src/TrustPortal.Web/bin/Release/net10.0

export ASPNETCORE_ENVIRONMENT=Benchmark
export Database__Provider=Sqlite
export ConnectionStrings__TrustPortal="Data Source=$work/bench.db"
export Database__MigrateOnStartup=true
export Serilog__MinimumLevel__Default=Warning
export Portal__BaseUrl=https://portal.example.org
export Email__Sender=Folder
export Email__Folder="$work/mail"
export UserImport__SenderEnabled=false
export DataProtection__AllowUnprotectedKeys=true
trust=import-bench-trust

# The first run migrates the database and makes the trust, so the timed runs measure the import alone.
(cd "$bin" && dotnet TrustPortal.Web.dll demo generate --trust "$trust" --schools 20 --cycles 1 >/dev/null)

python3 - "$work/bench.db" "$trust" "$work/people.csv" "$people" <<'PY'
import sqlite3, sys
db, trust, path, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
con = sqlite3.connect(db)
urns = [r[0] for r in con.execute("select s.Urn from Schools s join Trusts t on t.Id = s.TrustId where t.Slug = ? order by s.Urn", (trust,))]
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    f.write("name,email,role,schools\r\n")
    for i in range(n):
        role = "Headteacher" if i % 50 == 0 else "Trustee" if i % 97 == 0 else "Staff"
        schools = "" if role == "Trustee" else ";".join(str(u) for u in urns[i % len(urns):][:1 + i % 2])
        f.write(f"\"Surname{i}, Person {i}\",person{i:05d}@bench.example.org,{role},\"{schools}\"\r\n")
PY

timed() {
  local label=$1; shift
  local start end code=0
  start=$(date +%s.%N)
  (cd "$bin" && dotnet TrustPortal.Web.dll "$@" >"$work/out.txt" 2>"$work/err.txt") || code=$?
  end=$(date +%s.%N)
  printf '%-46s %7.2f s  exit %s  %s\n' "$label" "$(echo "$end - $start" | bc)" "$code" "$(tail -1 "$work/out.txt")"
}

echo "Bulk import of $people people ($(nproc) cores, SQLite, $(date -u +%Y-%m-%dT%H:%MZ))"
timed "start-up only (trusts list)" trusts list
timed "preview (nothing written)" users import --trust "$trust" --file "$work/people.csv"
# The confirm step prints "Written: …" when the transaction has committed and "… invitations sent." at the end: each
# line is stamped as it arrives, so the write and the sending are timed apart.
start=$(date +%s.%N)
(cd "$bin" && dotnet TrustPortal.Web.dll users import --trust "$trust" --file "$work/people.csv" --confirm 2>"$work/err.txt") \
  | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$work/confirm.txt"
written=$(awk '/ Written: / {print $1; exit}' "$work/confirm.txt")
sent=$(awk '/ invitations sent\./ {print $1; exit}' "$work/confirm.txt")
printf '%-46s %7.2f s  %s\n' "confirm: start-up + plan + write (one transaction)" "$(echo "$written - $start" | bc)" "$(grep ' Written: ' "$work/confirm.txt" | cut -d' ' -f2-)"
printf '%-46s %7.2f s  %s\n' "confirm: send the invitations" "$(echo "$sent - $written" | bc)" "$(grep ' invitations sent\.' "$work/confirm.txt" | cut -d' ' -f2-)"
timed "preview again (all no change)" users import --trust "$trust" --file "$work/people.csv"
echo "Invitation e-mails written: $(grep -l '/account/invitation/' "$work/mail"/*.eml | wc -l)"
