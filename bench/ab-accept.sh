#!/usr/bin/env bash
# The accept rate of two builds under the same load, in turns: what a change costs or saves on the hot path.
#
#   git clone . /tmp/old && (cd /tmp/old && git checkout <commit> && ./mvnw -q -B -DskipTests package)
#   ./mvnw -q -B -DskipTests package
#   bench/ab-accept.sh [--rounds N] /tmp/old before . after
#
# Each build runs with its own bin/run (port 8400, -Xmx512m, the local PostgreSQL and RabbitMQ with the settings of
# .env.example), gets a 60 s warm-up with 32 connections, then 20 s of wrk (bench/accept.lua) with 8 and with 32
# connections. The builds take turns, A B A B ... for N rounds (default 2), so that a machine that slows down or
# speeds up during the run weighs on both alike. It prints requests per second and writes every run, with each
# build's commit, wrk's latencies and statuses, and the CPU per event of Payara Micro, RabbitMQ, PostgreSQL and wrk
# (bench/lib.sh, cpu_reading), to bench/results/ab-accept-<date>.json. Run it on a quiet machine.
set -euo pipefail
rounds=2
if [ "${1:-}" = --rounds ]; then rounds="$2"; shift 2; fi
[ $# -eq 4 ] || { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
bench="$(cd "$(dirname "$0")" && pwd)"
log_file=/dev/null
source "$bench/lib.sh"
results="$bench/results/ab-accept-$(date -u +%Y%m%d-%H%M%S).json"
port=8400
BENCH_BODY="$(small_event user_registered)"
export BENCH_BODY
runs=()

build() { # checkout, label: {"label", "dir", "commit"}
  local commit
  commit="$(git -C "$1" rev-parse --short HEAD)$(git -C "$1" diff --quiet HEAD -- . ':!bench/results' || echo -dirty)"
  printf '{"label": "%s", "dir": "%s", "commit": "%s"}' "$2" "$1" "$commit"
}

run() { # checkout, label, round
  local dir="$1" label="$2" round="$3" log out
  log="$(mktemp /tmp/ab-accept-"$label".XXXXXX.log)"
  start_bundle "$dir" "$port" -Xmx512m "$log" || true
  local pid=$bundle_pid
  wrk -t2 -c32 -d60s --timeout 10s -s "$bench/accept.lua" "http://127.0.0.1:$port" > /dev/null 2>&1
  for connections in 8 32; do
    local rate wrk_result before after cost
    before="$(cpu_reading "$pid")"
    out="$(wrk -t2 -c"$connections" -d20s --timeout 10s -s "$bench/accept.lua" "http://127.0.0.1:$port" 2>&1)"
    after="$(cpu_reading "$pid")"
    rate="$(sed -n 's/^Requests\/sec: *//p' <<< "$out")"
    wrk_result="$(sed -n 's/^RESULT //p' <<< "$out")"
    cost="$(cost_per_event "$before" "$after" "$(jq '.accepted // 0' <<< "${wrk_result:-null}")" | jq -c .)"
    echo "$label (round $round), $connections connections: $rate requests/s, CPU µs per event $cost"
    runs+=("$(printf '{"label": "%s", "round": %d, "connections": %d, "requests_per_s": %s, "cpu_us_per_event": %s, "wrk": %s}' \
      "$label" "$round" "$connections" "${rate:-null}" "$cost" "${wrk_result:-null}")")
  done
  kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  pkill -f -- "--port $port " 2>/dev/null || true
  sleep 3
}

for round in $(seq "$rounds"); do
  run "$1" "$2" "$round"
  run "$3" "$4" "$round"
done

mkdir -p "$bench/results"
{
  printf '{"command": "bench/ab-accept.sh --rounds %d %s %s %s %s",\n' "$rounds" "$1" "$2" "$3" "$4"
  printf ' "date": "%s", "cpus": %d,\n' "$(date -u +%FT%TZ)" "$(nproc)"
  printf ' "builds": [%s, %s],\n' "$(build "$1" "$2")" "$(build "$3" "$4")"
  printf ' "runs": [\n  %s\n ]}\n' "$(IFS=$'\n'; echo "${runs[*]}" | paste -sd, - | sed 's/},{/},\n  {/g')"
} > "$results"
jq -e . "$results" > /dev/null && echo "Results: $results"
