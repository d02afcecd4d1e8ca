#!/usr/bin/env bash
# Issue 19's scale benchmark: one installation for every trust in England. Three portal instances (Release,
# Production, HTTPS) behind nginx on 127.0.0.1 share one PostgreSQL server of the benchmark's own (the scale-out
# drill's set-up, bench/reliability/lib.sh). The nation comes from `demo generate-nation` (made once, then reused:
# the server's data folder and a marker live in $SCALE_HOME). For one ~50-school trust "A" and one 3-school trust "B"
# it measures each page kind on the nation and, in the same run, on a database holding only a trust of that size
# (the same generator, one trust), and prints each figure with its target and PASS/FAIL (method: docs/adr/0172).
#
# Usage: [SCALE=full|half|tenth|twentieth|hundredth] [DURATION=10] [CONNECTIONS=8] bash bench/scale/run.sh
#   SCALE      nation size: full = 1,200 trusts, 10,000 schools, 500,000 staff, 3 cycles; tenth = a tenth of each...
#   DURATION   seconds of each wrk measurement (after WARM seconds of warm-up); CONNECTIONS through nginx
#   SCALE_HOME where the PostgreSQL data folder and the nation marker are kept (default /var/tmp/trustportal-scale)
#   OTHER_TRUSTS, SAVE_RATE   heads of this many other trusts save progress at this many saves/s (default 200, 2)
#   MEMORY_LIMIT_MB           the stated bound on an instance's resident memory after the crawl (default 1536, docs/capacity.md)
# Exit 0 when every measurement was valid (a MISS against a target is reported, not an exit failure); 1 otherwise.
set -euo pipefail
. "$(dirname "$0")/../reliability/lib.sh"
drill_init scale
. "$(dirname "$0")/lib.sh"
generate solo_a --trusts 1 --schools "$a_schools" --staff "$a_accounts" --cycles "$NATION_CYCLES"
generate solo_b --trusts 1 --schools "$b_schools" --staff "$b_accounts" --cycles "$NATION_CYCLES"
# Fresh planner statistics, and database time per statement from the server's side (pg_stat_statements); the instances'
# own figures (database time and commands per request, cache hits) come from OpenTelemetry through the sink (lib.sh).
for db in nation solo_a solo_b; do drill_psql "$db" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "ANALYZE"; done

# --- the nation --------------------------------------------------------------------------------------------------------
start_all nation
otel_snapshot "$DRILL_WORK/otel-quiet.json"
measure nation-A nation "$a_slug" "$a_urn"
measure nation-B nation "$b_slug" "$b_urn"
otel_since "$DRILL_WORK/otel-quiet.json" --caches >"$DRILL_WORK/caches-quiet.txt"

# Other trusts' work: heads of OTHER_TRUSTS other trusts save progress at SAVE_RATE saves/s while A and B are measured.
others=$(( OTHER_TRUSTS < NATION_TRUSTS - 2 ? OTHER_TRUSTS : NATION_TRUSTS - 2 ))
q nation "SELECT t.\"Slug\" || ' ' || MIN(s.\"Urn\") || ' head.' || MIN(s.\"Urn\") || '@' || t.\"Slug\" || '.example'
          FROM \"Trusts\" t JOIN \"Schools\" s ON s.\"TrustId\" = t.\"Id\" WHERE t.\"Slug\" LIKE 'nation-%' AND t.\"Slug\" NOT IN ('$a_slug', '$b_slug')
          GROUP BY t.\"Slug\" ORDER BY t.\"Slug\" LIMIT $others" >"$DRILL_WORK/heads.txt"
drill_log "signing in the heads of $others other trusts; they save $SAVE_RATE updates/s while A and B are measured again"
(exec dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" saves --base "$P" --cert "$DRILL_WORK/cert.pem" --keys "$DRILL_WORK/keys.txt" \
  --password-stdin --heads "$DRILL_WORK/heads.txt" --rate "$SAVE_RATE" --duration 86400 --stop-file "$DRILL_WORK/stop-saves" \
  <<<"$DRILL_PASSWORD" >"$DRILL_WORK/saves.out" 2>"$DRILL_WORK/saves.err") &
saves_pid=$!
DRILL_PIDS+=("$saves_pid")
until grep -q "signed in" "$DRILL_WORK/saves.out" 2>/dev/null; do
  kill -0 "$saves_pid" 2>/dev/null || { cat "$DRILL_WORK/saves.err" >&2; drill_fail "the other trusts' saves ended early"; }
  sleep 1
done
sleep 3
otel_snapshot "$DRILL_WORK/otel-busy.json"
measure busy-A nation "$a_slug" "$a_urn"
measure busy-B nation "$b_slug" "$b_urn"
otel_since "$DRILL_WORK/otel-busy.json" --caches >"$DRILL_WORK/caches-busy.txt"
touch "$DRILL_WORK/stop-saves"
wait "$saves_pid" || invalid "other trusts' saves: $(tail -1 "$DRILL_WORK/saves.out")"
saves_summary=$(tail -1 "$DRILL_WORK/saves.out")

# p99 of trust A's dashboard at 16 connections per instance (48 through nginx).
trustee_a=$(signin_as "trustee.1@$a_slug.example")
read -r _ _ dash_p99 _ < <(wrk_page "dashboard at 48 connections" "$P/$a_slug/board" "$trustee_a" 48)

# Memory after a crawl of every trust's public pages (anonymous and signed in) and dashboard, on every instance.
q nation "SELECT \"Slug\" || ' trustee.1@' || \"Slug\" || '.example' FROM \"Trusts\" WHERE \"Slug\" LIKE 'nation-%' ORDER BY \"Slug\"" >"$DRILL_WORK/trustees.txt"
drill_log "crawling $(wc -l <"$DRILL_WORK/trustees.txt") trusts on each instance"
rss_before=("$(rss_mb I1)" "$(rss_mb I2)" "$(rss_mb I3)")
otel_snapshot "$DRILL_WORK/otel-crawl.json"
crawl_out=$(dotnet "$DRILL_BUILD/driver/TrustPortal.Bench.dll" crawl --base "$P" --cert "$DRILL_WORK/cert.pem" --keys "$DRILL_WORK/keys.txt" \
  --password-stdin --trustees "$DRILL_WORK/trustees.txt" --bases "https://127.0.0.1:$s1,https://127.0.0.1:$s2,https://127.0.0.1:$s3" \
  <<<"$DRILL_PASSWORD" 2>"$DRILL_WORK/crawl.err") || invalid "crawl: $crawl_out $(head -3 "$DRILL_WORK/crawl.err")"
rss_after=("$(rss_mb I1)" "$(rss_mb I2)" "$(rss_mb I3)")
otel_since "$DRILL_WORK/otel-crawl.json" --caches >"$DRILL_WORK/caches-crawl.txt"
# The hot trust stays cached: A's dashboard after the crawl, a second time, answers as fast as before (p50 ratio).
read -r _ hot_p50 _ < <(wrk_page "A dashboard after crawl" "$P/$a_slug/board" "$trustee_a")

db_total=$(q nation "SELECT pg_size_pretty(pg_database_size('nation'))")
db_tables=$(q nation "SELECT relname || ' ' || pg_size_pretty(pg_total_relation_size(c.oid)) || ' (table ' || pg_size_pretty(pg_relation_size(c.oid)) || ', ' || reltuples::bigint || ' rows)'
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 8")
db_indexes=$(q nation "SELECT relname || ' ' || pg_size_pretty(pg_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'i' ORDER BY pg_relation_size(c.oid) DESC LIMIT 8")

# --- the solo databases ------------------------------------------------------------------------------------------------
solo_a_slug=$(q solo_a "SELECT \"Slug\" FROM \"Trusts\" WHERE \"Slug\" LIKE 'nation-%' LIMIT 1")
solo_a_urn=$(q solo_a "SELECT MIN(\"Urn\") FROM \"Schools\"")
solo_b_slug=$(q solo_b "SELECT \"Slug\" FROM \"Trusts\" WHERE \"Slug\" LIKE 'nation-%' LIMIT 1")
solo_b_urn=$(q solo_b "SELECT MIN(\"Urn\") FROM \"Schools\"")
start_all solo_a
measure solo-A solo_a "$solo_a_slug" "$solo_a_urn"
start_all solo_b
measure solo-B solo_b "$solo_b_slug" "$solo_b_urn"

# --- report ------------------------------------------------------------------------------------------------------------
value() { awk -F'|' -v l="$1" -v k="$2" -v f="$3" '$1 == l && $2 == k { print $f }' "$results"; }
# trio FIELD [busy]: "solo/nation[/busy]" of one column for the row of $t and $kind; blank for a row without it.
trio() {
  local v
  v="$(value "solo-$t" "$kind" "$1")/$(value "nation-$t" "$kind" "$1")${2:+/$(value "busy-$t" "$kind" "$1")}"
  [[ $v == *[0-9-]* ]] && echo "$v" || true
}
# verdict "EXPRESSION": PASS when the awk expression holds (a missing figure makes it FAIL).
verdict() { if [[ $1 != *"  "* && $1 != " "* ]] && awk "BEGIN { exit !($1) }" 2>/dev/null; then echo PASS; else echo FAIL; fi; }
exec > >(tee "$DRILL_WORK/report.txt")
echo
echo "TrustPortal scale benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "SCALE=$SCALE: $NATION_TRUSTS trusts, $NATION_SCHOOLS schools, $NATION_STAFF staff, $NATION_CYCLES cycles; 3 instances (Release, Production, HTTPS)"
echo "behind nginx; PostgreSQL $(basename "$(dirname "$DRILL_PG_BIN")"); wrk -t2 -c$CONNECTIONS -d${DURATION}s through nginx; first hits: median of $COLD_SAMPLES"
echo "trust A: $a_slug ($a_schools schools, $a_accounts accounts); trust B: $b_slug ($b_schools schools, $b_accounts accounts)"
echo "solo databases: one generated trust of the same size each (demo generate-nation --trusts 1)"
echo
printf '%-6s %-40s %10s %10s %10s %8s %8s %6s %18s %18s %14s\n' trust "page (req/s, or ms for a first hit)" solo nation busy ratio busy-r verdict \
  "db ms/req s/n/b" "commands s/n/b" "pg ms/req s/n"
for t in A B; do
  while IFS='|' read -r _ kind _; do
    solo=$(value "solo-$t" "$kind" 3); nat=$(value "nation-$t" "$kind" 3); busy=$(value "busy-$t" "$kind" 3)
    if [[ $kind == *"(ms)"* ]]; then  # a time: lower is better, so the ratio is solo / nation
      r1=$(awk -v a="$solo" -v b="$nat" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'); r2=$(awk -v a="$solo" -v b="$busy" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    else
      r1=$(awk -v a="$solo" -v b="$nat" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'); r2=$(awk -v a="$solo" -v b="$busy" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
    fi
    printf '%-6s %-40s %10s %10s %10s %8s %8s %6s %18s %18s %14s\n' "$t" "$kind" "$solo" "$nat" "$busy" "$r1" "$r2" "$(verdict "$r1 >= $RATIO_TARGET && $r2 >= $RATIO_TARGET")" \
      "$(trio 7 busy)" "$(trio 8 busy)" "$(trio 6)"
  done < <(grep "^solo-$t|" "$results")
done
echo "(ratio: nation vs solo; busy-r: nation while $others other trusts' heads save at $SAVE_RATE/s vs solo; target >= $RATIO_TARGET both)"
echo "(db ms/req and commands: the instances' own OpenTelemetry figures, trustportal.db.time_per_request and"
echo " .commands_per_request, for the route wrk measured; solo/nation/busy. pg ms/req: pg_stat_statements' execution"
echo " time over wrk's requests, server side, stamp pollers included; solo/nation. Routes read, for trust A:"
awk -F'|' '$1 == "nation-A" && $10 != "" { printf "   %s: %s (%s requests)\n", $2, $10, $9 }' "$results"
echo ")"
echo "other trusts' saves during the busy runs: $saves_summary"
echo
echo "cache hit rates from OpenTelemetry (trustportal.cache.lookups, the three instances together):"
printf '  %-24s %-20s %10s %10s %9s\n' phase cache hits misses "hit rate"
for phase in quiet busy crawl; do
  case $phase in
    quiet) what="quiet (A and B measured)" ;; busy) what="busy (other trusts save)" ;; crawl) what="crawl (every trust)" ;;
  esac
  for cache in trust-public-pages trust-work-pages public-page-output; do
    read -r _ hits misses rate < <(awk -v c="$cache" '$1 == c' "$DRILL_WORK/caches-$phase.txt" 2>/dev/null) || true
    printf '  %-24s %-20s %10s %10s %9s\n' "$what" "$cache" "${hits:-0}" "${misses:-0}" "${rate:--}${rate:+%}"
  done
done
echo "  (quiet and busy include the first-hit samples, which renew a trust's stamp on purpose: misses by design)"
[[ -s $DRILL_WORK/otlp-notes.txt ]] && echo "  OpenTelemetry notes: $(sort "$DRILL_WORK/otlp-notes.txt" | uniq -c | sed 's/^ *//' | paste -sd ';')"
echo
echo "trust A's dashboard at 16 connections per instance (48 through nginx): p99 ${dash_p99} ms (target < $P99_TARGET_MS ms) $(verdict "$dash_p99 < $P99_TARGET_MS")"
echo
echo "memory after the crawl ($crawl_out):"
max_rss=0
for n in 0 1 2; do
  echo "  instance $((n + 1)): ${rss_before[$n]} MB before, ${rss_after[$n]} MB after"
  (( rss_after[n] > max_rss )) && max_rss=${rss_after[$n]}
done
echo "  bound: Caching:OutputCacheMegabytes (100 MB of anonymous pages, all trusts), Caching:TrustsInMemory x Caching:ReadModelsPerTrust"
echo "  read models; largest instance ${max_rss} MB (target < $MEMORY_LIMIT_MB MB) $(verdict "$max_rss < $MEMORY_LIMIT_MB")"
echo "  trust A's dashboard p50 after the crawl: ${hot_p50} ms (it is still cached when this stays near the busy-run p50: $(value busy-A "trustees' dashboard" 4) ms)"
echo
echo "database: $db_total in total; largest tables (with their indexes and TOAST):"
sed 's/^/  /' <<<"$db_tables"
echo "largest indexes:"
sed 's/^/  /' <<<"$db_indexes"
if [[ -s $DRILL_WORK/invalid.txt ]]; then
  echo
  sed 's/^/INVALID: /' "$DRILL_WORK/invalid.txt"
  exit 1
fi
echo
echo "$(grep -c ' FAIL' "$DRILL_WORK/report.txt" || true) figures FAIL their target (a FAIL is a finding, not an invalid run)"
