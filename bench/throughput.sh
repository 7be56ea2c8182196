#!/usr/bin/env bash
# Throughput benchmark: how fast the system accepts and stores events, and what each event costs in CPU, each figure
# beside the baseline of the broker or the database it depends on, measured in one run on the same machine state. The
# ratios are the figures to compare between runs (other work on the 2 cores makes the absolute numbers noisy).
#
#   bench/throughput.sh            full run, about 8 min (at most 15.5 min)
#   bench/throughput.sh --quick    development, about 5 min (at most 8 min)
# Phases:
#   1. broker baseline: RabbitMQ PerfTest, the real message size (measured from a published event), persistent,
#      durable classic queue, 1 producer with up to 1000 unconfirmed, 1 consumer with manual acks (prefetch 300);
#      then with a confirm after every publish (-c 1); a quorum queue too when RABBITMQ_QUORUM_QUEUES=true
#   2. database baseline: pgbench (bench/pgbench/*.sql) into a copy of processed_events: one row per transaction
#      with 16 clients, 100 rows per statement with 4 clients
#   3. start under load: the first requests after a start, wrk (bench/accept.lua: a fresh event_id per request) with
#      32 connections on POST /api/events in steps of 10 s (90 s, --quick 60 s), the consumer storing beside
#   4. accept rate: wrk at several concurrencies; then the batch endpoint, 100 events per request, 8 connections
#   5. fixed rates (h2load, open connections started evenly, each paced): half the best accept rate (p99 of 202), then
#      the end-to-end rate with the consumer running (queue depth every few seconds, accept-to-commit latency in SQL)
#   6. drain: Payara Micro stopped, a backlog put into notification_events (bench/QueueTool.java fill), Payara
#      started: events stored per second
# Every phase reports its CPU per event (per message, per row for the baselines) of Payara Micro, RabbitMQ,
# PostgreSQL and the load generator, read from /proc (bench/lib.sh, cpu_reading).
# Options:
#   --quick              shorter phases, a 20,000-event backlog
#   --heap SIZE          -Xmx of Payara Micro (default 512m)
#   --events N           backlog of the drain phase (default 200000, --quick 20000)
#   --e2e-rate R         events/s of the end-to-end phase (default half the PerfTest confirmed publish rate)
#   --levels LIST        wrk concurrencies (default 8,32,128,256; --quick 8,64,256)
#   --tag TAG            appended to the results file name (e.g. before, after)
#   --keep               leave the database and vhost notification_bench for inspection (default: dropped at the end)
#   --build              ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war first
#
# Uses the machine's PostgreSQL (127.0.0.1:5432, superuser postgres, trust) and RabbitMQ (127.0.0.1:5672,
# guest/guest, rabbitmqctl as root), but only the database and the vhost notification_bench, made afresh each run.
# Payara Micro runs the last build (api-war/target/...) with bin/run's launch.sh on port 8300 or the next free one.
# Needs root (apt-get installs wrk and nghttp2-client's h2load when missing), JDK 17, psql, pgbench, jq, rabbitmqctl;
# PerfTest (com.rabbitmq:perf-test, with amqp-client for QueueTool) is fetched by ./mvnw into bench/tools/target/lib.
#
# Logs (Payara's output, every tool's output) stay in bench/results/tmp/<run>/ (git-ignored); the results go to
# bench/results/throughput-<date>-<host>[-<tag>].json, and one table is printed. bench/plot.sh draws them; the series
# over time it needs: end_to_end.backlog.samples (queue depth during the load) and .after_load_samples (after it),
# end_to_end.stored_over_time and drain.stored_over_time (events stored per second, in 5 s buckets).
# Exit status: 0 every target met; 1 a target missed; 2 the run could not be completed.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

quick=0 heap=512m events='' e2e_rate='' levels='' tag='' keep=0 build=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --full) quick=0 ;;
    --heap) heap="$2"; shift ;;
    --events) events="$2"; shift ;;
    --e2e-rate) e2e_rate="$2"; shift ;;
    --levels) levels="$2"; shift ;;
    --tag) tag="$2"; shift ;;
    --keep) keep=1 ;;
    --build) build=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then
  mode=quick perftest_s=10 pgbench_s=8 start_s=60 wrk_s=8 half_s=15 e2e_s=30 watch_every=2
  events="${events:-20000}" levels="${levels:-8,64,256}" catchup_timeout=30 drain_timeout=90 max_total=480
else
  mode=full perftest_s=20 pgbench_s=15 start_s=90 wrk_s=20 half_s=30 e2e_s=60 watch_every=3
  events="${events:-200000}" levels="${levels:-8,32,128,256}" catchup_timeout=60 drain_timeout=300 max_total=940
fi
[[ "$heap" =~ ^[0-9]+[mMgG]$ ]] || { echo "--heap: a size such as 512m or 1g" >&2; exit 2; }
[[ "$levels" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "--levels: a list such as 8,32,128" >&2; exit 2; }
[[ "$events" =~ ^[0-9]+$ ]] && [ "$events" -gt 0 ] || { echo "--events: a whole number > 0" >&2; exit 2; }
[ -z "$e2e_rate" ] || [[ "$e2e_rate" =~ ^[0-9]+$ ]] || { echo "--e2e-rate: a whole number" >&2; exit 2; }
[[ "$tag" =~ ^[A-Za-z0-9._-]*$ ]] || { echo "--tag: letters, digits, . _ -" >&2; exit 2; }

# The only database and vhost this script touches.
readonly bench_db=notification_bench bench_vhost=notification_bench
readonly ready_timeout=180 term_timeout=60 pg_host=127.0.0.1 pg_port=5432 rabbit_port=5672
readonly quorum="${RABBITMQ_QUORUM_QUEUES:-false}"
heap_mb=$(( ${heap%?} * $([[ "$heap" =~ [gG]$ ]] && echo 1024 || echo 1) ))

host_tag="$(hostname -s 2>/dev/null || hostname)"
run_id="$(date +%Y%m%d-%H%M%S)-$mode"
logs="$PWD/bench/results/tmp/throughput-$run_id"
work="/tmp/notification-throughput-$$"
results="bench/results/throughput-$(date +%Y%m%d-%H%M)-$host_tag${tag:+-$tag}$([ "$mode" = quick ] && echo -quick || true).json"
tools=bench/tools/target/lib
phases="$logs/phases" # one JSON file per phase, put together at the end
mkdir -p "$logs" "$phases"

log_file="$logs/throughput.log"
source bench/lib.sh
now_ms() { date +%s%3N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }

# ---------------------------------------------------------------------------------------------------- clean-up
payara_pid='' watch_pid='' watchdog_pid='' sleeping_pid='' bench_created=0
cleanup() {
  local status=$?
  trap - EXIT INT TERM ERR
  set +eu
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
  [ -n "$sleeping_pid" ] && kill "$sleeping_pid" 2>/dev/null
  # Load generators and PerfTest run in the foreground under timeout(1); a signal to this script reaches them too.
  stop_payara
  if [ "$bench_created" = 1 ]; then
    if [ "$keep" = 1 ]; then
      echo "Left for inspection: database $bench_db, vhost $bench_vhost (--keep)"
    else
      drop_bench
    fi
  fi
  rm -rf "$work"
  [ -n "$watchdog_pid" ] && kill -- "-$watchdog_pid" 2>/dev/null
  echo "Logs of this run: $logs"
  exit "$status"
}
# The whole run is bounded: past max_total seconds the watchdog stops it (and the clean-up runs).
bound_run "$max_total"

# ---------------------------------------------------------------------------------------------- preparations
[ "$(id -u)" = 0 ] || fail "run as root: rabbitmqctl needs it, and apt-get for missing tools"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v h2load >/dev/null || missing+=(nghttp2-client)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (apt-get)"
  timeout 300 apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq \
    "${missing[@]}" >> "$logs/apt.log" 2>&1 || fail "could not install ${missing[*]} (see $logs/apt.log)"
fi
for tool in java psql pgbench jq rabbitmqctl curl ss wrk h2load timeout; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done
if [ "$build" = 1 ]; then
  log "building: ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war"
  ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war
fi
artifacts=(api-war/target/notification-micro.war api-war/target/payara/payara-micro.jar
           api-war/target/payara/postgresql.jar server-config/data-source.asadmin server-config/micro/launch.sh
           server-config/micro/http-closed.asadmin
           db/init.sql)
for file in "${artifacts[@]}"; do
  [ -f "$file" ] || fail "missing $file: run ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war (or pass --build)"
done
if ! ls "$tools"/perf-test-*.jar >/dev/null 2>&1; then
  log "fetching RabbitMQ PerfTest into $tools (./mvnw dependency:copy-dependencies of bench/tools/pom.xml)"
  timeout 300 ./mvnw -B -q -f bench/tools/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DoutputDirectory=target/lib >> "$logs/maven.log" 2>&1 || fail "could not fetch PerfTest (see $logs/maven.log)"
fi
perftest_version=$(basename "$(ls "$tools"/perf-test-*.jar)" .jar | sed 's/^perf-test-//')
amqp_cp="$(ls "$tools"/amqp-client-*.jar):$(ls "$tools"/slf4j-api-*.jar)"

app_port=$(free_port 8300)
base_url="http://127.0.0.1:$app_port"

mkdir -p "$work/app"
cp "${artifacts[@]}" "$work/app/"
war_sha=$(sha256sum "$work/app/notification-micro.war" | cut -c1-12)
log "run $run_id: Payara Micro -Xmx$heap on port $app_port, database and vhost $bench_db, quorum queues $quorum"
log "build: notification-micro.war sha256 $war_sha ($(date -r api-war/target/notification-micro.war '+%F %T')), commit $(git describe --always --dirty)"
log "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# Events of one type stored in each BUCKET_S seconds from T0_MS (epoch ms), as a rate, empty buckets included:
# {bucket_s, points: [{t_s (end of the bucket), stored_per_s}]}, what bench/plot.sh draws over time.
stored_series() { # event_type, t0_ms, bucket_s
  psql_bench <<SQL
WITH c AS (SELECT floor(extract(epoch FROM processed_at - to_timestamp($2 / 1000.0)) / $3)::int AS b, count(*) AS n
           FROM processed_events WHERE event_type = '$1' GROUP BY 1)
SELECT json_build_object('bucket_s', $3, 'points', coalesce(json_agg(json_build_object(
         't_s', (g + 1) * $3, 'stored_per_s', round(coalesce(c.n, 0) / $3.0, 1)) ORDER BY g), '[]'))
FROM generate_series(0, (SELECT max(b) FROM c)) g LEFT JOIN c ON c.b = g;
SQL
}
rabbitctl() { timeout 60 rabbitmqctl -q "$@"; }

# A fresh database and vhost: whatever a previous --keep run left is dropped first.
create_bench "$work/app/init.sql"
amqp_uri="amqp://guest:guest@127.0.0.1:$rabbit_port/$bench_vhost"

# ---------------------------------------------------------------------------------------------- Payara Micro
payara_starts=0 peak_rss_kb=0
start_payara() {
  payara_starts=$((payara_starts + 1))
  echo "===== $(date '+%F %T') throughput.sh starts Payara Micro" >> "$logs/payara.log"
  # bin/run's launch, from the copy of the build; it execs java, so payara_pid is the JVM's.
  DB_HOST="$pg_host" DB_PORT="$pg_port" DB_NAME="$bench_db" DB_USER=postgres DB_PASSWORD=bench \
  RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT="$rabbit_port" RABBITMQ_VHOST="$bench_vhost" \
  RABBITMQ_USER=guest RABBITMQ_PASSWORD=guest RABBITMQ_QUORUM_QUEUES="$quorum" JAVA_OPTS="-Xmx$heap" \
    setsid "$work/app/launch.sh" --from "$work/app" --port "$app_port" --rootdir "$work/micro-root" \
      >> "$logs/payara.log" 2>&1 < /dev/null &
  payara_pid=$!
  payara_launched_ms=$(now_ms)
}
wait_ready() { # sets ready_ms: when /health/ready first answered 200
  local started=$SECONDS
  until curl -sf -o /dev/null --max-time 2 "$base_url/health/ready"; do
    kill -0 "$payara_pid" 2>/dev/null || fail "Payara Micro exited while starting (see $logs/payara.log)"
    [ $((SECONDS - started)) -lt "$ready_timeout" ] || fail "Payara Micro not ready after $ready_timeout s"
    pause_for 0.5
  done
  ready_ms=$(now_ms)
}
note_rss() { # the peak resident memory of Payara Micro so far (VmHWM), over every start
  local hwm
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$payara_pid/status" 2>/dev/null) || return 0
  [ -n "$hwm" ] && [ "$hwm" -gt "$peak_rss_kb" ] && peak_rss_kb=$hwm
  return 0
}
payara_cpu_s() { # user + system CPU seconds of Payara Micro so far
  cpu_s_of "$payara_pid"
}
payara_s_between() { # two cpu_reading objects -> Payara's CPU seconds between them
  jq -n --argjson a "$1" --argjson b "$2" '($b.payara - $a.payara) * 100 | round / 100'
}
machine_busy_s() { # CPU seconds all processes of the machine used so far: other work on the cores shows here
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}
purge_events() { rabbitctl purge_queue -p "$bench_vhost" notification_events >/dev/null; }

start_payara
wait_ready
log "Payara Micro ready in $(( (ready_ms - payara_launched_ms) / 1000 )) s (pid $payara_pid, output in $logs/payara.log)"

# The request body of every phase: a realistic event without event_id (wrk and QueueTool put a fresh one in front,
# h2load leaves it to the API). No spaces: bench/accept.lua and QueueTool splice it as text.
body() { # $1: event_type, which tells the phases' rows apart in processed_events
  printf '{"user_id":"5f0c6a52-8d1e-4a7b-9c3f-2e6d7b8a9c10","event_type":"%s","message":"Your weekly summary is ready: 3 new comments and 2 mentions","payload":{"email":"bench.user@example.com","name":"Bench User","locale":"en-GB","plan":"standard","source":"throughput-bench","items":[101,102,103]}}' "$1"
}
# The size of the message the API really publishes for such an event, from a queue bound beside notification_events.
timeout 60 java -cp "$amqp_cp" bench/QueueTool.java tap --vhost "$bench_vhost" --url "$base_url" --body "$(body bench_size)" \
  > "$logs/tap.log" 2>&1 || fail "could not measure the message size (see $logs/tap.log)"
grep '^RESULT ' "$logs/tap.log" | sed 's/^RESULT //' > "$phases/message.json"
msg_bytes=$(jq .message_bytes "$phases/message.json")
log "one published event is $msg_bytes bytes (request body $(jq .request_bytes "$phases/message.json") bytes)"

# ---------------------------------------------------------------------------------------- 1. broker baseline
perftest() { # name, confirm window, extra PerfTest options...
  local name=$1 confirm=$2; shift 2
  local queue="bench.perftest.$name"
  log "PerfTest $name: 1 producer (confirm window $confirm), 1 consumer (manual ack, prefetch 300), $msg_bytes B persistent, $perftest_s s"
  local cpu0 cpu1; cpu0=$(cpu_reading)
  timeout $((perftest_s + 60)) java -Xmx256m -cp "$tools/*" com.rabbitmq.perf.PerfTest -h "$amqp_uri" \
    -x 1 -y 1 -c "$confirm" -f persistent -s "$msg_bytes" -z "$perftest_s" -u "$queue" -ad false -q 300 \
    -mf compact "$@" > "$logs/perftest-$name.log" 2>&1 || fail "PerfTest $name failed (see $logs/perftest-$name.log)"
  cpu1=$(cpu_reading)
  rabbitctl delete_queue -p "$bench_vhost" "$queue" >/dev/null || true
  local sent received
  sent=$(grep -o 'sending rate avg: [0-9]*' "$logs/perftest-$name.log" | grep -o '[0-9]*$')
  received=$(grep -o 'receiving rate avg: [0-9]*' "$logs/perftest-$name.log" | grep -o '[0-9]*$')
  [ -n "$sent" ] && [ -n "$received" ] || fail "no rates in $logs/perftest-$name.log"
  jq -n --arg name "$name" --argjson confirm "$confirm" --argjson publish "$sent" --argjson consume "$received" \
    --argjson seconds "$perftest_s" --arg options "$*" --argjson cost "$(cost_per_event "$cpu0" "$cpu1" $((sent * perftest_s)))" \
    '{name: $name, confirm_window: $confirm, publish_per_s: $publish, consume_per_s: $consume, seconds: $seconds,
      extra_options: $options, cpu_us_per_message: ($cost | del(.payara_us))}' > "$phases/perftest-$name.json"
  log "PerfTest $name: published $sent/s, consumed $received/s"
}
perftest classic 1000
perftest classic-confirm-each 1
if [ "$quorum" = true ]; then
  perftest quorum 1000 -qq
fi
publish_rate=$(jq .publish_per_s "$phases/perftest-classic.json")
consume_rate=$(jq .consume_per_s "$phases/perftest-classic.json")

# -------------------------------------------------------------------------------------- 2. database baseline
psql_bench -c "CREATE TABLE bench_events (LIKE processed_events INCLUDING ALL)"
pgbench_run() { # name, clients, rows per transaction
  local name=$1 clients=$2 rows=$3
  log "pgbench $name: $clients clients, $rows row(s) per INSERT ... ON CONFLICT DO NOTHING, $pgbench_s s"
  local cpu0 cpu1; cpu0=$(cpu_reading)
  timeout $((pgbench_s + 60)) pgbench -h "$pg_host" -p "$pg_port" -U postgres -n -M prepared -f "bench/pgbench/$name.sql" \
    -c "$clients" -j 2 -T "$pgbench_s" "$bench_db" > "$logs/pgbench-$name.log" 2>&1 \
    || fail "pgbench $name failed (see $logs/pgbench-$name.log)"
  cpu1=$(cpu_reading)
  local tps
  tps=$(awk '/^tps = / { print $3; exit }' "$logs/pgbench-$name.log")
  [ -n "$tps" ] || fail "no tps in $logs/pgbench-$name.log"
  jq -n --arg name "$name" --argjson clients "$clients" --argjson rows "$rows" --argjson tps "$tps" \
    --argjson seconds "$pgbench_s" \
    --argjson cost "$(cost_per_event "$cpu0" "$cpu1" "$(awk -v t="$tps" -v r="$rows" -v s="$pgbench_s" 'BEGIN { printf "%d", t * r * s }')")" \
    '{name: $name, clients: $clients, rows_per_transaction: $rows, transactions_per_s: ($tps | round),
      rows_per_s: ($tps * $rows | round), seconds: $seconds, cpu_us_per_row: ($cost | {postgresql_us, load_us})}' \
    > "$phases/pgbench-$name.json"
  log "pgbench $name: $(jq .rows_per_s "$phases/pgbench-$name.json") rows/s"
}
pgbench_run insert-one 16 1
pgbench_run insert-100 4 100
psql_bench -c "DROP TABLE bench_events"

# -------------------------------------------------------------------------------------------- 3. accept rate
# wrk keeps every connection busy: the system's ceiling with the consumer running beside (as in production).
wrk_run() { # name, connections, seconds[, events per request (default 1: POST /api/events; else the batch endpoint)]
  local name=$1 connections=$2 seconds=$3 batch=${4:-1} busy0 busy1 reading0 reading1
  busy0=$(machine_busy_s) reading0=$(cpu_reading "$payara_pid")
  BENCH_BATCH=$batch BENCH_BODY="$(body "bench_${name%%-s[0-9]*}")" timeout $((seconds + 30)) wrk -t 2 -c "$connections" \
    -d "${seconds}s" --timeout 10s -s bench/accept.lua "$base_url" > "$logs/wrk-$name.log" 2>&1 \
    || fail "wrk failed (see $logs/wrk-$name.log)"
  busy1=$(machine_busy_s) reading1=$(cpu_reading "$payara_pid")
  local result; result=$(grep '^RESULT ' "$logs/wrk-$name.log" | sed 's/^RESULT //') || fail "no result from wrk (see $logs/wrk-$name.log)"
  jq --argjson c "$connections" --argjson cpu "$(payara_s_between "$reading0" "$reading1")" \
      --argjson busy "$(minus "$busy1" "$busy0")" --arg loadavg "$(cut -d' ' -f1-3 /proc/loadavg)" \
      --argjson cost "$(cost_per_event "$reading0" "$reading1" "$(jq '.accepted * .events_per_request' <<< "$result")")" \
      '{connections: $c} + . + {accepted_per_s: (.accepted * .events_per_request / .duration_s | round), payara_cpu_s: $cpu,
        payara_cores: ($cpu / .duration_s * 100 | round / 100), machine_cores_busy: ($busy / .duration_s * 100 | round / 100),
        cpu_us_per_event: $cost, load_average: $loadavg}' <<< "$result" > "$phases/wrk-$name.json"
}
# The first requests after a start: 32 connections in steps of 10 s from the first request (the JVM has served one
# request, the message-size probe, and idled through the baselines). The consumer runs beside, as it does in service;
# what it stored in each step is counted from the rows at the end.
log "start under load: wrk with 32 connections for $start_s s, in steps of 10 s"
start_ms=$(now_ms)
for step in $(seq 1 $((start_s / 10))); do
  wrk_run "start-s$step" 32 10
  log "start, $((step * 10)) s: $(jq -r '"\(.accepted_per_s)/s, p99 \(.latency_ms.p99) ms, CPU per event: Payara \(.cpu_us_per_event.payara_us) µs, RabbitMQ \(.cpu_us_per_event.rabbitmq_us) µs, PostgreSQL \(.cpu_us_per_event.postgresql_us) µs"' "$phases/wrk-start-s$step.json")"
done
IFS=, read -ra level_list <<< "$levels"
for connections in "${level_list[@]}"; do
  purge_events
  wrk_run "accept-c$connections" "$connections" "$wrk_s"
  log "accept with $connections connections: $(jq -r '"\(.accepted_per_s)/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, p99.9 \(.latency_ms.p99_9) ms, \(.other_status) not 202, \(.socket_errors | add) socket errors"' "$phases/wrk-accept-c$connections.json")"
  note_rss
done
max_accept=$(jq -s 'map(.accepted_per_s) | max' "$phases"/wrk-accept-c*.json)
purge_events
wrk_run batch-c8 8 "$wrk_s" 100
log "batch endpoint, 100 events per request, 8 connections: $(jq -r '"\(.accepted_per_s) events/s, p99 \(.latency_ms.p99) ms per request, \(.other_status) not 202"' "$phases/wrk-batch-c8.json")"
note_rss

# ----------------------------------------------------------------------------------------------- fixed rates
# h2load: C connections, each paced at rate/C requests a second (one request in flight per connection), started one
# every 1/rate s so that they do not fire together. Stopped (SIGINT, which writes the log) 3 s after the asked duration:
# a run that cannot keep up ends on time too, and the rate it reached is what counts. Then (h2load_finished false)
# h2load has printed no summary, and it has pipelined the requests it owed on its HTTP/1.1 connections (more in flight
# than connections): the latency of a 202 includes the wait behind earlier ones, and when h2load drops a connection
# the answers queued on it are lost (the server logs "Error while closing the output stream": server_answers_lost).
fixed_rate() { # name, rate, seconds
  local name=$1 rate=$2 seconds=$3 connections per_client period per_period busy0 busy1 total reading0 reading1
  connections=$(( (rate + 3) / 4 )); [ "$connections" -lt 8 ] && connections=8; [ "$connections" -gt 256 ] && connections=256
  per_client=$(awk -v r="$rate" -v c="$connections" 'BEGIN { printf "%.3f", r / c }')
  if [ "$rate" -le 1000 ]; then
    period="$(( 1000 / rate ))ms" per_period=1
  else
    period=1ms per_period=$(( rate / 1000 ))
  fi
  total=$(( rate * seconds ))
  body "bench_$name" > "$work/body-$name.json"
  busy0=$(machine_busy_s) reading0=$(cpu_reading "$payara_pid")
  local started_ms; started_ms=$(now_ms)
  timeout -s INT $((seconds + 3)) h2load --h1 -c "$connections" --rps "$per_client" -n "$total" \
    -r "$per_period" --rate-period "$period" -d "$work/body-$name.json" -H 'Content-Type: application/json' \
    --log-file "$logs/h2load-$name.tsv" "$base_url/api/events" > "$logs/h2load-$name.log" 2>&1 || true
  busy1=$(machine_busy_s) reading1=$(cpu_reading "$payara_pid")
  [ -s "$logs/h2load-$name.tsv" ] || fail "h2load wrote no log (see $logs/h2load-$name.log)"
  # start (µs since epoch), status, duration (µs): the rate reached over the asked duration, and the latency of 202s
  # (sorted by sort(1) first: plain awk, not only gawk)
  awk -F'\t' '$2 == 202 { print $3 / 1000 }' "$logs/h2load-$name.tsv" | sort -n > "$work/latency-$name.txt"
  sort -t$'\t' -k1,1n "$logs/h2load-$name.tsv" | awk -F'\t' -v seconds="$seconds" -v asked="$rate" \
    -v connections="$connections" -v cpu="$(payara_s_between "$reading0" "$reading1")" -v latencies="$work/latency-$name.txt" '
    NR == 1 { first = $1 }
    { if ($1 - first < seconds * 1e6) { in_window++ }
      if ($2 != 202) { other++ }
      if ($1 + $3 > last) { last = $1 + $3 } }
    function pct(p,  i) { if (n == 0) return 0; i = int(p * n + 0.999999); if (i < 1) i = 1; return lat[i] }
    END {
      while ((getline line < latencies) > 0) { lat[++n] = line + 0 }
      printf "{\"asked_per_s\": %d, \"connections\": %d, \"seconds\": %d, \"answered\": %d, \"accepted\": %d, ", asked, connections, seconds, NR, n
      printf "\"other\": %d, \"achieved_per_s\": %.1f, \"payara_cpu_s\": %s, ", other, in_window / seconds, cpu
      printf "\"latency_ms\": {\"p50\": %.2f, \"p90\": %.2f, \"p99\": %.2f, \"p99_9\": %.2f, \"max\": %.2f}, ", pct(0.5), pct(0.9), pct(0.99), pct(0.999), pct(1)
      printf "\"first_sent_epoch_ms\": %d, \"last_answer_epoch_ms\": %d}\n", first / 1000, last / 1000
    }' > "$phases/rate-$name.json"
  # requests that never got an answer (still in flight when timeout stopped h2load) are in its summary, if any
  jq --argjson errored "$(grep -o '[0-9]* errored' "$logs/h2load-$name.log" | grep -o '^[0-9]*' || echo 0)" \
     --argjson failed "$(grep -o '[0-9]* failed' "$logs/h2load-$name.log" | grep -o '^[0-9]*' || echo 0)" \
     --argjson completed "$(grep -q '^finished in' "$logs/h2load-$name.log" && echo true || echo false)" \
     --argjson started_ms "$started_ms" --argjson busy "$(minus "$busy1" "$busy0")" --arg loadavg "$(cut -d' ' -f1-3 /proc/loadavg)" \
     --argjson cost "$(cost_per_event "$reading0" "$reading1" "$(wc -l < "$work/latency-$name.txt")")" \
     '. + {h2load_finished: $completed, socket_errored: $errored, failed: $failed, started_epoch_ms: $started_ms,
           payara_cores: (.payara_cpu_s / .seconds * 100 | round / 100), machine_cores_busy: ($busy / .seconds * 100 | round / 100),
           cpu_us_per_event: $cost, load_average: $loadavg}' \
     "$phases/rate-$name.json" > "$phases/rate-$name.json.tmp" && mv "$phases/rate-$name.json.tmp" "$phases/rate-$name.json"
}

half_rate=$(( max_accept / 2 )); [ "$half_rate" -lt 1 ] && half_rate=1
purge_events
log "fixed rate: $half_rate events/s (half the best accept rate) for $half_s s"
fixed_rate half "$half_rate" "$half_s"
log "half rate: reached $(jq -r '"\(.achieved_per_s)/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, p99.9 \(.latency_ms.p99_9) ms, \(.other) not 202"' "$phases/rate-half.json")"
count_rows() { psql_bench -c "SELECT count(*) FROM processed_events WHERE event_type = '$1'"; }
# The consumer ran during that phase too: accept-to-commit at a rate the API sustains (the end-to-end phase below
# asks for the issue's rate, which may be more than the API accepts on this machine).
half_accepted=$(jq .accepted "$phases/rate-half.json")
for _ in $(seq 40); do [ "$(count_rows bench_half)" -ge "$half_accepted" ] && break; pause_for 0.5; done
psql_bench > "$phases/latency-half.json" <<SQL
SELECT json_build_object('stored', count(*), 'accepted', $half_accepted,
  'p50_ms', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY d))::numeric, 1),
  'p99_ms', round((percentile_cont(0.99) WITHIN GROUP (ORDER BY d))::numeric, 1),
  'p99_9_ms', round((percentile_cont(0.999) WITHIN GROUP (ORDER BY d))::numeric, 1),
  'max_ms', round(max(d)::numeric, 1))
FROM (SELECT extract(epoch FROM processed_at - created_at) * 1000 AS d FROM processed_events WHERE event_type = 'bench_half') x;
SQL
log "half rate: accept-to-commit $(jq -r '"p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, p99.9 \(.p99_9_ms) ms, max \(.max_ms) ms (\(.stored) of \(.accepted) stored)"' "$phases/latency-half.json")"
note_rss

# --------------------------------------------------------------------------------------------- 4. end-to-end
e2e_asked="${e2e_rate:-$(( publish_rate / 2 ))}"
purge_events
log "end-to-end: $e2e_asked events/s for $e2e_s s ($([ -n "$e2e_rate" ] && echo "--e2e-rate" || echo "half the PerfTest confirmed publish rate")), queue depth every $watch_every s"
timeout $((e2e_s + catchup_timeout + 120)) java -Xmx64m -cp "$amqp_cp" bench/QueueTool.java watch --vhost "$bench_vhost" \
  --every "$watch_every" --duration $((e2e_s + catchup_timeout + 30)) > "$logs/queue-depth.txt" 2> "$logs/queue-depth.err" &
watch_pid=$!
e2e_cpu0=$(payara_cpu_s)
lost_answers() { grep -c 'Error while closing the output stream' "$logs/payara.log" || true; }
e2e_lost0=$(lost_answers)
fixed_rate e2e "$e2e_asked" "$e2e_s"
load_end_ms=$(now_ms)
e2e_accepted=$(jq .accepted "$phases/rate-e2e.json")
log "end-to-end load over: $(jq -r '"reached \(.achieved_per_s)/s, \(.accepted) accepted, \(.other) not 202"' "$phases/rate-e2e.json"); waiting for the consumer (at most $catchup_timeout s)"
# Caught up: as many rows as 202s, and nothing ready in the queue (the server may have published more events than the
# client saw 202s for: see server_answers_lost).
ready_now() { tail -1 "$logs/queue-depth.txt" 2>/dev/null | awk '{ print $2 + 0 }'; }
caught_up=0
while [ $(( ($(now_ms) - load_end_ms) / 1000 )) -lt "$catchup_timeout" ]; do
  [ "$(count_rows bench_e2e)" -ge "$e2e_accepted" ] && [ "$(ready_now)" = 0 ] && { caught_up=1; break; }
  pause_for 1
done
e2e_lost1=$(lost_answers)
catchup_s=$(awk -v a="$(now_ms)" -v b="$load_end_ms" 'BEGIN { printf "%.1f", (a - b) / 1000 }')
e2e_cpu1=$(payara_cpu_s)
pause_for 1
ready_at_end=$(ready_now)
kill "$watch_pid" 2>/dev/null || true; wait "$watch_pid" 2>/dev/null || true; watch_pid=''
note_rss
log "end-to-end: $(count_rows bench_e2e) of $e2e_accepted stored $catchup_s s after the load$([ "$caught_up" = 1 ] || echo " (NOT caught up)")"
first_ms=$(jq .first_sent_epoch_ms "$phases/rate-e2e.json")
# Queue depth (ready messages) during the load: the backlog is growing when, over the second half of the load, it
# stays above one second of the reached rate (and above 100): the consumer does not keep up.
awk -v from="$first_ms" -v to="$((first_ms + e2e_s * 1000))" '$1 >= from && $1 <= to' "$logs/queue-depth.txt" \
  | jq -R -s --argjson from "$first_ms" --argjson seconds "$e2e_s" --argjson rate "$(jq .achieved_per_s "$phases/rate-e2e.json")" '
    split("\n") | map(select(length > 0) | split(" ") | map(tonumber) | {t_s: ((.[0] - $from) / 1000 | . * 10 | round / 10), ready: .[1]}) as $s
    | ($s | map(select(.t_s >= $seconds / 2))) as $late
    | ([100, $rate] | max) as $limit
    | {samples: $s, max_ready: ($s | map(.ready) | max // 0), max_ready_second_half: ($late | map(.ready) | max // 0),
       last_ready: ($s | last | .ready // 0), limit: $limit,
       growing: (($late | map(.ready) | max // 0) > $limit),
       slope_per_s: (if ($s | length) > 2 then
          (($s | map(.t_s) | add / length) as $mt | ($s | map(.ready) | add / length) as $mr
           | ($s | map((.t_s - $mt) * (.ready - $mr)) | add) / ([($s | map((.t_s - $mt) * (.t_s - $mt)) | add), 1e-9] | max)
           | . * 10 | round / 10) else null end)}' > "$phases/backlog-e2e.json"
# The queue depth after the load too, while the consumer caught up (or not): the curve the charts draw on.
awk -v to="$((first_ms + e2e_s * 1000))" '$1 > to' "$logs/queue-depth.txt" \
  | jq -R -s --argjson from "$first_ms" --slurpfile load "$phases/backlog-e2e.json" '
    $load[0] + {after_load_samples: (split("\n") | map(select(length > 0) | split(" ") | map(tonumber)
                                      | {t_s: ((.[0] - $from) / 1000 | . * 10 | round / 10), ready: .[1]}))}' \
  > "$phases/backlog-e2e.json.tmp" && mv "$phases/backlog-e2e.json.tmp" "$phases/backlog-e2e.json"
stored_series bench_e2e "$first_ms" 5 | jq '{from: "the first request of the load"} + .' > "$phases/stored-e2e.json"
psql_bench > "$phases/latency-e2e.json" <<EOF
SELECT json_build_object(
  'stored', count(*),
  'stored_fraction', round(count(*) / greatest($e2e_accepted, 1)::numeric, 3),
  'published_estimate', count(*) + ${ready_at_end:-0},
  'stored_during_load', count(*) FILTER (WHERE processed_at <= to_timestamp($((first_ms + e2e_s * 1000)) / 1000.0)),
  'stored_per_s', round(count(*) FILTER (WHERE processed_at <= to_timestamp($((first_ms + e2e_s * 1000)) / 1000.0)) / $e2e_s.0, 1),
  'p50_ms', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY d))::numeric, 1),
  'p99_ms', round((percentile_cont(0.99) WITHIN GROUP (ORDER BY d))::numeric, 1),
  'p99_9_ms', round((percentile_cont(0.999) WITHIN GROUP (ORDER BY d))::numeric, 1),
  'max_ms', round(max(d)::numeric, 1))
FROM (SELECT processed_at, extract(epoch FROM processed_at - created_at) * 1000 AS d
      FROM processed_events WHERE event_type = 'bench_e2e') x;
EOF
jq --argjson caught_up "$caught_up" --argjson catchup_s "$catchup_s" --argjson cpu "$(minus "$e2e_cpu1" "$e2e_cpu0")" \
  --argjson lost "$((e2e_lost1 - e2e_lost0))" --argjson ready_at_end "${ready_at_end:-0}" \
  '. + {caught_up: ($caught_up == 1), catchup_s: $catchup_s, payara_cpu_s_with_catchup: $cpu,
        ready_at_end: $ready_at_end, server_answers_lost: $lost}' \
  "$phases/latency-e2e.json" > "$phases/latency-e2e.json.tmp" && mv "$phases/latency-e2e.json.tmp" "$phases/latency-e2e.json"
log "accept-to-commit: $(jq -r '"p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, p99.9 \(.p99_9_ms) ms, max \(.max_ms) ms; stored \(.stored_per_s)/s during the load"' "$phases/latency-e2e.json"); queue depth max $(jq .max_ready "$phases/backlog-e2e.json"), last $(jq .last_ready "$phases/backlog-e2e.json")"

# -------------------------------------------------------------------------------------------------- 5. drain
note_rss
log "stopping Payara Micro (SIGTERM) to build a backlog of $events events"
stop_payara
purge_events
timeout 600 java -Xmx256m -cp "$amqp_cp" bench/QueueTool.java fill --vhost "$bench_vhost" --count "$events" \
  --body "$(body bench_drain)" > "$logs/fill.log" 2>&1 || fail "could not fill the queue (see $logs/fill.log)"
grep '^RESULT ' "$logs/fill.log" | sed 's/^RESULT //' > "$phases/fill.json"
log "backlog: $(jq -r '"\(.published) events published in \(.seconds) s (\(.rate_per_s)/s, \(.mean_message_bytes) B each), \(.queue_ready) ready in notification_events"' "$phases/fill.json")"
start_payara
wait_ready
log "Payara Micro ready $(( (ready_ms - payara_launched_ms) / 1000 )) s after launch; draining (at most $drain_timeout s)"
drained=0 drain_busy0=$(machine_busy_s) drain_t0=$(now_ms) drain_reading0=$(cpu_reading "$payara_pid")
while [ $(( ($(now_ms) - ready_ms) / 1000 )) -lt "$drain_timeout" ]; do
  [ "$(count_rows bench_drain)" -ge "$events" ] && { drained=1; break; }
  note_rss
  pause_for 1
done
drain_busy1=$(machine_busy_s) drain_t1=$(now_ms) drain_reading1=$(cpu_reading "$payara_pid")
note_rss
psql_bench > "$phases/drain.json" <<EOF
WITH d AS (SELECT processed_at FROM processed_events WHERE event_type = 'bench_drain'),
     s AS (SELECT count(*) AS n, min(processed_at) AS first, max(processed_at) AS last FROM d)
SELECT json_build_object(
  'events', $events, 'stored', s.n,
  'first_stored_after_launch_s', round(extract(epoch FROM s.first - to_timestamp($payara_launched_ms / 1000.0))::numeric, 1),
  'ready_after_launch_s', round(($ready_ms - $payara_launched_ms) / 1000.0, 1),
  'span_s', round(extract(epoch FROM s.last - s.first)::numeric, 1),
  'stored_per_s', round(s.n / greatest(extract(epoch FROM s.last - s.first), 0.001)::numeric, 1),
  'stored_per_s_after_15s', (SELECT round(count(*) / greatest(extract(epoch FROM s.last - s.first) - 15, 0.001)::numeric, 1)
                             FROM d WHERE processed_at > s.first + interval '15 s'),
  'ready_to_all_stored_s', CASE WHEN s.n >= $events
      THEN round(extract(epoch FROM s.last - to_timestamp($ready_ms / 1000.0))::numeric, 1) END)
FROM s;
EOF
jq --argjson drained "$drained" --argjson cpu "$(payara_s_between "$drain_reading0" "$drain_reading1")" \
  --argjson busy "$(minus "$drain_busy1" "$drain_busy0")" --argjson wall "$(( (drain_t1 - drain_t0) / 1000 + 1 ))" \
  --argjson cost "$(cost_per_event "$drain_reading0" "$drain_reading1" "$(count_rows bench_drain)")" \
  '. + {all_stored: ($drained == 1), payara_cpu_s: $cpu, payara_cores: ($cpu / $wall * 100 | round / 100),
        machine_cores_busy: ($busy / $wall * 100 | round / 100), cpu_us_per_event: ($cost | del(.load_us))}' "$phases/drain.json" > "$phases/drain.json.tmp" \
  && mv "$phases/drain.json.tmp" "$phases/drain.json"
stored_series bench_drain "$payara_launched_ms" 5 | jq '{from: "the launch of Payara Micro"} + .' > "$phases/stored-drain.json"
log "drain: $(jq -r '"\(.stored) of \(.events) stored, \(.stored_per_s)/s (\(.stored_per_s_after_15s)/s after the first 15 s)\(if .all_stored then ", all \(.ready_to_all_stored_s) s after ready" else ", NOT all within the limit" end)"' "$phases/drain.json")"
blocked=$(grep -c 'RabbitMQ blocks publishing' "$logs/payara.log" || true)
stop_payara

# ---------------------------------------------------------------------------------------------------- results
# What the consumer stored in each 10 s step of the start under load (and after it, while it caught up).
psql_bench > "$phases/start-stored.json" <<SQL
SELECT coalesce(json_agg(json_build_object('step', step, 'stored_per_s', round(n / 10.0)) ORDER BY step), '[]') FROM (
  SELECT floor(extract(epoch FROM processed_at - to_timestamp($start_ms / 1000.0)) / 10)::int + 1 AS step, count(*) AS n
  FROM processed_events WHERE event_type = 'bench_start' GROUP BY 1) x;
SQL
jq -n --arg run "$run_id" --arg mode "$mode" --arg host "$(hostname) ($(nproc) cores)" \
  --arg commit "$(git describe --always --dirty)" --arg war_sha256 "$war_sha" --arg logs "$logs" \
  --arg heap "$heap" --argjson heap_mb "$heap_mb" --argjson peak_rss_kb "$peak_rss_kb" --arg quorum "$quorum" \
  --arg perftest_version "$perftest_version" --arg wrk "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2 || true)" \
  --arg h2load "$(h2load --version | head -1)" --argjson blocked "${blocked:-0}" \
  --arg loadavg "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson events "$events" \
  --slurpfile message "$phases/message.json" \
  --slurpfile perftest <(jq -s . "$phases"/perftest-*.json) --slurpfile pgbench <(jq -s . "$phases"/pgbench-*.json) \
  --slurpfile accept <(for c in "${level_list[@]}"; do cat "$phases/wrk-accept-c$c.json"; done | jq -s .) \
  --slurpfile start <(for step in $(seq 1 $((start_s / 10))); do jq --argjson t $((step * 10)) '{until_s: $t} + .' \
                        "$phases/wrk-start-s$step.json"; done | jq -s .) --slurpfile start_stored "$phases/start-stored.json" \
  --slurpfile batch "$phases/wrk-batch-c8.json" \
  --slurpfile half "$phases/rate-half.json" --slurpfile half_latency "$phases/latency-half.json" --slurpfile e2e "$phases/rate-e2e.json" \
  --slurpfile backlog "$phases/backlog-e2e.json" --slurpfile latency "$phases/latency-e2e.json" \
  --slurpfile fill "$phases/fill.json" --slurpfile drain "$phases/drain.json" \
  --slurpfile e2e_stored "$phases/stored-e2e.json" --slurpfile drain_stored "$phases/stored-drain.json" '
  ($perftest[0] | map({(.name): .}) | add) as $pt | ($pgbench[0] | map({(.name): .}) | add) as $pg
  | ($accept[0] | max_by(.accepted_per_s)) as $best
  | {run: $run, mode: $mode, host: $host, commit: $commit, war_sha256: $war_sha256, logs: $logs,
     tools: {perf_test: $perftest_version, wrk: $wrk, h2load: $h2load},
     settings: {heap: $heap, quorum_queues: ($quorum == "true"), drain_events: $events},
     message: $message[0] | {request_bytes, message_bytes},
     baseline: {rabbitmq: $pt, postgresql: $pg},
     start: {steps: $start[0], stored: $start_stored[0]},
     accept: {levels: $accept[0], best: $best},
     batch: $batch[0],
     half_rate: ($half[0] + {accept_to_commit: $half_latency[0]}),
     end_to_end: ($e2e[0] + {backlog: $backlog[0], accept_to_commit: $latency[0], stored_over_time: $e2e_stored[0]}),
     drain: ($drain[0] + {fill: $fill[0], stored_over_time: $drain_stored[0]}),
     memory: {heap_mb: $heap_mb, peak_rss_mb: ($peak_rss_kb / 1024 | round)},
     disturbances: {broker_blocked_publishers: $blocked, load_average_at_end: $loadavg}}
  | ($accept[0] | map(select(.connections == 32)) | first // $best) as $at32
  | .ratios = {
      accept_vs_publish: ($best.accepted_per_s / $pt.classic.publish_per_s),
      batch_vs_publish: ($batch[0].accepted_per_s / $pt.classic.publish_per_s),
      start_30s_vs_best: (($start[0] | map(select(.until_s == 30)) | first | .accepted_per_s) / $best.accepted_per_s),
      e2e_stored_vs_asked: (.end_to_end.accept_to_commit.stored_per_s / .end_to_end.asked_per_s),
      drain_vs_consume: (.drain.stored_per_s / $pt.classic.consume_per_s),
      drain_vs_pgbench_one: (.drain.stored_per_s / $pg["insert-one"].rows_per_s),
      drain_vs_pgbench_100: (.drain.stored_per_s / $pg["insert-100"].rows_per_s)}
  | .targets = {
      accept: {target: ">= 0.3 x PerfTest confirmed publish rate", pass: (.ratios.accept_vs_publish >= 0.3)},
      batch: {target: ">= 0.9 x PerfTest confirmed publish rate", pass: (.ratios.batch_vs_publish >= 0.9)},
      payara_cpu_per_post: {target: "<= 250 µs of Payara CPU per POST /api/events at 32 connections, else the best level (consumer included)",
                            connections: $at32.connections, value_us: $at32.cpu_us_per_event.payara_us, pass: ($at32.cpu_us_per_event.payara_us <= 250)},
      start: {target: "full speed (>= 0.9 x the best accept rate) in the 10 s up to 30 s after a start under load",
              pass: (.ratios.start_30s_vs_best >= 0.9)},
      end_to_end: {target: "0.5 x that rate sustained, no growing backlog, p99 accept-to-commit < 250 ms",
                   pass: (.end_to_end.achieved_per_s >= 0.95 * .end_to_end.asked_per_s
                          and .end_to_end.accept_to_commit.stored_per_s >= 0.95 * .end_to_end.asked_per_s
                          and (.end_to_end.backlog.growing | not) and .end_to_end.accept_to_commit.p99_ms < 250)},
      half_rate_p99: {target: "p99 of 202 < 25 ms at half the best accept rate",
                      pass: (.half_rate.latency_ms.p99 < 25 and .half_rate.other == 0
                             and .half_rate.achieved_per_s >= 0.95 * .half_rate.asked_per_s)},
      drain: {target: ">= 0.9 x PerfTest consume rate", pass: (.ratios.drain_vs_consume >= 0.9)},
      heap: {target: "<= 512 MB", pass: ($heap_mb <= 512)}}' > "$results"

# ------------------------------------------------------------------------------------------------------ table
{
echo
jq -r '
  def r(x): if x == null then "-" else (x * 100 | round / 100 | tostring) end;
  def n(x): if x == null then "-" else (x | round | tostring) end;
  def v(t): if t.pass then "PASS" else "MISS" end;
  def cost(c): "CPU per event: Payara \(c.payara_us) µs, RabbitMQ \(c.rabbitmq_us) µs, PostgreSQL \(c.postgresql_us) µs, load \(c.load_us) µs";
  . as $r | $r.baseline.rabbitmq.classic as $pt
  | "| figure | value | baseline | ratio | target | verdict |", "|---|---:|---|---:|---|---|",
  "| accept rate, best of \($r.accept.levels | map(.connections | tostring) | join("/")) connections (\($r.accept.best.connections)) | \($r.accept.best.accepted_per_s)/s | PerfTest confirmed publish (window 1000) \($pt.publish_per_s)/s | \(r($r.ratios.accept_vs_publish)) | >= 0.3 | \(v($r.targets.accept)) |",
  ($r.accept.levels[] | "| - with \(.connections) connections | \(.accepted_per_s)/s; 202 p50/p99/p99.9 \(.latency_ms.p50)/\(.latency_ms.p99)/\(.latency_ms.p99_9) ms; \(.other_status) not 202, \(.socket_errors | add) socket errors; cores: Payara \(.payara_cores), machine \(.machine_cores_busy); \(cost(.cpu_us_per_event)) | | \(r(.accepted_per_s / $pt.publish_per_s)) | | |"),
  "| Payara CPU per POST, \($r.targets.payara_cpu_per_post.connections) connections (consumer included) | \($r.targets.payara_cpu_per_post.value_us) µs | PerfTest: RabbitMQ \($pt.cpu_us_per_message.rabbitmq_us) µs per message | | <= 250 µs | \(v($r.targets.payara_cpu_per_post)) |",
  "| batch endpoint, 100 events per request, 8 connections | \($r.batch.accepted_per_s) events/s; p99 \($r.batch.latency_ms.p99) ms per request; \($r.batch.other_status) not 202; \(cost($r.batch.cpu_us_per_event)) | PerfTest \($pt.publish_per_s)/s | \(r($r.ratios.batch_vs_publish)) | >= 0.9 | \(v($r.targets.batch)) |",
  "| start under load: rate in each 10 s step | \($r.start.steps | map("\(.until_s) s: \(.accepted_per_s)/s (Payara \(.cpu_us_per_event.payara_us) µs)") | join(", ")) | best accept \($r.accept.best.accepted_per_s)/s | \(r($r.ratios.start_30s_vs_best)) at 30 s | >= 0.9 at 30 s | \(v($r.targets.start)) |",
  "| - stored by the consumer in each step | \($r.start.stored | map("\(.step * 10) s: \(.stored_per_s)/s") | join(", ")) | | | | |",
  "| (reference) CPU per message of PerfTest; per row of pgbench | RabbitMQ \($pt.cpu_us_per_message.rabbitmq_us) µs, PerfTest \($pt.cpu_us_per_message.load_us) µs; PostgreSQL \($r.baseline.postgresql["insert-one"].cpu_us_per_row.postgresql_us) µs (1 row/tx), \($r.baseline.postgresql["insert-100"].cpu_us_per_row.postgresql_us) µs (100 rows/tx) | | | | |",
  "| (reference) PerfTest, confirm after every publish | \($r.baseline.rabbitmq["classic-confirm-each"].publish_per_s)/s | PerfTest window 1000: \($pt.publish_per_s)/s | \(r($r.baseline.rabbitmq["classic-confirm-each"].publish_per_s / $pt.publish_per_s)) | | |",
  (if $r.baseline.rabbitmq.quorum then "| (reference) PerfTest, quorum queue, window 1000 | \($r.baseline.rabbitmq.quorum.publish_per_s)/s published, \($r.baseline.rabbitmq.quorum.consume_per_s)/s consumed | classic: \($pt.publish_per_s)/s | \(r($r.baseline.rabbitmq.quorum.publish_per_s / $pt.publish_per_s)) | | |" else empty end),
  "| 202 p99 at half the best accept rate (\($r.half_rate.asked_per_s)/s asked, \($r.half_rate.achieved_per_s)/s reached) | \($r.half_rate.latency_ms.p99) ms (p50 \($r.half_rate.latency_ms.p50), p99.9 \($r.half_rate.latency_ms.p99_9)); \($r.half_rate.other) not 202; cores: Payara \($r.half_rate.payara_cores), machine \($r.half_rate.machine_cores_busy); \(cost($r.half_rate.cpu_us_per_event)) | | | < 25 ms | \(v($r.targets.half_rate_p99)) |",
  "| - accept-to-commit at that rate, consumer running (\($r.half_rate.accept_to_commit.stored) of \($r.half_rate.accept_to_commit.accepted) stored) | p99 \($r.half_rate.accept_to_commit.p99_ms) ms (p50 \($r.half_rate.accept_to_commit.p50_ms), p99.9 \($r.half_rate.accept_to_commit.p99_9_ms), max \($r.half_rate.accept_to_commit.max_ms)) | | | | |",
  "| end-to-end: stored during \($r.end_to_end.seconds) s at a fixed rate | \($r.end_to_end.accept_to_commit.stored_per_s)/s (\($r.end_to_end.achieved_per_s)/s accepted, \($r.end_to_end.other) not 202; 202 p99 \($r.end_to_end.latency_ms.p99) ms; cores: Payara \($r.end_to_end.payara_cores), machine \($r.end_to_end.machine_cores_busy)) | asked \($r.end_to_end.asked_per_s)/s = 0.5 x PerfTest publish | \(r($r.ratios.e2e_stored_vs_asked)) | >= 0.95, no growing backlog | \(v($r.targets.end_to_end)) |",
  "| - backlog (ready messages) | max \($r.end_to_end.backlog.max_ready), second half max \($r.end_to_end.backlog.max_ready_second_half), last \($r.end_to_end.backlog.last_ready); slope \($r.end_to_end.backlog.slope_per_s)/s | limit \($r.end_to_end.backlog.limit) | | \(if $r.end_to_end.backlog.growing then "growing" else "not growing" end) | |",
  "| - accept-to-commit p99 (of the \($r.end_to_end.accept_to_commit.stored) stored) | \($r.end_to_end.accept_to_commit.p99_ms) ms (p50 \($r.end_to_end.accept_to_commit.p50_ms), p99.9 \($r.end_to_end.accept_to_commit.p99_9_ms), max \($r.end_to_end.accept_to_commit.max_ms)) | | | < 250 ms | |",
  "| - caught up after the load | \(if $r.end_to_end.accept_to_commit.caught_up then "in \($r.end_to_end.accept_to_commit.catchup_s) s" else "NO (\($r.end_to_end.accept_to_commit.stored) of \($r.end_to_end.accepted) after \($r.end_to_end.accept_to_commit.catchup_s) s, \($r.end_to_end.accept_to_commit.ready_at_end) still queued)" end) | | | | |",
  (if $r.end_to_end.accept_to_commit.server_answers_lost > 0 then "| - answers the server could not write (client connection closed) | \($r.end_to_end.accept_to_commit.server_answers_lost); events published by the server: about \($r.end_to_end.accept_to_commit.published_estimate) (stored + queued), 202s seen by h2load: \($r.end_to_end.accepted) | | | | |" else empty end),
  "| drain rate, \($r.drain.events) events queued | \($r.drain.stored_per_s)/s (\($r.drain.stored_per_s_after_15s)/s after 15 s; cores: Payara \($r.drain.payara_cores), machine \($r.drain.machine_cores_busy); \(cost($r.drain.cpu_us_per_event + {load_us: "-"}))) | PerfTest consume \($pt.consume_per_s)/s | \(r($r.ratios.drain_vs_consume)) | >= 0.9 | \(v($r.targets.drain)) |",
  "| - drain vs database | | pgbench 1 row/tx x16: \($r.baseline.postgresql["insert-one"].rows_per_s) rows/s; 100 rows/tx x4: \($r.baseline.postgresql["insert-100"].rows_per_s) rows/s | \(r($r.ratios.drain_vs_pgbench_one)); \(r($r.ratios.drain_vs_pgbench_100)) | | |",
  "| - drain time | \(if $r.drain.all_stored then "all stored \($r.drain.ready_to_all_stored_s) s after ready" else "\($r.drain.stored) stored, NOT all within the limit" end) (ready \($r.drain.ready_after_launch_s) s after launch) | | | | |",
  "| heap | -Xmx\($r.settings.heap) (\($r.memory.heap_mb) MB); peak RSS \($r.memory.peak_rss_mb) MB | | | <= 512 MB | \(v($r.targets.heap)) |",
  "| message size | \($r.message.message_bytes) B published (request \($r.message.request_bytes) B) | | | | |",
  (if $r.disturbances.broker_blocked_publishers > 0 then "| DISTURBED: RabbitMQ blocked publishers (memory or disk alarm) | \($r.disturbances.broker_blocked_publishers) times | | | | |" else empty end)
' "$results"
echo
} | tee -a "$logs/throughput.log"
log "results: $results"
if jq -e '[.targets[] | .pass] | all' "$results" >/dev/null; then
  log "every target met"
  exit 0
fi
log "targets missed: $(jq -r '[.targets | to_entries[] | select(.value.pass | not) | .key] | join(", ")' "$results")"
exit 1
