#!/usr/bin/env bash
# Counts what a build answers to many POST /api/events under load, by status: every answer of a publish must be a 202,
# or a JSON 503 while RabbitMQ cannot confirm; a 200 is the rare wrong status of a confirmed event (docs/api.md).
#
#   bench/answers.sh [--minutes N] [--connections C] [--busy B] [--port P] [--tag T] [CHECKOUT]
#
# Starts CHECKOUT's last build (default: this repository's) with its bin/run (port P, default 8450, -Xmx512m, the local
# PostgreSQL and RabbitMQ with the settings of .env.example), then runs wrk with bench/accept.lua for N one-minute
# rounds (default 10) with C connections (default 64), the first round from the first request after ready, and sums
# the answers. --busy B keeps B more processes spinning on the CPU meanwhile: the wrong status comes from threads
# of one request interleaving in a bad order, which a busy machine, preempting threads mid-step, makes far likelier.
# Two runs on two ports at once compare two builds under the same load, each the other's.
# Writes bench/results/answers-<date>[-T].json; exits 1 if any answer was a 200.
set -euo pipefail
minutes=10 connections=64 busy=0 port=8450 tag=''
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --busy) busy=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --tag) tag=-$2; shift 2 ;;
    -*) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    *) break ;;
  esac
done
bench="$(cd "$(dirname "$0")" && pwd)"
checkout="$(cd "${1:-$bench/..}" && pwd)"
log_file=/dev/null
source "$bench/lib.sh"
results="$bench/results/answers-$(date -u +%Y%m%d-%H%M%S)$tag.json"
BENCH_BODY="$(small_event answers)"
export BENCH_BODY
server_log="$(mktemp /tmp/answers.XXXXXX.log)"

start_bundle "$checkout" "$port" -Xmx512m "$server_log"
pid=$bundle_pid
spinners=()
trap 'kill "${spinners[@]}" "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
echo "ready after $ready_s s; $minutes rounds of 60 s with $connections connections, $busy spinning processes"
for _ in $(seq "$busy"); do
  sh -c 'while :; do :; done' &
  spinners+=($!)
done

rounds=()
for round in $(seq "$minutes"); do
  out="$(wrk -t2 -c"$connections" -d60s --timeout 10s -s "$bench/accept.lua" "http://127.0.0.1:$port" 2>&1)"
  result="$(sed -n 's/^RESULT //p' <<< "$out")"
  [ -n "$result" ] || { echo "wrk gave no result: $out" >&2; exit 2; }
  echo "round $round: $(jq -c '{requests, accepted, other_by_status}' <<< "$result")"
  rounds+=("$result")
done

commit="$(git -C "$checkout" rev-parse --short HEAD)$(git -C "$checkout" diff --quiet HEAD -- . ':!bench/results' || echo -dirty)"
printf '%s\n' "${rounds[@]}" | jq -s --arg run "$(date -u +%FT%TZ)" --arg commit "$commit" --argjson c "$connections" --argjson busy "$busy" \
  --arg ready "$ready_s" --arg war "$(sha256sum "$checkout/api-war/target/notification-micro.war" | cut -c1-12)" '
  {run: $run, commit: $commit, war_sha256: $war, ready_s: ($ready | tonumber), connections: $c, busy: $busy, rounds: .,
   total: {requests: (map(.requests) | add), accepted: (map(.accepted) | add),
           "200": (map(.other_by_status["200"]) | add), "4xx": (map(.other_by_status["4xx"]) | add),
           "5xx": (map(.other_by_status["5xx"]) | add),
           socket_errors: (map(.socket_errors | add) | add)}}' > "$results"
jq -c .total "$results"
echo "wrote $results"
[ "$(jq '.total["200"]' "$results")" = 0 ]
