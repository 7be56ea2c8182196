#!/usr/bin/env bash
# Scale-out run: two Payara Micro instances of the application, both publishing and both consuming (competing
# consumers), on a three-node RabbitMQ cluster with quorum queues. Proves that every event answered 202 is stored
# exactly once while the quorum leader of notification_events is stopped and started again and one instance is
# killed (SIGKILL) and started again, then compares the accept rate of one instance with that of both. Between the
# two, live streams across instances: streams open on each instance for users whose events are posted to the other.
#
#   bench/cluster.sh              about 6 min on 2 cores (a watchdog stops it after 11 min)
# Options:
#   --rate N          events a second of the fault load, sent round-robin to both instances (default 300)
#   --duration S      least seconds of the fault load (default 60; it also lasts until the faults are over, plus 15 s)
#   --down S          seconds the stopped RabbitMQ node stays down (default 15)
#   --wrk-seconds S   seconds of each closed-loop throughput measurement (default 15)
#   --streams N       streams of the stream step (default 100; 0 leaves the step out)
#   --stream-rate R   events a second of the stream step (default 100)
#   --stream-seconds S  seconds of the stream step's load (default 30)
#   --build           ./mvnw -B -q -DskipTests package -pl consumer-ejb,api-war first
#
# Steps:
#   1. a private PostgreSQL cluster (initdb, port 5453 or the next free one) and a RabbitMQ cluster of three nodes
#      (cluster1..3-<pid>@localhost, AMQP ports 5681.. and distribution ports 25681.. or the next free ones, data
#      under /tmp/notification-cluster-<pid>, no management plugin; nodes 2 and 3 join node 1), all deleted on exit.
#      The services on 5432/5672 are not touched.
#   2. two Payara Micro instances (the last build, bin/run's launch.sh, -Xmx512m each) on ports 8201 and 8202 or
#      the next free ones, with RABBITMQ_QUORUM_QUEUES=true and RABBITMQ_ADDRESSES listing the three nodes.
#   4. load (bench/FaultLoad.java, round-robin over both instances); during it: the node leading the quorum queue
#      notification_events is stopped (rabbitmqctl stop_app) and started again (start_app); instance 2 is killed
#      with SIGKILL and started again. Then the queues are drained and the outcomes reconciled with the table.
#   3. throughput: wrk (bench/accept.lua, 64 connections) for --wrk-seconds against instance 1 alone, then against
#      both at once (two wrk processes of 32 connections), after a 30 s warm-up of both.
#   3b. streams across instances (before the faults): bench/StreamLoad.java opens N streams, those of even users on
#      instance 2 and of odd users on instance 1, and posts R events a second for S seconds, each user's to the
#      instance its stream is not on (either consumer stores them: the competing consumers split the batches). Then
#      each stored event of those users (event_type cluster_stream) is reconciled with what the streams received:
#      missing (stored, never arrived on its user's stream) and doubled must be 0.
#
# Logs (Payara's output, the nodes' logs, every request's outcome) stay in bench/results/tmp/<run>/ (git-ignored);
# the results go to bench/results/cluster-<date>.json.
# Exit status: 0 nothing lost or doubled, every answer in the contract (JSON; bench/faults.sh says which are not),
# every stored event of the stream step arrived once on its stream; 1 an accepted event lost, an event stored twice,
# an answer outside the contract, or a stream event missing or doubled; 2 the run could not be
# completed (a service or the application did not start, stop or recover in time, bad arguments).
set -Eeuo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

rate=300 duration=60 down=15 wrk_s=15 build=0 stream_n=100 stream_rate=100 stream_s=30
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --down) down="$2"; shift ;;
    --wrk-seconds) wrk_s="$2"; shift ;;
    --streams) stream_n="$2"; shift ;;
    --stream-rate) stream_rate="$2"; shift ;;
    --stream-seconds) stream_s="$2"; shift ;;
    --build) build=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
for number in "$rate" "$duration" "$down" "$wrk_s" "$stream_n" "$stream_rate" "$stream_s"; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "not a whole number: $number" >&2; exit 2; }
done

readonly request_timeout=10 ready_timeout=240 drain_timeout=180 max_total=$((660 + stream_s))
readonly warmup=10 pause=10 tail=15 wrk_warmup=30
readonly pg_bin=/usr/lib/postgresql/15/bin

run_id="$(date +%Y%m%d-%H%M%S)"
logs="$PWD/bench/results/tmp/cluster-$run_id"
work="/tmp/notification-cluster-$$"
results="bench/results/cluster-$run_id.json"
nodes=("cluster1-$$@localhost" "cluster2-$$@localhost" "cluster3-$$@localhost")
mkdir -p "$logs/load"

log_file="$logs/cluster.log"
source bench/lib.sh

# ---------------------------------------------------------------------------------------------------- clean-up
payara_pids=('' '') load_pid='' stream_pid='' watchdog_pid='' sleeping_pid='' pg_started=0 rabbit_started=0 wrk_pids=()
cleanup() {
  local status=$? pid node
  trap - EXIT INT TERM ERR
  set +eu
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null
  [ -n "$stream_pid" ] && kill "$stream_pid" 2>/dev/null
  [ -n "$sleeping_pid" ] && kill "$sleeping_pid" 2>/dev/null
  for pid in "${wrk_pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${payara_pids[@]}"; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; done
  for pid in "${payara_pids[@]}"; do
    [ -n "$pid" ] || continue
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [ "$rabbit_started" = 1 ]; then
    for node in "${nodes[@]}"; do
      [ -f "$work/rabbitmq/$node/mnesia/$node.pid" ] || continue
      timeout 60 rabbitmqctl -n "$node" -q stop "$work/rabbitmq/$node/mnesia/$node.pid" >/dev/null 2>&1 \
        || kill -KILL "$(cat "$work/rabbitmq/$node/mnesia/$node.pid" 2>/dev/null)" 2>/dev/null
    done
  fi
  if [ "$pg_started" = 1 ]; then
    timeout 60 runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/postgres/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || kill -KILL "$(head -1 "$work/postgres/data/postmaster.pid" 2>/dev/null)" 2>/dev/null
  fi
  for node in "${nodes[@]}"; do cp -r "$work/rabbitmq/$node/log" "$logs/rabbitmq-${node%%@*}" 2>/dev/null; done
  cp "$work/postgres/postgres.log" "$logs/postgres.log" 2>/dev/null
  rm -rf "$work"
  [ -n "$watchdog_pid" ] && kill -- "-$watchdog_pid" 2>/dev/null
  echo "Logs of this run: $logs"
  exit "$status"
}
# The whole run is bounded: past max_total seconds the watchdog stops it (and the clean-up runs).
bound_run "$max_total"
run_started=$SECONDS

# ---------------------------------------------------------------------------------------------- preparations
for tool in java psql curl jq wrk rabbitmq-server rabbitmqctl runuser ss "$pg_bin/initdb"; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done
[ "$(id -u)" = 0 ] || fail "run as root: the private PostgreSQL and RabbitMQ run as the postgres and rabbitmq users"
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

pg_port=$(free_port 5453)
amqp_ports=() dist_ports=() app_ports=()
next=5681; for _ in 1 2 3; do next=$(free_port "$next"); amqp_ports+=("$next"); next=$((next + 1)); done
next=25681; for _ in 1 2 3; do next=$(free_port "$next"); dist_ports+=("$next"); next=$((next + 1)); done
next=8201; for _ in 1 2; do next=$(free_port "$next"); app_ports+=("$next"); next=$((next + 1)); done
urls=("http://127.0.0.1:${app_ports[0]}" "http://127.0.0.1:${app_ports[1]}")
addresses="127.0.0.1:${amqp_ports[0]},127.0.0.1:${amqp_ports[1]},127.0.0.1:${amqp_ports[2]}"

mkdir -p "$work"
chmod 755 "$work"
# A copy of the build, so that a rebuild in this working tree during the run cannot change what restarts.
mkdir "$work/app"
cp "${artifacts[@]}" "$work/app/"
war_sha=$(sha256sum "$work/app/notification-micro.war" | cut -c1-12)
log "run cluster-$run_id: $rate events/s for at least $duration s over 2 instances, a RabbitMQ node down $down s"
log "build: notification-micro.war sha256 $war_sha ($(date -r api-war/target/notification-micro.war '+%F %T')), commit $(git describe --always --dirty)"
log "ports: PostgreSQL $pg_port, RabbitMQ ${amqp_ports[*]} (distribution ${dist_ports[*]}), Payara Micro ${app_ports[*]}; data in $work"

# ---------------------------------------------------------------------------------------- private PostgreSQL
mkdir "$work/postgres"
chown postgres: "$work/postgres"
as_postgres "$pg_bin/initdb" -D "$work/postgres/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N >/dev/null
pg_started=1
as_postgres "$pg_bin/pg_ctl" -D "$work/postgres/data" -l "$work/postgres/postgres.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/postgres" start >/dev/null
psql_as -U postgres -d postgres -c "CREATE ROLE notiuser LOGIN PASSWORD 'cluster'" \
  -c "CREATE DATABASE notification_cluster OWNER notiuser"
psql_as -U notiuser -d notification_cluster -f "$work/app/init.sql"
log "PostgreSQL up: database notification_cluster on 127.0.0.1:$pg_port"

# ------------------------------------------------------------------------------------ private RabbitMQ cluster
# The Debian wrapper runs the nodes as the rabbitmq user (su, keeping the environment), so their files belong to that
# user, and the nodes and rabbitmqctl all use the cookie in /var/lib/rabbitmq/.erlang.cookie: the same cookie, which
# is what lets the nodes cluster. Each node has its own name, ports, data and log directories and config file.
rabbitctl() { local node=$1; shift; timeout 60 rabbitmqctl -n "$node" -q "$@"; }
start_node() { # index 0..2
  local i=$1 node=${nodes[$1]} dir="$work/rabbitmq/${nodes[$1]}"
  (cd /tmp && env RABBITMQ_NODENAME="$node" RABBITMQ_NODE_PORT="${amqp_ports[$i]}" RABBITMQ_DIST_PORT="${dist_ports[$i]}" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" rabbitmq-server -detached)
}
wait_node() { rabbitctl "${nodes[$1]}" wait --timeout 90 "$work/rabbitmq/${nodes[$1]}/mnesia/${nodes[$1]}.pid" >/dev/null; }

for i in 0 1 2; do
  dir="$work/rabbitmq/${nodes[$i]}"
  mkdir -p "$dir/mnesia" "$dir/log"
  echo "listeners.tcp.1 = 127.0.0.1:${amqp_ports[$i]}" > "$dir/rabbitmq.conf"
  cat > "$dir/rabbitmq-env.conf" <<'EOF'
ERL_EPMD_ADDRESS=127.0.0.1
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
  echo '[].' > "$dir/enabled_plugins" # no management plugin: its port 15672 belongs to the system node
done
chown -R rabbitmq: "$work/rabbitmq"
rabbit_started=1
for i in 0 1 2; do start_node "$i"; done
for i in 0 1 2; do wait_node "$i"; done
for i in 1 2; do # rabbitmqctl's complaints about the node still starting beside go to a log
  rabbitctl "${nodes[$i]}" stop_app >> "$logs/rabbitmqctl.log" 2>&1
  rabbitctl "${nodes[$i]}" join_cluster "${nodes[0]}" >> "$logs/rabbitmqctl.log" 2>&1
  rabbitctl "${nodes[$i]}" start_app >> "$logs/rabbitmqctl.log" 2>&1
done
running=$(rabbitctl "${nodes[0]}" cluster_status --formatter json | jq -r '.running_nodes | length')
[ "$running" = 3 ] || fail "the RabbitMQ cluster has $running running nodes, not 3"
log "RabbitMQ cluster up: ${nodes[*]} on 127.0.0.1 ports ${amqp_ports[*]}"

# ---------------------------------------------------------------------------------------------- Payara Micro
start_payara() { # index 0 or 1
  local i=$1
  echo "===== $(date '+%F %T') cluster.sh starts Payara Micro $((i + 1))" >> "$logs/payara-$((i + 1)).log"
  # bin/run's launch, from the copy of the build; it execs java, so the pid is the JVM's (heap: JAVA_OPTS).
  DB_HOST=127.0.0.1 DB_PORT="$pg_port" DB_NAME=notification_cluster DB_USER=notiuser DB_PASSWORD=cluster \
  RABBITMQ_ADDRESSES="$addresses" RABBITMQ_QUORUM_QUEUES=true RABBITMQ_VHOST=/ \
  RABBITMQ_USER=guest RABBITMQ_PASSWORD=guest \
    setsid "$work/app/launch.sh" --from "$work/app" --port "${app_ports[$i]}" --rootdir "$work/micro-root-$((i + 1))" \
      >> "$logs/payara-$((i + 1)).log" 2>&1 < /dev/null &
  payara_pids[$i]=$!
}
# What an instance that does not become ready leaves behind: its health answer and threads, and the broker's view of
# its connections, channels and queues, from each node that answers.
diagnose_not_ready() { # index
  local i=$1 node out="$logs/not-ready-$(($1 + 1))"
  curl -s --max-time 5 "${urls[$i]}/health/ready" > "$out-health.json" 2>&1 || true
  timeout 20 jcmd "${payara_pids[$i]}" Thread.print > "$out-threads.txt" 2>&1 || true
  for node in "${nodes[@]}"; do
    {
      echo "== $node connections"; rabbitctl "$node" list_connections name client_properties state channels
      echo "== $node channels"; rabbitctl "$node" list_channels name confirm messages_unconfirmed state
      echo "== $node queues"; rabbitctl "$node" list_queues -p / name leader members online messages
    } >> "$out-rabbitmq.txt" 2>&1 || true
  done
  log "Payara Micro $((i + 1)) not ready: $(head -c 600 "$out-health.json"); details in $out-*"
}
wait_ready() { # index; sets ready_s
  local i=$1 started=$SECONDS
  until curl -sf -o /dev/null --max-time 2 "${urls[$i]}/health/ready"; do
    kill -0 "${payara_pids[$i]}" 2>/dev/null || fail "Payara Micro $((i + 1)) exited while starting (see $logs/payara-$((i + 1)).log)"
    if [ $((SECONDS - started)) -ge "$ready_timeout" ]; then
      diagnose_not_ready "$i"
      fail "Payara Micro $((i + 1)) not ready after $ready_timeout s"
    fi
    pause_for 0.5
  done
  ready_s=$((SECONDS - started))
}

# The first instance declares the quorum queues on the whole cluster; the second starts once they exist.
boot_started=$SECONDS
start_payara 0
wait_ready 0
log "Payara Micro 1 up on ${urls[0]} in $ready_s s (pid ${payara_pids[0]})"
start_payara 1
wait_ready 1
log "Payara Micro 2 up on ${urls[1]} in $ready_s s (pid ${payara_pids[1]})"
boot_s=$((SECONDS - boot_started))
rabbitctl "${nodes[0]}" list_queues -p / name type leader members --no-table-headers > "$logs/queues-start.txt" \
  || fail "could not list the queues"
log "queues: $(awk '{ printf "%s%s (%s, leader %s)", sep, $1, $2, $3; sep = "; " }' "$logs/queues-start.txt")"

# ------------------------------------------------------------------------------------------------ throughput
count_stored() { psql_as -U notiuser -d notification_cluster -c "SELECT count(*) FROM processed_events"; }
queues() { rabbitctl "${nodes[0]}" list_queues -p / name messages messages_unacknowledged --no-table-headers; }
wait_drained() { # sets drained (1 or 0), drain_s and stored: the queues empty and the rows stable twice in a row
  local started=$SECONDS stable=0 previous=-1 pending
  drained=0
  while [ $((SECONDS - started)) -lt "$drain_timeout" ]; do
    pending=$(queues | awk '$1 !~ /\.dead$/ { n += $2 + $3 } END { print n + 0 }') || pending=unknown
    stored=$(count_stored) || stored=unknown
    if [ "$pending" = 0 ] && [ "$stored" = "$previous" ]; then
      stable=$((stable + 1))
      [ "$stable" -ge 2 ] && { drained=1; break; }
    else
      stable=0
    fi
    previous=$stored
    pause_for 2
  done
  drain_s=$((SECONDS - started))
}
# Before the fault load: both instances are equally fresh, and the load then runs on warmed-up JITs. wrk's events
# have their own event_type, left out of the reconciliation.
body='{"user_id":"5f0c6a52-8d1e-4a7b-9c3f-2e6d7b8a9c10","event_type":"cluster_wrk","message":"Your weekly summary is ready: 3 new comments and 2 mentions","payload":{"email":"bench.user@example.com","name":"Bench User","locale":"en-GB","plan":"standard","source":"cluster-bench","items":[101,102,103]}}'
wrk_on() { # name, seconds, connections per instance, instance indexes...
  local name=$1 seconds=$2 connections=$3 i pid; shift 3
  wrk_pids=()
  for i in "$@"; do
    BENCH_BODY="$body" timeout $((seconds + 30)) wrk -t $((2 / $#)) -c "$connections" -d "${seconds}s" --timeout 10s \
      -s bench/accept.lua "${urls[$i]}" > "$logs/wrk-$name-$((i + 1)).log" 2>&1 &
    wrk_pids+=($!)
  done
  for pid in "${wrk_pids[@]}"; do wait "$pid" || fail "wrk failed (see $logs/wrk-$name-*.log)"; done
  wrk_pids=()
  for i in "$@"; do grep '^RESULT ' "$logs/wrk-$name-$((i + 1)).log" | sed 's/^RESULT //'; done \
    | jq -s --arg name "$name" --argjson c "$connections" '{name: $name, instances: length, connections: ($c * length),
        accepted: (map(.accepted) | add), other_status: (map(.other_status) | add),
        socket_errors: (map(.socket_errors | add) | add), duration_s: (map(.duration_s) | max),
        p99_ms: (map(.latency_ms.p99) | max)} | .accepted_per_s = (.accepted / .duration_s | round)' \
    > "$logs/wrk-$name.json" || fail "no result from wrk (see $logs/wrk-$name-*.log)"
}
# The JIT keeps speeding a fresh instance up for about a minute (bench/throughput.sh): without a warm-up the second
# measurement gains from it and the ratio means little.
log "throughput: wrk warm-up on both instances for $wrk_warmup s"
wrk_on warmup "$wrk_warmup" 32 0 1
log "throughput: wrk with 64 connections on instance 1 alone for $wrk_s s"
wrk_on one "$wrk_s" 64 0
log "throughput: wrk with 32 connections on each instance for $wrk_s s"
wrk_on two "$wrk_s" 32 0 1
throughput=$(jq -s 'map({(.name): .}) | add | {one: .one, two: .two,
  speed_up: ((.two.accepted_per_s / .one.accepted_per_s) * 100 | round / 100)}' "$logs/wrk-one.json" "$logs/wrk-two.json")
log "throughput: one instance $(jq .one.accepted_per_s <<< "$throughput")/s, two $(jq .two.accepted_per_s <<< "$throughput")/s; \
waiting for the consumers to store wrk's backlog before the fault load"
wait_drained
[ "$drained" = 1 ] || fail "wrk's backlog was not stored within $drain_timeout s"
log "wrk's backlog stored in $drain_s s ($stored rows)"

# --------------------------------------------------------------------------------------- streams across instances
# User i's stream on instance 2 when i is even, else on instance 1; its events posted to the other instance. The
# listener of each instance hears of every stored event through PostgreSQL, whichever consumer stored it.
streams_json=null
if [ "$stream_n" -gt 0 ]; then
  log "streams across instances: $stream_n streams (even users on instance 2, odd on 1), $stream_rate events/s for $stream_s s, each to the other instance"
  timeout $((stream_s + 240)) java -Xmx256m bench/StreamLoad.java --stream-urls "${urls[1]},${urls[0]}" \
    --post-urls "${urls[0]},${urls[1]}" --streams "$stream_n" --rate "$stream_rate" --duration "$stream_s" \
    --event-type cluster_stream --grace 30 --out "$logs/streams" > "$logs/streams.log" 2>&1 < /dev/null &
  stream_pid=$!
  wait "$stream_pid" || fail "the stream client failed (see $logs/streams.log)"
  stream_pid=''
  wait_drained
  # What the streams received against what was stored: every stored event of these users, once, on its user's stream.
  streams_db=$(psql_as -U notiuser -d notification_cluster <<EOF
CREATE TEMP TABLE received (event_id uuid, user_id uuid, stream_url text);
\copy received FROM '$logs/streams/received.txt'
CREATE TEMP TABLE accepted (event_id uuid, user_id uuid, post_url text);
\copy accepted FROM '$logs/streams/accepted.txt'
CREATE TEMP VIEW stored AS SELECT event_id, user_id FROM processed_events WHERE event_type = 'cluster_stream';
CREATE TEMP VIEW got AS SELECT event_id, min(user_id::text)::uuid AS user_id, min(stream_url) AS stream_url, count(*) AS n
                        FROM received GROUP BY event_id;
SELECT json_build_object(
  'stored', (SELECT count(*) FROM stored),
  'accepted', (SELECT count(*) FROM accepted),
  'received_events', (SELECT count(*) FROM got),
  'missing', (SELECT count(*) FROM stored s WHERE NOT EXISTS
      (SELECT 1 FROM got g WHERE g.event_id = s.event_id AND g.user_id = s.user_id)),
  'doubled', (SELECT count(*) FROM got WHERE n > 1),
  'received_not_stored', (SELECT count(*) FROM got g WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.event_id = g.event_id)),
  'accepted_not_stored', (SELECT count(*) FROM accepted a WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.event_id = a.event_id)),
  'received_by_stream_instance', (SELECT coalesce(json_object_agg(stream_url, n), '{}') FROM
      (SELECT stream_url, count(*) AS n FROM got GROUP BY 1) x),
  'received_posted_to_the_other_instance', (SELECT count(*) FROM got g JOIN accepted a USING (event_id)
      WHERE a.post_url <> g.stream_url));
EOF
) || fail "the reconciliation of the streams failed"
  streams_json=$(jq -n --argjson db "$streams_db" --slurpfile client "$logs/streams/stream-summary.json" \
    --argjson n "$stream_n" --argjson rate "$stream_rate" --argjson s "$stream_s" \
    '{streams: $n, rate_per_s: $rate, seconds: $s,
      layout: "even users: stream on instance 2, events posted to instance 1; odd users: the other way round",
      reconciliation: $db,
      client: ($client[0] | {streams, load: (.load | del(.start_epoch_ms, .done_epoch_ms)), delivery: (.delivery | del(.missing_sample)), delay_ms})}')
  log "streams: $(jq -r '"\(.client.streams.opened) open; \(.reconciliation.stored) stored, \(.reconciliation.received_events) received (\(.reconciliation.received_by_stream_instance | to_entries | map("on \(.key) \(.value)") | join(", "))), \(.reconciliation.missing) missing, \(.reconciliation.doubled) doubled; processed_at -> message p50 \(.client.delay_ms.processed_at_to_message.p50) ms, p99 \(.client.delay_ms.processed_at_to_message.p99) ms"' <<< "$streams_json")"
fi

# ---------------------------------------------------------------------------------------------------- faults
faults_file="$logs/faults.jsonl"
: > "$faults_file"
load_start_ms=0
record_fault() { # name, then key=value pairs (numbers or words)
  local name=$1; shift
  jq -nc --arg fault "$name" --arg at "$(date -Is)" --argjson t "$(since_load)" \
    '{fault: $fault, at: $at, load_s: $t} + ($ARGS.positional | map(split("=") | {(.[0]): (.[1] | tonumber? // .)}) | add // {})' \
    --args "$@" >> "$faults_file"
}
live_node=${nodes[0]} # a node rabbitmqctl can ask while another is down

stop_leader() {
  local leader i t0=$SECONDS
  leader=$(rabbitctl "${nodes[0]}" list_queues -p / name leader --no-table-headers \
    | awk '$1 == "notification_events" { print $2 }') || leader=''
  stopped=0
  for i in 0 1 2; do [ "${nodes[$i]}" = "$leader" ] && stopped=$i; done
  [ -n "$leader" ] || log "the leader of notification_events is unknown: stopping node 1"
  live_node=${nodes[$(((stopped + 1) % 3))]}
  log "FAULT t=$(since_load)s: stopping RabbitMQ node ${nodes[$stopped]} (leader of notification_events: ${leader:-unknown})"
  record_fault rabbitmq_node_stop_app "node=${nodes[$stopped]}" "was_leader=$([ "${nodes[$stopped]}" = "$leader" ] && echo yes || echo no)"
  rabbitctl "${nodes[$stopped]}" stop_app >/dev/null
  pause_for 3
  new_leader=$(rabbitctl "$live_node" list_queues -p / name leader --no-table-headers \
    | awk '$1 == "notification_events" { print $2 }') || new_leader=''
  log "node ${nodes[$stopped]} stopped; new leader of notification_events: ${new_leader:-unknown}; stays down for $down s"
  pause_for "$down"
  rabbitctl "${nodes[$stopped]}" start_app >/dev/null
  log "node ${nodes[$stopped]} started again, $((SECONDS - t0)) s after the stop"
  record_fault rabbitmq_node_started "unavailable_s=$((SECONDS - t0))" "new_leader=${new_leader:-unknown}"
}

kill_payara() { # index
  local i=$1 t0=$SECONDS status=0
  log "FAULT t=$(since_load)s: SIGKILL to Payara Micro $((i + 1)) (pid ${payara_pids[$i]})"
  record_fault "payara_$((i + 1))_sigkill"
  kill -KILL "${payara_pids[$i]}"
  { wait "${payara_pids[$i]}"; } 2>/dev/null || status=$?
  log "Payara Micro $((i + 1)) killed (exit status $status); starting it again"
  start_payara "$i"
  wait_ready "$i"
  log "Payara Micro $((i + 1)) ready again in $ready_s s (pid ${payara_pids[$i]}), $((SECONDS - t0)) s after the kill"
  record_fault "payara_$((i + 1))_ready" "boot_s=$ready_s" "unavailable_s=$((SECONDS - t0))"
}

# ------------------------------------------------------------------------------------------------------ load
stop_file="$work/stop-load"
setsid java bench/FaultLoad.java --url "${urls[0]},${urls[1]}" --rate "$rate" --duration "$duration" \
  --max-duration 420 --stop-file "$stop_file" --timeout "$request_timeout" --out "$logs/load" \
  > >(tee -a "$logs/load.log") 2>&1 < /dev/null &
load_pid=$!
for _ in $(seq 120); do
  grep -q 'started at epoch_ms=' "$logs/load.log" 2>/dev/null && break
  kill -0 "$load_pid" 2>/dev/null || fail "the load client exited at once (see $logs/load.log)"
  pause_for 0.5
done
load_start_ms=$(grep -o 'epoch_ms=[0-9]*' "$logs/load.log" | cut -d= -f2) || fail "the load client did not start"

pause_for "$warmup"
stop_leader
pause_for "$pause"
kill_payara 1
log "all faults done at t=$(since_load)s; load goes on for at least $tail s more"
pause_for "$tail"
touch "$stop_file"
wait "$load_pid" || fail "the load client failed (see $logs/load.log)"
load_pid=''

# ----------------------------------------------------------------------------------------------------- drain
log "load over; waiting for the consumers to empty the queues (at most $drain_timeout s)"
wait_drained
queues > "$logs/queues-final.txt" || true
rabbitctl "${nodes[0]}" list_queues -p / name type leader members online --no-table-headers >> "$logs/queues-final.txt" || true
if [ "$drained" = 1 ]; then
  log "queues empty and $stored rows stable after $drain_s s"
else
  log "FINDING: the queues did not empty within $drain_timeout s: $(tr '\n\t' '; ' < "$logs/queues-final.txt")"
fi
dead=$(awk '$1 == "notification_events.dead" { print $2 + 0; exit }' "$logs/queues-final.txt")

# ------------------------------------------------------------------------------------------------- reconcile
# wrk's events (event_type cluster_wrk) and the stream step's (cluster_stream) are not the fault load's.
reconciliation=$(reconcile notiuser notification_cluster "event_type NOT IN ('cluster_wrk', 'cluster_stream')" \
  "'wrk_rows', (SELECT count(*) FROM processed_events WHERE event_type = 'cluster_wrk')") || fail "reconciliation failed"

total_s=$((SECONDS - run_started))

jq -n --arg run "cluster-$run_id" --arg host "$(hostname) ($(nproc) cores)" \
  --arg commit "$(git describe --always --dirty)" --arg war_sha256 "$war_sha" --arg logs "$logs" \
  --argjson rate "$rate" --argjson down "$down" --argjson wrk_s "$wrk_s" --arg addresses "$addresses" \
  --arg nodes "${nodes[*]}" --argjson boot_s "$boot_s" --argjson total_s "$total_s" \
  --argjson drained "$([ "$drained" = 1 ] && echo true || echo false)" --argjson drain_s "$drain_s" \
  --argjson dead "${dead:-null}" --slurpfile load "$logs/load/load-summary.json" --slurpfile faults "$faults_file" \
  --argjson db "$reconciliation" --argjson throughput "$throughput" --argjson streams "$streams_json" \
  '{run: $run, host: $host, commit: $commit, war_sha256: $war_sha256, logs: $logs,
    settings: {rate_per_s: $rate, node_down_s: $down, wrk_s: $wrk_s, instances: 2, rabbitmq_nodes: ($nodes | split(" ")),
              rabbitmq_addresses: $addresses, quorum_queues: true, heap: "512m each"},
    boot_s: $boot_s, load: $load[0], faults: $faults, drained: $drained, drain_s: $drain_s, dead_letters: $dead,
    reconciliation: $db, throughput: $throughput, streams: $streams, total_s: $total_s}' > "$results"

# --------------------------------------------------------------------------------------------------- verdict
jq -r '
  def row(name; value; note): "| \(name) | \(value) | \(note) |";
  "| what | count | note |", "|---|---:|---|",
  row("sent"; .load.sent; "\(.load.achieved_rate_per_s)/s for \(.load.sending_s) s (asked \(.settings.rate_per_s)/s), round-robin over 2 instances"),
  row("accepted (202)"; .reconciliation.accepted; .load.accepted_per_url | to_entries | map("\(.key | sub("/api/events"; "")) \(.value)") | join(", ")),
  row("stored (rows)"; .reconciliation.stored_rows; "\(.reconciliation.stored_events) distinct event_id (and \(.reconciliation.wrk_rows) rows of wrk)"),
  row("**lost** (202, not stored)"; .reconciliation.lost; "must be 0"),
  row("**doubled** (event_id > 1 row)"; .reconciliation.doubled; "must be 0"),
  row("stored, not accepted"; .reconciliation.stored_not_accepted;
      "allowed: \(.reconciliation.stored_not_accepted_by_outcome | to_entries | map("\(.key) \(.value)") | join(", "))"),
  row("stored, never sent"; .reconciliation.stored_never_sent; "must be 0"),
  row("503"; .load["503"]; ""),
  row("other status"; .load.other_status; ""),
  row("answers by status and content type"; (.load.answers_by_status_and_type | add // 0);
      (.load.answers_by_status_and_type | to_entries | map("\(.key) \(.value)") | join(", "))),
  row("**outside the contract**"; .load.outside_contract; "must be 0" + (if .load.outside_contract > 0 then
      ": " + (.load.outside_contract_by_answer | to_entries | map("\(.key) \(.value)") | join(", ")) else "" end)),
  row("connection refused"; .load.connection_refused; "nothing listening: the killed instance"),
  row("connection broken (I/O)"; .load.io_error; ""),
  row("timeout (\(.load.timeout_s) s)"; .load.timeout; ""),
  row("longest all-error stretch"; "\(.load.longest_all_error_s) s";
      "t=\(.load.longest_all_error_from_s)..\(.load.longest_all_error_to_s) s, \(.load.longest_all_error_answers) answers"),
  row("notification_events.dead"; .dead_letters; "should be 0"),
  row("drained after load"; "\(.drain_s) s"; if .drained then "queues empty" else "NOT EMPTY" end),
  row("max acceptance-to-store delay"; "\(.reconciliation.max_store_delay_s) s"; ""),
  row("accept rate, 1 instance (wrk, 64 conn.)"; "\(.throughput.one.accepted_per_s)/s";
      "p99 \(.throughput.one.p99_ms) ms, \(.throughput.one.other_status) not 202, \(.throughput.one.socket_errors) socket errors"),
  row("accept rate, 2 instances (wrk, 2 x 32 conn.)"; "\(.throughput.two.accepted_per_s)/s";
      "x\(.throughput.speed_up); p99 \(.throughput.two.p99_ms) ms, \(.throughput.two.other_status) not 202, \(.throughput.two.socket_errors) socket errors"),
  (if .streams then
    row("streams across instances: stored / received"; "\(.streams.reconciliation.stored) / \(.streams.reconciliation.received_events)";
        "\(.streams.streams) streams, \(.streams.rate_per_s)/s for \(.streams.seconds) s, each event posted to the instance its stream is not on"),
    row("**stream events missing** (stored, not received)"; .streams.reconciliation.missing; "must be 0"),
    row("**stream events doubled**"; .streams.reconciliation.doubled; "must be 0"),
    row("processed_at -> stream message"; "p50 \(.streams.client.delay_ms.processed_at_to_message.p50) ms";
        "p99 \(.streams.client.delay_ms.processed_at_to_message.p99) ms, max \(.streams.client.delay_ms.processed_at_to_message.max) ms")
  else empty end),
  row("run"; "\(.total_s) s"; "both instances ready in \(.boot_s) s")
' "$results" | tee -a "$logs/cluster.log"
echo
jq -r '.faults[] | "  t=\(.load_s)s \(.fault) \(del(.fault, .at, .load_s) | to_entries | map("\(.key)=\(.value)") | join(" "))"' \
  "$results" | tee -a "$logs/cluster.log"
speed_up=$(jq .throughput.speed_up "$results")
if awk -v x="$speed_up" 'BEGIN { exit !(x < 1.3) }'; then
  verdict="so this shows the overhead of scaling out more than a speed-up"
else
  verdict="so the gain says that one instance did not use both cores, not that a second one scales: that needs more cores or machines"
fi
log "Two instances accepted x$speed_up the rate of one. On $(nproc) cores both instances, three broker nodes, PostgreSQL \
and the load client share the same CPUs, $verdict; what the run proves is that competing instances and a broker node \
failure lose and double nothing."
log "results: $results"

lost=$(jq .reconciliation.lost "$results") doubled=$(jq .reconciliation.doubled "$results")
outside=$(jq .load.outside_contract "$results")
stream_missing=$(jq '.streams.reconciliation.missing // 0' "$results") stream_doubled=$(jq '.streams.reconciliation.doubled // 0' "$results")
if [ "$lost" != 0 ] || [ "$doubled" != 0 ] || [ "$outside" != 0 ] || [ "$stream_missing" != 0 ] || [ "$stream_doubled" != 0 ]; then
  log "FAILED: $lost accepted events lost, $doubled events stored more than once, $outside answers outside the contract ($logs/load/outside-contract.tsv), $stream_missing stored events missing on their stream, $stream_doubled received twice"
  exit 1
fi
[ "$drained" = 1 ] || fail "the queues did not empty"
[ "$(jq .reconciliation.stored_never_sent "$results")" = 0 ] || fail "rows the load client never sent: its records are wrong"
log "PASSED: every accepted event stored exactly once, every answer in the contract$([ "$stream_n" = 0 ] || echo ", every stored event of the stream step on its user's stream once")"
