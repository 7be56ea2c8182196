#!/usr/bin/env bash
# The accept rate of two builds under the same load, one after the other: what a change costs or saves on the hot path.
#
#   git clone . /tmp/old && (cd /tmp/old && git checkout <commit> && ./mvnw -q -B -DskipTests package)
#   ./mvnw -q -B -DskipTests package
#   bench/ab-accept.sh /tmp/old before . after
#
# Each build runs with bin/run's command line (port 8400, -Xmx512m, the local PostgreSQL and RabbitMQ with the
# settings of .env.example), gets a 60 s warm-up with 32 connections, then 20 s of wrk (bench/accept.lua) with 8 and
# with 32 connections; it prints requests per second. Run it on a quiet machine: the two builds share nothing but time.
set -euo pipefail
[ $# -eq 4 ] || { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
bench="$(cd "$(dirname "$0")" && pwd)"
port=8400
export BENCH_BODY='{"user_id":"550e8400-e29b-41d4-a716-446655440000","event_type":"user_registered","message":"Welcome!","payload":{"email":"test@example.com"}}'

run() { # checkout, label
  local dir="$1" label="$2" log
  log="$(mktemp /tmp/ab-accept-"$label".XXXXXX.log)"
  (cd "$dir" && PORT=$port SKIP_BUILD=1 JAVA_OPTS=-Xmx512m exec bin/run) > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 120); do
    curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -q 200 && break
    sleep 1
  done
  wrk -t2 -c32 -d60s --timeout 10s -s "$bench/accept.lua" "http://127.0.0.1:$port" > /dev/null 2>&1
  for connections in 8 32; do
    echo "$label, $connections connections: $(wrk -t2 -c$connections -d20s --timeout 10s -s "$bench/accept.lua" \
      "http://127.0.0.1:$port" 2>&1 | sed -n 's/^Requests\/sec: *//p') requests/s"
  done
  kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  pkill -f -- "--port $port " 2>/dev/null || true
  sleep 3
}

run "$1" "$2"
run "$3" "$4"
