#!/usr/bin/env bash
# The start under load of the last build with a chosen JVM: how soon after a start the server runs at full speed.
#
#   bench/start.sh [--java-home DIR] [--jvm-options "OPTIONS"] [--aot-train SECONDS] [--steps N] [--tag TAG]
#
# Starts the bundle with bin/run (port 8400, the local PostgreSQL and RabbitMQ with the settings of .env.example, no
# build), waits for /health/ready, then runs wrk (bench/accept.lua, 32 connections, a fresh event_id per request) in N
# steps of 10 s (default 9) from the first request. Each step records the accept rate, the p99 of a 202 and the CPU
# per event of Payara Micro (API and consumer), RabbitMQ, PostgreSQL and wrk (bench/lib.sh, cpu_reading).
#   --java-home DIR       the JDK to run Payara Micro with (default: the java on PATH)
#   --jvm-options "..."   JAVA_OPTS (default -Xmx512m)
#   --aot-train SECONDS   JDK 25 and later: a training start first, under the same load for SECONDS, that writes an
#                         ahead-of-time cache (-XX:AOTCacheOutput, JEPs 483, 514, 515); the measured start uses it
# Results: bench/results/start-<date>[-<tag>].json. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
args="$*"
java_home='' jvm_options=-Xmx512m aot_train=0 steps=9 tag=''
while [ $# -gt 0 ]; do
  case "$1" in
    --java-home) java_home=$2; shift ;;
    --jvm-options) jvm_options=$2; shift ;;
    --aot-train) aot_train=$2; shift ;;
    --steps) steps=$2; shift ;;
    --tag) tag=$2; shift ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done
log_file=/dev/null
source bench/lib.sh
port=8400 base_url=http://127.0.0.1:8400
results="bench/results/start-$(date -u +%Y%m%d-%H%M%S)${tag:+-$tag}.json"
work=$(mktemp -d /tmp/bench-start.XXXXXX)
java_path=$PATH
[ -z "$java_home" ] || java_path="$java_home/bin:$PATH"
BENCH_BODY="$(small_event bench_start)"
export BENCH_BODY
pid=''
stop() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  # The JVM writes an AOT cache at exit: wait for it (at most 3 min).
  for _ in $(seq 180); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=''
}
trap 'stop; rm -rf "$work"' EXIT

start() { # JAVA_OPTS -> pid, ready_s
  PATH=$java_path start_bundle . "$port" "$1" "$work/payara.log" || exit 2
  pid=$bundle_pid
}

step() { # seconds -> one JSON object
  local before after out result
  before=$(cpu_reading "$pid")
  out=$(wrk -t2 -c32 -d"$1"s --timeout 10s -s bench/accept.lua "$base_url" 2>&1)
  after=$(cpu_reading "$pid")
  result=$(sed -n 's/^RESULT //p' <<< "$out")
  jq -c --argjson cost "$(cost_per_event "$before" "$after" "$(jq '.accepted // 0' <<< "${result:-null}")")" \
    '{accepted_per_s: (.accepted / .duration_s | round), other_status, latency_ms, cpu_us_per_event: $cost}' <<< "${result:-null}"
}

aot=''
if [ "$aot_train" -gt 0 ]; then
  echo "training start: -XX:AOTCacheOutput=$work/app.aot, $aot_train s of load"
  start "$jvm_options -XX:AOTCacheOutput=$work/app.aot"
  step "$aot_train" > /dev/null
  stop
  [ -f "$work/app.aot" ] || { echo "no AOT cache written (see $work/payara.log)" >&2; exit 2; }
  aot="-XX:AOTCache=$work/app.aot"
fi
start "$jvm_options${aot:+ $aot}"
echo "ready after $ready_s s"
runs=()
for n in $(seq "$steps"); do
  runs+=("$(step 10 | jq -c --argjson t $((n * 10)) '{until_s: $t} + .')")
  echo "until $((n * 10)) s: $(jq -r '"\(.accepted_per_s)/s, p99 \(.latency_ms.p99) ms, Payara \(.cpu_us_per_event.payara_us) µs per event"' <<< "${runs[-1]}")"
done
stop
jq -n --arg command "bench/start.sh $args" --arg date "$(date -u +%FT%TZ)" --arg commit "$(git describe --always --dirty)" \
  --arg java "$(PATH=$java_path java -version 2>&1 | head -1)" --arg options "$jvm_options${aot:+ -XX:AOTCache=<trained $aot_train s>}" \
  --argjson ready_s "$ready_s" --argjson steps "$(printf '%s\n' "${runs[@]}" | jq -s .)" \
  '{command: $command, date: $date, commit: $commit, java: $java, jvm_options: $options, ready_s: $ready_s,
    connections: 32, steps: $steps}' > "$results"
echo "Results: $results"
