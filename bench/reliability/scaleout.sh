#!/usr/bin/env bash
# Scale-out drill: two portal instances (A and B, Release, Production) share one PostgreSQL database behind nginx on
# 127.0.0.1 (nginx terminates TLS and forwards plain http with X-Forwarded-For/Proto; its config is generated into
# the drill's temp folder and it runs as a foreground process of this script, never the system's nginx service).
# Shows: the health endpoints on each instance and through nginx; /health/ready failing (and live not) while the
# database is down; a sign-in cookie made by A works on B and the other way round (requests pinned to each instance);
# restarting both instances signs nobody out; a content edit made through A is seen anonymously on B within a
# deadline (a cache on B must not keep serving the old page). Exit 1 on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
drill_init scaleout
drill_need nginx openssl curl
drill_publish
drill_pg_init
drill_env
drill_use_postgres
drill_data
admin=admin@drill.trustportal.test
printf '%s\n' "$DRILL_PASSWORD" | drill_cli users add --email "$admin" --name "Drill Admin" --role TrustAdmin --trust "$DRILL_TRUST" >/dev/null
read -r a_https a_http b_https b_http proxy < <(drill_ports 5)
A=https://127.0.0.1:$a_https
B=https://127.0.0.1:$b_https
P=https://127.0.0.1:$proxy
drill_start A "$A;http://127.0.0.1:$a_http"
drill_start B "$B;http://127.0.0.1:$b_http"

# nginx, owned by this script: its own config, pid file, logs and temp folders.
ngx=$DRILL_WORK/nginx
mkdir -p "$ngx/tmp"
chmod 1777 "$ngx/tmp"
cat >"$ngx/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 256; }
http {
  log_format upstream '\$request_uri \$status \$upstream_addr';
  access_log $ngx/access.log upstream;
  client_body_temp_path $ngx/tmp/body;
  proxy_temp_path $ngx/tmp/proxy;
  fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi;
  scgi_temp_path $ngx/tmp/scgi;
  upstream portal {
    server 127.0.0.1:$a_http max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$b_http max_fails=1 fail_timeout=5s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$proxy ssl;
    ssl_certificate $DRILL_WORK/cert.pem;
    ssl_certificate_key $DRILL_WORK/key.pem;
    client_max_body_size 30m;
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
    }
  }
}
NGINX
nginx -t -q -e "$ngx/error.log" -p "$ngx" -c "$ngx/nginx.conf"
nginx -e "$ngx/error.log" -p "$ngx" -c "$ngx/nginx.conf" &
DRILL_PIDS+=("$!")
until drill_curl -fs -o /dev/null "$P/health/live" 2>/dev/null; do sleep 0.1; done
drill_log "nginx on $P in front of A (:$a_http) and B (:$b_http)"

failures=()
check() { if eval "$2"; then echo "  ok    $1"; else echo "  FAIL  $1"; failures+=("$1"); fi; }
status() { drill_curl -o /dev/null -w '%{http_code}' "$@" 2>/dev/null || echo 000; }
body() { drill_curl "$@" 2>/dev/null || true; }

echo "health:"
for target in A B P; do
  base=${!target}
  check "$target /health/live is Healthy" '[[ $(body "$base/health/live") == Healthy ]]'
  check "$target /health/ready is Healthy" '[[ $(body "$base/health/ready") == Healthy ]]'
done

echo "one sign-in, every instance:"
cookie_a=$(drill_driver signin "$A" --email "$DRILL_HEAD")
cookie_p=$(drill_driver signin "$P" --email "$admin")
me() { status -H "$1" "$2/me"; }
check "a cookie made by A works on B" '[[ $(me "$cookie_a" "$B") == 200 ]]'
check "a cookie made by A works through nginx" '[[ $(me "$cookie_a" "$P") == 200 ]]'
check "signing in through nginx works (https seen through X-Forwarded-Proto)" '[[ -n $cookie_p ]]'
check "a cookie made through nginx works on A and on B" '[[ $(me "$cookie_p" "$A") == 200 && $(me "$cookie_p" "$B") == 200 ]]'
# 20 requests through nginx, spread over both instances, all signed in.
spread=$(for i in $(seq 20); do me "$cookie_a" "$P"; echo; done | sort | uniq -c | tr -s ' ' | tr '\n' ',')
check "20 signed-in requests through nginx all answer 200 ($spread)" '[[ $spread == " 20 200," ]]'
served_a=$(grep -c "^/me 200 127.0.0.1:$a_http\$" "$ngx/access.log" || true)
served_b=$(grep -c "^/me 200 127.0.0.1:$b_http\$" "$ngx/access.log" || true)
check "nginx spread them over both instances (A: $served_a, B: $served_b)" '(( served_a > 0 && served_b > 0 ))'

echo "restarting both instances:"
drill_stop A; drill_stop B
drill_start A "$A;http://127.0.0.1:$a_http"
drill_start B "$B;http://127.0.0.1:$b_http"
check "after restarting both, A's cookie still works on A, B and through nginx" \
  '[[ $(me "$cookie_a" "$A") == 200 && $(me "$cookie_a" "$B") == 200 && $(me "$cookie_a" "$P") == 200 ]]'
check "after restarting both, the cookie made through nginx still works" '[[ $(me "$cookie_p" "$P") == 200 ]]'

echo "a content edit through A, read anonymously on B:"
title="Drill title $(date +%s%N)"
anon_b() { body "$B/$DRILL_TRUST/vision-and-values"; }
anon_b >/dev/null   # B renders (and may cache) the old page first
drill_driver submit "$A" --email "$admin" --path /admin/content/about-title/0 --field 'Fields[title]' --value "$title" >/dev/null
edited=$(drill_now_ms)
seen=
while (( $(drill_now_ms) - edited < 10000 )); do
  if anon_b | grep -qF "$title"; then seen=$(( $(drill_now_ms) - edited )); break; fi
  sleep 0.2
done
seen_text="not seen"
[[ -n $seen ]] && seen_text="seen after $seen ms"
check "the new title is on B's anonymous page within 10 s ($seen_text)" '[[ -n $seen ]]'
check "and through nginx" 'body "$P/$DRILL_TRUST/vision-and-values" | grep -qF "$title"'

echo "database down:"
drill_pg_stop
check "/health/ready answers 503 on A, B and through nginx" \
  '[[ $(status "$A/health/ready") == 503 && $(status "$B/health/ready") == 503 && $(status "$P/health/ready") == 503 ]]'
check "/health/live still answers 200 on A and B" '[[ $(status "$A/health/live") == 200 && $(status "$B/health/live") == 200 ]]'
drill_pg_start
back=$(drill_now_ms)
until [[ $(status "$P/health/ready") == 200 ]]; do
  (( $(drill_now_ms) - back > 15000 )) && break
  sleep 0.1
done
check "/health/ready is 200 again $(( $(drill_now_ms) - back )) ms after the database is back" '[[ $(status "$A/health/ready") == 200 && $(status "$B/health/ready") == 200 ]]'
errors5xx=$( (drill_statuses A; drill_statuses B) | awk '$1 >= 500 && $1 != 503 { s += $2 } END { print s + 0 }')
check "no 5xx other than 503 in either instance's request log" '(( errors5xx == 0 ))'

if [[ ${#failures[@]} -gt 0 ]]; then
  drill_fail "${#failures[@]} checks failed: ${failures[*]}"
fi
drill_pass "two instances behind nginx share sign-ins, survive restarts, show A's edit on B after ${seen} ms, health endpoints correct"
