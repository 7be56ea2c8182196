#!/usr/bin/env bash
# What Payara Micro costs below this application's code: its CPU per request for a JAX-RS request that does no work
# (OPTIONS /api/events, answered by Jersey's own handler), for a request no servlet of the application maps
# (GET /nope, the servlet container and the application's JSON 404), and for the real POST /api/events, all on the
# same warm JVM, one after the other.
#
#   ./mvnw -q -B -DskipTests package && bench/floor.sh
#
# Starts the last build with bin/run (port 8500, -Xmx512m, the local PostgreSQL and RabbitMQ with the settings of
# .env.example), warms it with 120 s of POSTs and 20 s of each other kind (the JIT compiles each path apart), then
# gives each kind 20 s of wrk with 32 connections. Writes the rates,
# wrk's latencies and the CPU per request of Payara Micro, RabbitMQ, PostgreSQL and wrk (bench/lib.sh, cpu_reading) to
# bench/results/floor-<date>.json. The POST's CPU includes the consumer storing what it accepted (one JVM). Run it on
# a quiet machine.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
log_file=/dev/null
source "$bench/lib.sh"
results="$bench/results/floor-$(date -u +%Y%m%d-%H%M%S).json"
port=8500
BENCH_BODY="$(small_event floor)"
export BENCH_BODY
scripts="$(mktemp -d /tmp/floor.XXXXXX)"
echo 'wrk.method = "OPTIONS"; wrk.path = "/api/events"' > "$scripts/options.lua"
echo 'wrk.path = "/nope"' > "$scripts/unknown.lua"

start_bundle "$(dirname "$bench")" "$port" -Xmx512m "$scripts/payara.log"
pid=$bundle_pid
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$scripts"' EXIT
echo "ready after $ready_s s; warming up for 160 s"
wrk -t2 -c32 -d120s --timeout 10s -s "$bench/accept.lua" "http://127.0.0.1:$port" > /dev/null 2>&1
for script in "$scripts/options.lua" "$scripts/unknown.lua"; do
  wrk -t2 -c32 -d20s --timeout 10s -s "$script" "http://127.0.0.1:$port" > /dev/null 2>&1
done

kinds=()
measure() { # name, wrk script, request
  local name=$1 script=$2 request=$3 before after out rate requests cost result
  before="$(cpu_reading "$pid")"
  out="$(wrk -t2 -c32 -d20s --timeout 10s -s "$script" "http://127.0.0.1:$port" 2>&1)"
  after="$(cpu_reading "$pid")"
  rate="$(sed -n 's/^Requests\/sec: *//p' <<< "$out")"
  requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<< "$out")"
  result="$(sed -n 's/^RESULT //p' <<< "$out")"
  cost="$(cost_per_event "$before" "$after" "$requests" | jq -c .)"
  echo "$name: $rate requests/s, CPU µs per request $cost"
  kinds+=("$(jq -n --arg name "$name" --arg request "$request" --argjson rate "${rate:-null}" --argjson requests "${requests:-0}" \
    --argjson cost "$cost" --argjson wrk "${result:-null}" \
    '{name: $name, request: $request, connections: 32, seconds: 20, requests: $requests, requests_per_s: $rate,
      cpu_us_per_request: $cost, wrk: $wrk}')")
}
measure options "$scripts/options.lua" "OPTIONS /api/events"
measure unknown_path "$scripts/unknown.lua" "GET /nope"
measure publish "$bench/accept.lua" "POST /api/events"

commit="$(git -C "$bench" rev-parse --short HEAD)$(git -C "$bench" diff --quiet HEAD -- . ':!bench/results' || echo -dirty)"
printf '%s\n' "${kinds[@]}" | jq -s --arg run "$(date -u +%FT%TZ)" --arg commit "$commit" --arg ready "$ready_s" \
  '{run: $run, commit: $commit, heap: "512m", ready_s: ($ready | tonumber), kinds: .}' > "$results"
echo "wrote $results"
