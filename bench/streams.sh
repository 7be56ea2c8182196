#!/usr/bin/env bash
# Live streams under load (issue 16): the delay from a stored event to its message on the user's stream, at a fixed
# rate spread over many open streams on one instance; whether every event arrives exactly once; the heap, the CPU per
# delivered event; and the accept rate with and without the streams open.
#
#   bench/streams.sh                          1,000 streams, 1,000 events/s for 60 s; about 6 min (at most 15 min)
#   bench/streams.sh --rate 500 --tag 500     the same at 500 events/s
#   bench/streams.sh --streams 50 --rate 50 --duration 20 --warmup 10 --wrk-seconds 5 --tag short   a smoke test
# Options:
#   --streams N       open streams, one per user (default 1000)
#   --rate R          events a second, spread evenly over the N users: event i for user i mod N (default 1000)
#   --duration S      seconds of that load (default 60)
#   --warmup S        seconds of wrk (32 connections) after the start, before anything is measured (default 60: the
#                     JIT needs 70 to 80 s of load to reach full speed, docs/performance.md#start-under-load)
#   --wrk-seconds S   seconds of each closed-loop accept measurement (default 20)
#   --heap SIZE       -Xmx of Payara Micro (default 512m)
#   --tag TAG         appended to the results file's name (a tag containing "short" is git-ignored)
#   --build           ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war first
#
# Steps:
#   1. a fresh database and vhost notification_streams on the local PostgreSQL and RabbitMQ (dropped at the end);
#      Payara Micro, the last build (api-war/target/..., bin/run's launch.sh), -Xmx512m, on port 8301 or the next
#      free one; the warm-up
#   2. accept rate without streams: wrk (bench/accept.lua, 32 connections, a fresh event_id per request)
#   3. baseline: the same open-loop load as step 4 (bench/StreamLoad.java --streams 0), R events/s over N users that
#      have no stream: what accepting and storing the events costs without streams
#   4. streams: bench/StreamLoad.java opens N streams (HTTP/1.1, one connection each, 500 a second) and waits for
#      each one's ": open"; then R events/s for D s, open loop (each send scheduled, never waiting for an answer);
#      then it waits (at most 30 s) until every event answered 202 has arrived on its user's stream. For every
#      message: processed_at (in its data: when the consumer wrote the row, just before the commit) to the client's
#      receive time, an upper bound of commit to message; the 202 to the message; the send to the message (for the
#      whole load, and for the events sent in its second half: the stream code warms up under load). Missing
#      (202, never arrived), doubled (arrived more than once), on the wrong stream; overflows. CPU (user + system
#      from /proc) of Payara Micro, RabbitMQ, PostgreSQL and the load client over the load and the wait, per
#      delivered event; the heap (/metrics/base, every second) and notifications_streams_* from /metrics
#   5. accept rate with the N streams open and idle: wrk as in 2, its events for a user without a stream (the
#      listener hears of each and drops it; the streams get only their keep-alive comments)
#   6. the streams closed (once notifications_streams_open says 0: the server notices a stream its client closed
#      only when a write to it fails, and its keep-alive comments come every 15 s, the first after the close often
#      still accepted by the socket): accept rate without streams again (a later, warmer JVM than step 2: compare
#      step 5 with both)
#
# Needs root (rabbitmqctl), JDK 17, wrk, psql, jq, curl. Logs (Payara's output, every tool's) stay in
# bench/results/tmp/streams-<run>/ (git-ignored); the results go to bench/results/streams-<date>[-<tag>].json.
# Exit status: 0 every accepted event arrived exactly once on its user's stream, no stream overflowed or ended, the
# heap stayed within -Xmx and nothing ran out of memory; 1 one of those failed; 2 the run could not be completed.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

streams=1000 rate=1000 duration=60 warmup=60 wrk_s=20 heap=512m tag='' build=0
while [ $# -gt 0 ]; do
  case "$1" in
    --streams) streams="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --wrk-seconds) wrk_s="$2"; shift ;;
    --heap) heap="$2"; shift ;;
    --tag) tag="$2"; shift ;;
    --build) build=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
for number in "$streams" "$rate" "$duration" "$warmup" "$wrk_s"; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "not a whole number: $number" >&2; exit 2; }
done
[ "$streams" -gt 0 ] && [ "$rate" -gt 0 ] && [ "$duration" -gt 0 ] || { echo "--streams, --rate, --duration: > 0" >&2; exit 2; }
[[ "$heap" =~ ^[0-9]+[mMgG]$ ]] || { echo "--heap: a size such as 512m or 1g" >&2; exit 2; }
[[ "$tag" =~ ^[A-Za-z0-9._-]*$ ]] || { echo "--tag: letters, digits, . _ -" >&2; exit 2; }
args="$*"

readonly bench_db=notification_streams bench_vhost=notification_streams
readonly pg_host=127.0.0.1 pg_port=5432 rabbit_port=5672 ready_timeout=180 term_timeout=60
max_total=$((300 + warmup + 3 * wrk_s + 2 * duration + 3 * 60))

run_id="$(date -u +%Y%m%d-%H%M%S)"
logs="$PWD/bench/results/tmp/streams-$run_id${tag:+-$tag}"
work="/tmp/notification-streams-$$"
results="bench/results/streams-$run_id${tag:+-$tag}.json"
phases="$logs/phases"
mkdir -p "$logs" "$phases"

log_file="$logs/streams.log"
source bench/lib.sh
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------------------------------------------- clean-up
payara_pid='' client_pid='' heap_pid='' watchdog_pid='' sleeping_pid='' bench_created=0
cleanup() {
  local status=$?
  trap - EXIT INT TERM ERR
  set +eu
  [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null
  [ -n "$heap_pid" ] && kill "$heap_pid" 2>/dev/null
  [ -n "$sleeping_pid" ] && kill "$sleeping_pid" 2>/dev/null
  stop_payara
  [ "$bench_created" = 1 ] && drop_bench
  rm -rf "$work"
  [ -n "$watchdog_pid" ] && kill -- "-$watchdog_pid" 2>/dev/null
  echo "Logs of this run: $logs"
  exit "$status"
}
bound_run "$max_total"

# ---------------------------------------------------------------------------------------------- preparations
[ "$(id -u)" = 0 ] || fail "run as root: rabbitmqctl needs it"
for tool in java psql jq rabbitmqctl curl ss wrk timeout; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done
if [ "$build" = 1 ]; then
  log "building: ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war"
  ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war
fi
artifacts=(api-war/target/notification-micro.war api-war/target/payara/payara-micro.jar
           api-war/target/payara/postgresql.jar server-config/data-source.asadmin server-config/micro/launch.sh
           server-config/micro/http-closed.asadmin db/init.sql)
for file in "${artifacts[@]}"; do
  [ -f "$file" ] || fail "missing $file: run ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war (or pass --build)"
done
# One connection per stream on each side, Payara Micro and the client: both inherit this limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((2 * streams + 1024)) ] \
  || fail "ulimit -n is $(ulimit -n): $streams streams need about $((2 * streams + 1024)) open files"

app_port=$(free_port 8301)
base_url="http://127.0.0.1:$app_port"
mkdir -p "$work/app"
cp "${artifacts[@]}" "$work/app/"
war_sha=$(sha256sum "$work/app/notification-micro.war" | cut -c1-12)
log "run streams-$run_id: $streams streams, $rate events/s for $duration s; Payara Micro -Xmx$heap on port $app_port"
log "build: notification-micro.war sha256 $war_sha ($(date -r api-war/target/notification-micro.war '+%F %T')), commit $(git describe --always --dirty)"
log "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); open files limit $(ulimit -n)"

rabbitctl() { timeout 60 rabbitmqctl -q "$@"; }
create_bench "$work/app/init.sql"

# ---------------------------------------------------------------------------------------------- Payara Micro
DB_HOST="$pg_host" DB_PORT="$pg_port" DB_NAME="$bench_db" DB_USER=postgres DB_PASSWORD=bench \
RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT="$rabbit_port" RABBITMQ_VHOST="$bench_vhost" \
RABBITMQ_USER=guest RABBITMQ_PASSWORD=guest JAVA_OPTS="-Xmx$heap" \
  setsid "$work/app/launch.sh" --from "$work/app" --port "$app_port" --rootdir "$work/micro-root" \
    >> "$logs/payara.log" 2>&1 < /dev/null &
payara_pid=$!
started=$SECONDS
until curl -sf -o /dev/null --max-time 2 "$base_url/health/ready"; do
  kill -0 "$payara_pid" 2>/dev/null || fail "Payara Micro exited while starting (see $logs/payara.log)"
  [ $((SECONDS - started)) -lt "$ready_timeout" ] || fail "Payara Micro not ready after $ready_timeout s"
  pause_for 0.5
done
log "Payara Micro ready in $((SECONDS - started)) s (pid $payara_pid)"

# The heap, every second, for the whole run: epoch ms, used, committed (bytes), from MicroProfile Metrics' base scope
# (memory_usedHeap_bytes{mp_scope="base"}; base_memory_usedHeap_bytes in older Payara releases).
(
  trap - ERR; set +e
  while kill -0 "$payara_pid" 2>/dev/null; do
    curl -s --max-time 2 "$base_url/metrics?scope=base" 2>/dev/null \
      | awk -v t="$(date +%s%3N)" '/^(base_)?memory_usedHeap_bytes/ { u = $NF } /^(base_)?memory_committedHeap_bytes/ { c = $NF }
                                   END { if (u != "") printf "%s %d %d\n", t, u, c }'
    sleep 1
  done
) > "$logs/heap.tsv" 2>/dev/null &
heap_pid=$!

metric() { # name in the Prometheus format -> its value (0 when absent)
  curl -s --max-time 5 "$base_url/metrics?scope=application" \
    | awk -v name="$1" '$1 == name || index($1, name "{") == 1 { v = $NF } END { print (v == "" ? 0 : v) + 0 }'
}
stream_metrics() {
  jq -n --argjson open "$(metric notifications_streams_open)" --argjson delivered "$(metric notifications_streams_delivered_total)" \
    --argjson overflowed "$(metric notifications_streams_overflowed_total)" '{open: $open, delivered: $delivered, overflowed: $overflowed}'
}
queue_pending() { # messages in notification_events, ready and unacknowledged
  rabbitctl list_queues -p "$bench_vhost" name messages --no-table-headers | awk '$1 == "notification_events" { print $2 + 0 }'
}
wait_stored() { # waits (at most 60 s) until the consumer has stored what was published: the queue stays empty
  local t0=$SECONDS empty=0
  while [ $((SECONDS - t0)) -lt 60 ]; do
    if [ "$(queue_pending)" = 0 ]; then empty=$((empty + 1)); [ "$empty" -ge 2 ] && return 0; else empty=0; fi
    pause_for 1
  done
  log "the queue did not empty within 60 s"
}
heap_between() { # from_ms to_ms -> {max_used_mb, max_committed_mb, samples}
  awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b { n++; if ($2 > u) u = $2; if ($3 > c) c = $3 }
    END { printf "{\"samples\": %d, \"max_used_mb\": %.1f, \"max_committed_mb\": %.1f}\n", n, u / 1048576, c / 1048576 }' "$logs/heap.tsv"
}
reading() { # {"payara", "rabbitmq", "postgresql", "client"} CPU seconds so far (the client: the running load client)
  # shellcheck disable=SC2046 # one pid per word
  printf '{"payara": %s, "rabbitmq": %s, "postgresql": %s, "client": %s}\n' "$(cpu_s_of "$payara_pid")" \
    "$(cpu_s_of $(pgrep -x beam.smp))" "$(cpu_s_of $(pgrep -x postgres))" "$(cpu_s_of ${client_pid:-})"
}
per_event() { # reading-before reading-after events -> {"payara_us": ..., "cpu_s": {...}}
  jq -n --argjson a "$1" --argjson b "$2" --argjson n "$3" \
    '($b | with_entries(.value = ((.value - $a[.key]) * 100 | round / 100))) as $s
     | ($s | with_entries(.key += "_us" | .value = (if $n > 0 then (.value * 1e6 / $n | round) else null end))) + {cpu_s: $s}'
}
machine_busy_s() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }

# -------------------------------------------------------------------------------------------------- accept rate
wrk_run() { # name, seconds -> phases/wrk-<name>.json
  local name=$1 seconds=$2 r0 r1 b0 b1 result
  b0=$(machine_busy_s) r0=$(reading)
  BENCH_BODY="$(small_event "streams_wrk")" timeout $((seconds + 30)) wrk -t 2 -c 32 -d "${seconds}s" --timeout 10s \
    -s bench/accept.lua "$base_url" > "$logs/wrk-$name.log" 2>&1 || fail "wrk failed (see $logs/wrk-$name.log)"
  b1=$(machine_busy_s) r1=$(reading)
  result=$(sed -n 's/^RESULT //p' "$logs/wrk-$name.log")
  [ -n "$result" ] || fail "no result from wrk (see $logs/wrk-$name.log)"
  jq --arg name "$name" --argjson busy "$(awk -v a="$b1" -v b="$b0" 'BEGIN { printf "%.2f", a - b }')" \
     --argjson cost "$(per_event "$r0" "$r1" "$(jq .accepted <<< "$result")")" \
     '{name: $name, connections: 32, accepted_per_s: (.accepted / .duration_s | round), accepted, other_status,
       socket_errors: (.socket_errors | add), latency_ms, machine_cores_busy: ($busy / .duration_s * 100 | round / 100),
       cpu_us_per_event: ($cost | del(.cpu_s, .client_us))}' <<< "$result" > "$phases/wrk-$name.json"
  log "accept rate, $name: $(jq -r '"\(.accepted_per_s)/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, \(.other_status) not 202, \(.socket_errors) socket errors; Payara \(.cpu_us_per_event.payara_us) µs per event"' "$phases/wrk-$name.json")"
}

log "warm-up: wrk with 32 connections for $warmup s"
BENCH_BODY="$(small_event "streams_warmup")" timeout $((warmup + 30)) wrk -t 2 -c 32 -d "${warmup}s" --timeout 10s \
  -s bench/accept.lua "$base_url" > "$logs/wrk-warmup.log" 2>&1 || fail "wrk failed (see $logs/wrk-warmup.log)"
wait_stored
wrk_run without-streams "$wrk_s"
wait_stored

# ------------------------------------------------------------------------------------------- the load client
# Runs bench/StreamLoad.java in the background; its log's marker lines place the readings: OPEN (the streams are
# open), LOAD START, LOAD DONE (every event arrived, or the wait is over). Sets client_pid.
start_client() { # name, extra options...
  local name=$1; shift
  mkdir -p "$logs/$name"
  rm -f "$work/go-$name" "$work/hold-$name"
  java -Xmx256m bench/StreamLoad.java --url "$base_url" --rate "$rate" --duration "$duration" --out "$logs/$name" \
    --go-file "$work/go-$name" --hold-file "$work/hold-$name" "$@" > "$logs/$name.log" 2>&1 < /dev/null &
  client_pid=$!
}
wait_line() { # name, pattern, seconds
  local t0=$SECONDS
  until grep -q "$2" "$logs/$1.log" 2>/dev/null; do
    kill -0 "$client_pid" 2>/dev/null || fail "the load client exited before '$2' (see $logs/$1.log)"
    [ $((SECONDS - t0)) -lt "$3" ] || fail "no '$2' from the load client within $3 s (see $logs/$1.log)"
    pause_for 0.1
  done
}
finish_client() { # name
  touch "$work/hold-$1"
  wait "$client_pid" || fail "the load client failed (see $logs/$1.log)"
  client_pid=''
  [ -s "$logs/$1/stream-summary.json" ] || fail "the load client wrote no results (see $logs/$1.log)"
}
count_rows() { psql_bench -c "SELECT count(*) FROM processed_events WHERE event_type = '$1'"; }

# -------------------------------------------------------------------------------------------------- baseline
log "baseline: $rate events/s over $streams users without streams for $duration s"
start_client baseline --streams 0 --users "$streams" --event-type streams_baseline
wait_line baseline '^.* OPEN ' 120
b0=$(machine_busy_s) r0=$(reading) t0=$(now_ms)
touch "$work/go-baseline"
wait_line baseline 'LOAD DONE' $((duration + 60))
accepted=$(grep 'LOAD DONE' "$logs/baseline.log" | grep -o '[0-9]* answered 202' | grep -o '^[0-9]*')
for _ in $(seq 60); do [ "$(count_rows streams_baseline)" -ge "$accepted" ] && break; pause_for 0.5; done
b1=$(machine_busy_s) r1=$(reading) t1=$(now_ms)
finish_client baseline
jq --argjson cost "$(per_event "$r0" "$r1" "$accepted")" --argjson stored "$(count_rows streams_baseline)" \
   --argjson wall "$(( (t1 - t0) / 1000 ))" --argjson busy "$(awk -v a="$b1" -v b="$b0" 'BEGIN { printf "%.2f", a - b }')" \
   '{load: .load, stored: $stored, window_s: $wall, machine_cores_busy: ($busy / $wall * 100 | round / 100),
     cpu_us_per_event: $cost}' "$logs/baseline/stream-summary.json" > "$phases/baseline.json"
log "baseline: $(jq -r '"\(.load.achieved_per_s)/s sent, \(.load.answers["202"] // 0) answered 202, \(.stored) stored; CPU per event: Payara \(.cpu_us_per_event.payara_us) µs, RabbitMQ \(.cpu_us_per_event.rabbitmq_us) µs, PostgreSQL \(.cpu_us_per_event.postgresql_us) µs, client \(.cpu_us_per_event.client_us) µs"' "$phases/baseline.json")"
wait_stored

# --------------------------------------------------------------------------------------------------- streams
log "streams: opening $streams streams"
start_client streams --streams "$streams" --event-type streams_live
wait_line streams '^.* OPEN ' 150
log "$(grep -o 'OPEN .*' "$logs/streams.log")"
m0=$(stream_metrics)
log "metrics before the load: $(jq -c . <<< "$m0")"
b0=$(machine_busy_s) r0=$(reading) t0=$(now_ms)
touch "$work/go-streams"
wait_line streams 'LOAD DONE' $((duration + 90))
b1=$(machine_busy_s) r1=$(reading) t1=$(now_ms)
m1=$(stream_metrics)
log "$(grep -o 'LOAD DONE.*' "$logs/streams.log")"
log "metrics after the load: $(jq -c . <<< "$m1")"
grep -o 'LOAD START epoch_ms=[0-9]*' "$logs/streams.log" | grep -o '[0-9]*$' > "$work/load-start"
heap_load=$(heap_between "$t0" "$t1")
peak_rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$payara_pid/status")

# ------------------------------------------------------------------------------------ accept rate, streams open
open_now=$(metric notifications_streams_open)
log "accept rate with $open_now streams open (idle: wrk's events are for a user without a stream)"
wrk_run with-streams-idle "$wrk_s"
m2=$(stream_metrics)
finish_client streams
delivered=$(jq .delivery.delivered "$logs/streams/stream-summary.json")
jq --argjson cost "$(per_event "$r0" "$r1" "$delivered")" --argjson m0 "$m0" --argjson m1 "$m1" --argjson m2 "$m2" \
   --argjson wall "$(awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.1f", (a - b) / 1000 }')" \
   --argjson busy "$(awk -v a="$b1" -v b="$b0" 'BEGIN { printf "%.2f", a - b }')" --argjson heap "$heap_load" \
   '. + {window_s: $wall, machine_cores_busy: ($busy / $wall * 100 | round / 100), cpu_us_per_delivered_event: $cost,
         metrics: {before_load: $m0, after_load: $m1, after_idle_accept: $m2,
                   delivered_during_load: ($m1.delivered - $m0.delivered), overflowed_during_load: ($m1.overflowed - $m0.overflowed)},
         heap_during_load: $heap}' "$logs/streams/stream-summary.json" > "$phases/streams.json"
log "streams: $(jq -r '"\(.load.achieved_per_s)/s sent (asked \(.load.asked_per_s)), \(.delivery.delivered) of \(.delivery.expected) delivered, \(.delivery.missing) missing, \(.delivery.doubled) doubled, \(.delivery.wrong_stream) on a wrong stream, \(.streams.overflow_messages) overflows, \(.streams.ended_by_server) streams ended by the server"' "$phases/streams.json")"
log "delay processed_at -> message: $(jq -r '.delay_ms.processed_at_to_message | "p50 \(.p50) ms, p90 \(.p90), p99 \(.p99), max \(.max)"' "$phases/streams.json"); 202 -> message: $(jq -r '.delay_ms["202_to_message"] | "p50 \(.p50) ms, p99 \(.p99), max \(.max)"' "$phases/streams.json")"
log "CPU per delivered event: $(jq -r '.cpu_us_per_delivered_event | "Payara \(.payara_us) µs, RabbitMQ \(.rabbitmq_us) µs, PostgreSQL \(.postgresql_us) µs, load client \(.client_us) µs"' "$phases/streams.json"); heap max $(jq .max_used_mb <<< "$heap_load") MB"
wait_stored

# -------------------------------------------------------------------------------- accept rate, streams closed
# The server notices a stream its client closed only when a write to it fails: its keep-alive comments come every
# STREAM_KEEP_ALIVE_MS (15 s), and the first one after the close may still be taken by the socket. Until then the
# stream counts as open.
closed_t0=$SECONDS
while [ "$(metric notifications_streams_open)" != 0 ] && [ $((SECONDS - closed_t0)) -lt 40 ]; do pause_for 1; done
closed_after_s=$((SECONDS - closed_t0))
log "the server counted the closed streams gone after $closed_after_s s; accept rate without streams again ($(metric notifications_streams_open) open)"
wrk_run without-streams-after "$wrk_s"
heap_all=$(heap_between 0 99999999999999)
oom=$(grep -c 'OutOfMemoryError' "$logs/payara.log" || true)
stop_payara

# ---------------------------------------------------------------------------------------------------- results
jq -n --arg run "streams-$run_id" --arg command "bench/streams.sh $args" --arg host "$(hostname) ($(nproc) cores)" \
  --arg commit "$(git describe --always --dirty)" --arg war_sha256 "$war_sha" --arg logs "$logs" --arg heap "$heap" \
  --argjson streams "$streams" --argjson rate "$rate" --argjson duration "$duration" --argjson warmup "$warmup" \
  --argjson heap_all "$heap_all" --argjson closed_after_s "$closed_after_s" --argjson peak_rss_kb "${peak_rss_kb:-0}" --argjson oom "${oom:-0}" \
  --arg java "$(java -version 2>&1 | head -1)" --arg loadavg "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --slurpfile baseline "$phases/baseline.json" --slurpfile live "$phases/streams.json" \
  --slurpfile without "$phases/wrk-without-streams.json" --slurpfile with "$phases/wrk-with-streams-idle.json" \
  --slurpfile after "$phases/wrk-without-streams-after.json" '
  {run: $run, command: $command, host: $host, commit: $commit, war_sha256: $war_sha256, java: $java, logs: $logs,
   settings: {streams: $streams, rate_per_s: $rate, duration_s: $duration, warmup_s: $warmup, heap: $heap,
              client: "bench/StreamLoad.java on the same machine (shares the cores)"},
   streams: ($live[0] | del(.per_second) | .streams.server_saw_them_closed_after_s = $closed_after_s),
   baseline_without_streams: $baseline[0],
   streams_cost_us_per_event: {payara: ($live[0].cpu_us_per_delivered_event.payara_us - $baseline[0].cpu_us_per_event.payara_us),
     postgresql: ($live[0].cpu_us_per_delivered_event.postgresql_us - $baseline[0].cpu_us_per_event.postgresql_us)},
   accept: {without_streams: $without[0], with_streams_open_idle: $with[0], without_streams_after: $after[0],
            with_vs_without: (($with[0].accepted_per_s / (($without[0].accepted_per_s + $after[0].accepted_per_s) / 2)) * 100 | round / 100)},
   memory: {heap: $heap, heap_whole_run: $heap_all, heap_during_load: $live[0].heap_during_load,
            peak_rss_mb: ($peak_rss_kb / 1024 | round), out_of_memory_errors: $oom},
   per_second: $live[0].per_second, load_average_at_end: $loadavg}
  | .checks = {
      every_event_once: (.streams.delivery.missing == 0 and .streams.delivery.doubled == 0 and .streams.delivery.wrong_stream == 0),
      no_overflow_or_end: (.streams.streams.overflow_messages == 0 and .streams.streams.ended_by_server == 0),
      all_streams_opened: (.streams.streams.opened == .streams.streams.asked),
      rate_reached: (.streams.load.achieved_per_s >= 0.95 * .streams.load.asked_per_s),
      heap_within_xmx: (.memory.out_of_memory_errors == 0)}' > "$results"

{
echo
jq -r '
  def d(x): "p50 \(x.p50) ms, p90 \(x.p90), p99 \(x.p99), max \(x.max)";
  . as $r | $r.streams as $s
  | "| figure | value |", "|---|---|",
  "| streams open | \($s.streams.opened) of \($s.streams.asked) (opened in \($s.streams.open_s) s) |",
  "| rate asked / sent (open loop) | \($s.load.asked_per_s)/s / \($s.load.achieved_per_s)/s for \($s.load.sending_s) s; largest lag behind schedule \($s.load.max_lag_behind_schedule_ms) ms; answers \($s.load.answers | tostring) |",
  "| delivered / expected (202) | \($s.delivery.delivered) / \($s.delivery.expected): missing \($s.delivery.missing), doubled \($s.delivery.doubled), wrong stream \($s.delivery.wrong_stream) |",
  "| overflows / streams ended by the server | \($s.streams.overflow_messages) / \($s.streams.ended_by_server) |",
  "| processed_at -> message (upper bound of commit -> message) | \(d($s.delay_ms.processed_at_to_message)) |",
  "| 202 -> message | \(d($s.delay_ms["202_to_message"])) |",
  "| POST sent -> message | \(d($s.delay_ms.sent_to_message)) |",
  (if $s.delay_ms_second_half then
   "| the events sent in the second half of the load: processed_at -> message; 202 -> message; sent -> 202 | \(d($s.delay_ms_second_half.processed_at_to_message)); \(d($s.delay_ms_second_half["202_to_message"])); \(d($s.delay_ms_second_half.sent_to_202)) |" else empty end),
  "| POST sent -> 202; waiting for a free connection of the client | \(d($s.load.sent_to_202_ms)); \(d($s.load.wait_for_a_connection_ms)) |",
  "| CPU per delivered event | Payara \($s.cpu_us_per_delivered_event.payara_us) µs, RabbitMQ \($s.cpu_us_per_delivered_event.rabbitmq_us) µs, PostgreSQL \($s.cpu_us_per_delivered_event.postgresql_us) µs, load client \($s.cpu_us_per_delivered_event.client_us) µs; machine \($s.machine_cores_busy) cores busy |",
  "| the same load without streams, per event | Payara \($r.baseline_without_streams.cpu_us_per_event.payara_us) µs, RabbitMQ \($r.baseline_without_streams.cpu_us_per_event.rabbitmq_us) µs, PostgreSQL \($r.baseline_without_streams.cpu_us_per_event.postgresql_us) µs, load client \($r.baseline_without_streams.cpu_us_per_event.client_us) µs |",
  "| metrics during the load | delivered +\($s.metrics.delivered_during_load), overflowed +\($s.metrics.overflowed_during_load), open \($s.metrics.after_load.open) |",
  "| heap used, max during the load / whole run | \($r.memory.heap_during_load.max_used_mb) MB / \($r.memory.heap_whole_run.max_used_mb) MB of -Xmx\($r.memory.heap); peak RSS \($r.memory.peak_rss_mb) MB; OutOfMemoryError \($r.memory.out_of_memory_errors) |",
  "| accept rate (wrk, 32 connections): without streams / with \($s.metrics.after_load.open) open and idle / without again | \($r.accept.without_streams.accepted_per_s)/s / \($r.accept.with_streams_open_idle.accepted_per_s)/s / \($r.accept.without_streams_after.accepted_per_s)/s (p99 \($r.accept.without_streams.latency_ms.p99) / \($r.accept.with_streams_open_idle.latency_ms.p99) / \($r.accept.without_streams_after.latency_ms.p99) ms) |"
' "$results"
echo
} | tee -a "$log_file"
log "results: $results"
if jq -e '.checks | [.every_event_once, .no_overflow_or_end, .all_streams_opened, .heap_within_xmx] | all' "$results" >/dev/null; then
  log "PASSED: every accepted event arrived once on its user's stream; no overflow; heap within -Xmx$heap$(jq -e .checks.rate_reached "$results" >/dev/null || echo "; the asked rate was NOT reached")"
  exit 0
fi
log "FAILED: $(jq -r '[.checks | to_entries[] | select(.value | not) | .key] | join(", ")' "$results")"
exit 1
