#!/usr/bin/env bash
# Fault-injection run: proves that every event answered 202 by POST /api/events is stored exactly once, while
# RabbitMQ and PostgreSQL are restarted and Payara Micro is killed (SIGKILL) and stopped (SIGTERM) under load.
#
#   bench/faults.sh --short     CI: at least 60 s of load, about 2.5 min in all
#   bench/faults.sh --long      by hand: at least 300 s of load, faults 40 s apart
#   bench/faults.sh --restarts  Payara Micro stopped (SIGTERM) and started, then killed (SIGKILL) and started, under a
#                               probe of 50 events/s (one every 20 ms); about 5 min in all
#   bench/faults.sh --restarts --server   the same with notification.ear on Payara Server 6 instead: stopped with
#                               `asadmin stop-domain` (what the server image does on SIGTERM) and started, then killed
#                               (SIGKILL) and started (the domain loads the EAR again at its start), then redeployed
#                               (`asadmin deploy --force=true`)
# Options:
#   --rate N          events a second (default 200, far below what the machine sustains: the faults cause the errors, not the load)
#   --duration S      least seconds of load (the load also lasts until every fault is over, plus a tail)
#   --pause S         seconds between faults;  --down S: seconds the broker and the database stay down
#   --faults LIST     which faults, in this order (default rabbitmq,postgres,kill,term); "none" gives a baseline;
#                     --restarts is --faults term,kill (with --server term,kill,redeploy); redeploy needs --server
#   --hard            SIGKILL the broker and shut PostgreSQL down in immediate mode (a crash) instead of stopping them
#   --keep-rootdir    keep Payara Micro's --rootdir from one start to the next (bin/run empties it at every start:
#                     a kept one makes Payara redeploy the application after it reports ready)
#   --thread-dumps    Payara's threads every 2 s while the broker or the database is down, into the logs
#   --server          notification.ear on a Payara Server 6 domain of its own (server-config/server/payara-domain.sh,
#                     the distribution the build unpacked into notification-ear/target/payara6, port base 29000 or
#                     the next free hundred) instead of Payara Micro; "term" is `asadmin stop-domain`
#   --build           ./mvnw -B -q -DskipTests package first
#
# It uses services of its own, never the ones on 5432/5672: a PostgreSQL cluster (initdb, port 5433 or the next
# free one) and a RabbitMQ node (faults-<pid>@localhost, port 5673 or the next free one), with their data under
# /tmp/notification-faults-<pid>, deleted on exit. Payara Micro runs the last build (api-war/target/...), started
# like bin/run starts it (server-config/micro/launch.sh), on port 8100 or the next free one; with --server, Payara
# Server runs the last notification-ear/target/notification.ear, in a domain under that directory too.
#
# Logs of the run (Payara's output, the services' logs, every request's outcome) stay in bench/results/tmp/<run>/
# (git-ignored); the results go to bench/results/faults-<date>-<mode>.json.
# Every answer is classified by status and content type (load-summary.json); an answer outside the contract (not
# JSON, an empty body, a 404 for /api/events, a 503 without Retry-After) fails the run, as a lost event does.
# Exit status: 0 nothing lost or doubled, every answer in the contract; 1 an accepted event lost, an event stored
# twice, or an answer outside the contract; 2 the run could not be completed (a service or the application did not start, stop or recover in time, bad arguments).
set -Eeuo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

mode=short rate='' restarts=0 duration='' pause='' down='' build=0 hard=0 fresh_rootdir=1 faults=rabbitmq,postgres,kill,term dumps=0 server=0
while [ $# -gt 0 ]; do
  case "$1" in
    --short | --long) mode="${1#--}" ;;
    --rate) rate="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --pause) pause="$2"; shift ;;
    --down) down="$2"; shift ;;
    --build) build=1 ;;
    --hard) hard=1 ;;
    --keep-rootdir) fresh_rootdir=0 ;;
    --faults) faults="$2"; shift ;;
    --restarts) faults=term,kill restarts=1 ;;
    --thread-dumps) dumps=1 ;;
    --server) server=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
# A start takes up to a minute or two on a busy 2-core machine; the restarts are two of them in a row.
if [ "$restarts" = 1 ]; then
  rate="${rate:-50}" duration="${duration:-60}" pause="${pause:-10}" down="${down:-5}" warmup=10 tail=15 max_total=900
elif [ "$mode" = short ]; then
  duration="${duration:-60}" pause="${pause:-5}" down="${down:-5}" warmup=5 tail=8 max_total=420
else
  duration="${duration:-300}" pause="${pause:-40}" down="${down:-10}" warmup=20 tail=30 max_total=1200
fi
[ "$restarts" = 1 ] && [ "$server" = 1 ] && faults=term,kill,redeploy
[[ "$faults" =~ ^(none|(rabbitmq|postgres|kill|term|redeploy)(,(rabbitmq|postgres|kill|term|redeploy))*)$ ]] \
  || { echo "--faults: none, or a list of rabbitmq, postgres, kill, term, redeploy" >&2; exit 2; }
[[ "$faults" != *redeploy* ]] || [ "$server" = 1 ] || { echo "--faults redeploy needs --server" >&2; exit 2; }
rate="${rate:-200}"
for number in "$rate" "$duration" "$pause" "$down"; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "not a whole number: $number" >&2; exit 2; }
done

readonly request_timeout=10   # seconds the load client waits for an answer
readonly ready_timeout=180    # seconds Payara Micro may take to answer /health/ready 200
readonly term_timeout=60      # seconds Payara Micro may take to exit after SIGTERM
readonly drain_timeout=180    # seconds the consumer may take to empty the queue after the load
readonly pg_bin=/usr/lib/postgresql/15/bin

variant="$mode"
[ "$faults" = none ] && variant+=-nofaults
if [ "$restarts" = 1 ]; then
  variant=restarts # kept in git, unlike the short runs CI makes (.gitignore)
elif [ "$faults" = term,kill ]; then
  variant+=-term-kill
elif [ "$faults" != none ] && [ "$faults" != rabbitmq,postgres,kill,term ]; then
  variant+="-${faults//,/-}"
fi
[ "$hard" = 1 ] && variant+=-hard
[ "$fresh_rootdir" = 0 ] && variant+=-keeprootdir
[ "$server" = 1 ] && variant+=-server
run_id="$(date +%Y%m%d-%H%M%S)-$variant"
logs="$PWD/bench/results/tmp/$run_id"
work="/tmp/notification-faults-$$"
results="bench/results/faults-$run_id.json"
node="faults-$$@localhost"
mkdir -p "$logs/load"

log_file="$logs/faults.log"
source bench/lib.sh

# ---------------------------------------------------------------------------------------------------- clean-up
payara_pid='' starter_pid='' load_pid='' watchdog_pid='' sleeping_pid='' dumping_pid='' pg_started=0 rabbit_started=0
cleanup() {
  local status=$?
  trap - EXIT INT TERM ERR
  set +eu
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null
  [ -n "$dumping_pid" ] && kill "$dumping_pid" 2>/dev/null
  [ -n "$sleeping_pid" ] && kill "$sleeping_pid" 2>/dev/null
  if [ "$server" = 1 ] && [ -d "$work/domains" ]; then
    [ -n "$starter_pid" ] && kill "$starter_pid" 2>/dev/null
    timeout 120 domain_script stop >> "$logs/payara.log" 2>&1
    payara_pid=$(server_jvm_pid)
    [ -n "$payara_pid" ] && kill -KILL "$payara_pid" 2>/dev/null
    cp "$work/domains/notification/logs/server.log" "$logs/server.log" 2>/dev/null
  elif [ -n "$payara_pid" ] && kill -0 "$payara_pid" 2>/dev/null; then
    kill -TERM "$payara_pid"
    for _ in $(seq 30); do kill -0 "$payara_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$payara_pid" 2>/dev/null
  fi
  if [ "$rabbit_started" = 1 ]; then
    timeout 60 rabbitmqctl -n "$node" -q stop "$work/rabbitmq/mnesia/$node.pid" >/dev/null 2>&1 \
      || kill -KILL "$(cat "$work/rabbitmq/mnesia/$node.pid" 2>/dev/null)" 2>/dev/null
  fi
  if [ "$pg_started" = 1 ]; then
    timeout 60 runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/postgres/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || kill -KILL "$(head -1 "$work/postgres/data/postmaster.pid" 2>/dev/null)" 2>/dev/null
  fi
  cp -r "$work/rabbitmq/log" "$logs/rabbitmq" 2>/dev/null
  cp "$work/postgres/postgres.log" "$logs/postgres.log" 2>/dev/null
  rm -rf "$work"
  [ -n "$watchdog_pid" ] && kill -- "-$watchdog_pid" 2>/dev/null
  echo "Logs of this run: $logs"
  exit "$status"
}
# The whole run is bounded: past max_total seconds the watchdog stops it (and the clean-up runs).
bound_run "$max_total"

# ---------------------------------------------------------------------------------------------- preparations
for tool in java jcmd psql curl jq rabbitmq-server rabbitmqctl runuser ss "$pg_bin/initdb"; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done
[ "$(id -u)" = 0 ] || fail "run as root: the private PostgreSQL and RabbitMQ run as the postgres and rabbitmq users"
if [ "$build" = 1 ]; then
  log "building: ./mvnw -B -q -DskipTests package"
  ./mvnw -B -q -DskipTests package
fi
if [ "$server" = 1 ]; then
  # The EAR and the Payara Server distribution that the build's EAR integration test unpacked.
  deployable=notification-ear/target/notification.ear payara_home="$PWD/notification-ear/target/payara6"
  artifacts=("$deployable" notification-ear/target/payara-libs/postgresql.jar db/init.sql)
  [ -x "$payara_home/bin/asadmin" ] \
    || fail "no Payara Server in $payara_home: run ./mvnw -B verify -pl consumer-ejb,api-war,notification-ear first"
else
  deployable=api-war/target/notification-micro.war
  artifacts=("$deployable" api-war/target/payara/payara-micro.jar
             api-war/target/payara/postgresql.jar server-config/data-source.asadmin server-config/micro/launch.sh
             server-config/micro/http-closed.asadmin
             db/init.sql)
fi
for file in "${artifacts[@]}"; do
  [ -f "$file" ] || fail "missing $file: run ./mvnw -B -q -DskipTests package first (or pass --build)"
done

pg_port=$(free_port 5433) rabbit_port=$(free_port 5673) rabbit_dist_port=$(free_port 25673) app_port=$(free_port 8100)

mkdir -p "$work"
chmod 755 "$work"
# A copy of the build, so that a rebuild in this working tree during the run cannot change what restarts.
mkdir "$work/app"
cp "${artifacts[@]}" "$work/app/"
if [ "$server" = 1 ]; then # payara-domain.sh finds data-source.asadmin and http-closed.asadmin beside it
  mkdir -p "$work/app/server-config/server"
  cp server-config/data-source.asadmin "$work/app/server-config/"
  cp server-config/server/payara-domain.sh server-config/server/http-closed.asadmin "$work/app/server-config/server/"
fi
war_sha=$(sha256sum "$work/app/$(basename "$deployable")" | cut -c1-12)
log "run $run_id: $rate events/s for at least $duration s, faults $pause s apart, broker and database down $down s$(
  [ "$hard" = 1 ] && echo ", crashed (--hard)")$([ "$fresh_rootdir" = 0 ] && echo ", --rootdir kept between starts"); faults: $faults"
log "build: $(basename "$deployable") sha256 $war_sha ($(date -r "$deployable" '+%F %T')), commit $(git describe --always --dirty)"
log "ports: PostgreSQL $pg_port, RabbitMQ $rabbit_port (node $node)$([ "$server" = 1 ] || echo ", Payara Micro $app_port"); data in $work"

# ---------------------------------------------------------------------------------------- private PostgreSQL
start_postgres() {
  as_postgres "$pg_bin/pg_ctl" -D "$work/postgres/data" -l "$work/postgres/postgres.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/postgres" start >/dev/null
}
stop_postgres() { # $1: fast (connections closed, a checkpoint) or immediate (like a crash: recovery at the next start)
  as_postgres "$pg_bin/pg_ctl" -D "$work/postgres/data" -m "$1" -w -t 60 stop >/dev/null
}

mkdir "$work/postgres"
chown postgres: "$work/postgres"
as_postgres "$pg_bin/initdb" -D "$work/postgres/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N >/dev/null
pg_started=1
start_postgres
psql_as -U postgres -d postgres -c "CREATE ROLE notiuser LOGIN PASSWORD 'faults'" \
  -c "CREATE DATABASE notification_faults OWNER notiuser"
psql_as -U notiuser -d notification_faults -f "$work/app/init.sql"
log "PostgreSQL up: database notification_faults on 127.0.0.1:$pg_port"

# ------------------------------------------------------------------------------------------ private RabbitMQ
# The Debian wrapper runs the node as the rabbitmq user (su, keeping the environment), so its files belong to that
# user, and both the node and rabbitmqctl use the cookie in /var/lib/rabbitmq/.erlang.cookie.
rabbit_pid_file="$work/rabbitmq/mnesia/$node.pid"
rabbitctl() { timeout 60 rabbitmqctl -n "$node" -q "$@"; }
start_rabbitmq() {
  (cd /tmp && env RABBITMQ_NODENAME="$node" RABBITMQ_NODE_PORT="$rabbit_port" RABBITMQ_DIST_PORT="$rabbit_dist_port" \
    RABBITMQ_MNESIA_BASE="$work/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$work/rabbitmq/log" \
    RABBITMQ_CONFIG_FILE="$work/rabbitmq/rabbitmq.conf" RABBITMQ_CONF_ENV_FILE="$work/rabbitmq/rabbitmq-env.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$work/rabbitmq/enabled_plugins" rabbitmq-server -detached)
  rabbitctl wait --timeout 60 "$rabbit_pid_file" >/dev/null
}
stop_rabbitmq() { rabbitctl stop "$rabbit_pid_file" >/dev/null; }
kill_rabbitmq() {
  local pid; pid=$(cat "$rabbit_pid_file")
  kill -KILL "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; pause_for 0.1; done
  fail "RabbitMQ (pid $pid) still running after SIGKILL"
}

mkdir -p "$work/rabbitmq/mnesia" "$work/rabbitmq/log"
echo "listeners.tcp.1 = 127.0.0.1:$rabbit_port" > "$work/rabbitmq/rabbitmq.conf"
cat > "$work/rabbitmq/rabbitmq-env.conf" <<'EOF'
ERL_EPMD_ADDRESS=127.0.0.1
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
echo '[].' > "$work/rabbitmq/enabled_plugins" # no management plugin: its port 15672 belongs to the system node
chown -R rabbitmq: "$work/rabbitmq"
rabbit_started=1
start_rabbitmq
log "RabbitMQ up: node $node on 127.0.0.1:$rabbit_port, vhost /"

# ------------------------------------------------------------------------------------ Payara Micro or Server
# The application's settings, read through MicroProfile Config from the environment (Payara Server's domain
# inherits the environment of the asadmin start-domain that starts it).
app_env=(DB_HOST=127.0.0.1 DB_PORT="$pg_port" DB_NAME=notification_faults DB_USER=notiuser DB_PASSWORD=faults
         RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT="$rabbit_port" RABBITMQ_VHOST=/ RABBITMQ_USER=guest RABBITMQ_PASSWORD=guest)
domain_script() { # Payara Server: server-config/server/payara-domain.sh on the run's own domain
  env "${app_env[@]}" PAYARA_HOME="$payara_home" DOMAIN_DIR="$work/domains" DOMAIN_NAME=notification PORTBASE=29000 \
    PG_DRIVER="$work/app/postgresql.jar" "$work/app/server-config/server/payara-domain.sh" "$@"
}
server_jvm_pid() { # Payara Server: the domain's JVM, while it runs
  local pid
  pid=$(cat "$work/domains/notification/config/pid" 2>/dev/null) || return 0
  if kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}
payara_alive() {
  if [ "$server" = 1 ]; then
    kill -0 "$starter_pid" 2>/dev/null || [ -n "$(server_jvm_pid)" ]
  else
    kill -0 "$payara_pid" 2>/dev/null
  fi
}

start_payara() {
  echo "===== $(date '+%F %T') faults.sh starts Payara $([ "$server" = 1 ] && echo Server || echo Micro)" >> "$logs/payara.log"
  if [ "$server" = 1 ]; then
    # The first start deploys the EAR; later starts load it again from the domain, like a restarted server.
    local steps=(start)
    [ -n "$deployed" ] || steps+=(deploy "$work/app/notification.ear")
    deployed=yes
    domain_script "${steps[@]}" >> "$logs/payara.log" 2>&1 < /dev/null &
    starter_pid=$! payara_pid=''
    return
  fi
  local keep=()
  [ "$fresh_rootdir" = 1 ] || keep=(--keep-rootdir)
  # bin/run's launch, from the copy of the build; it execs java, so payara_pid is the JVM's (heap: JAVA_OPTS).
  env "${app_env[@]}" \
    setsid "$work/app/launch.sh" --from "$work/app" --port "$app_port" --rootdir "$work/micro-root" "${keep[@]}" \
      >> "$logs/payara.log" 2>&1 < /dev/null &
  payara_pid=$!
}
wait_ready() { # sets ready_s: the seconds Payara took to answer /health/ready 200
  local started=$SECONDS
  until curl -sf -o /dev/null --max-time 2 "$base_url/health/ready"; do
    payara_alive || fail "Payara exited while starting (see $logs/payara.log)"
    [ $((SECONDS - started)) -lt "$ready_timeout" ] || fail "Payara not ready after $ready_timeout s"
    pause_for 0.5
  done
  ready_s=$((SECONDS - started))
  if [ "$server" = 1 ]; then
    if [ -n "$starter_pid" ]; then
      wait "$starter_pid" || fail "payara-domain.sh failed (see $logs/payara.log)"
    fi
    starter_pid='' payara_pid=$(server_jvm_pid)
  fi
}

deployed='' payara_name="Payara Micro"
if [ "$server" = 1 ]; then
  payara_name="Payara Server"
  domain_script create >> "$logs/payara.log" 2>&1 || fail "could not create the domain (see $logs/payara.log)"
  app_port=$(sed -n 's/^payara.httpPort=//p' "$work/domains/notification/ports.properties")
fi
base_url="http://127.0.0.1:$app_port"
start_payara
wait_ready
log "$payara_name up on $base_url in $ready_s s (pid $payara_pid, output in $logs/payara.log)"

# ---------------------------------------------------------------------------------------------------- faults
faults_file="$logs/faults.jsonl"
: > "$faults_file"
load_start_ms=0
record_fault() { # name, then key=number pairs
  local name=$1; shift
  jq -nc --arg fault "$name" --arg at "$(date -Is)" --argjson t "$(since_load)" \
    '{fault: $fault, at: $at, load_s: $t} + ($ARGS.positional | map(split("=") | {(.[0]): (.[1] | tonumber)}) | add // {})' \
    --args "$@" >> "$faults_file"
}

start_thread_dumps() { # with --thread-dumps: what Payara Micro's threads do while a service is down, every 2 s
  [ "$dumps" = 1 ] || return 0
  local name=$1
  (
    trap - ERR
    while kill -0 "$payara_pid" 2>/dev/null; do
      timeout 20 jcmd "$payara_pid" Thread.print > "$logs/threads-$name-t$(since_load).txt" 2>&1 || true
      sleep 2
    done
  ) &
  dumping_pid=$!
}
end_thread_dumps() { # 5 s after the service is back, to see the recovery too
  [ -n "$dumping_pid" ] || return 0
  pause_for 5
  kill "$dumping_pid" 2>/dev/null || true
  wait "$dumping_pid" 2>/dev/null || true
  dumping_pid=''
}

restart_rabbitmq() {
  local t0=$SECONDS
  start_thread_dumps rabbitmq
  if [ "$hard" = 1 ]; then
    log "FAULT t=$(since_load)s: SIGKILL to RabbitMQ"
    record_fault rabbitmq_sigkill
    kill_rabbitmq
  else
    log "FAULT t=$(since_load)s: stopping RabbitMQ"
    record_fault rabbitmq_stop
    stop_rabbitmq
  fi
  log "RabbitMQ down; stays down for $down s"
  pause_for "$down"
  start_rabbitmq
  log "RabbitMQ started again, $((SECONDS - t0)) s after the stop"
  record_fault rabbitmq_started "unavailable_s=$((SECONDS - t0))"
  end_thread_dumps
}

restart_postgres() {
  local t0=$SECONDS shutdown=fast
  [ "$hard" = 1 ] && shutdown=immediate
  log "FAULT t=$(since_load)s: stopping PostgreSQL ($shutdown shutdown)"
  record_fault "postgres_stop_$shutdown"
  start_thread_dumps postgres
  stop_postgres "$shutdown"
  log "PostgreSQL stopped; stays down for $down s"
  pause_for "$down"
  start_postgres
  log "PostgreSQL started again, $((SECONDS - t0)) s after the stop"
  record_fault postgres_started "unavailable_s=$((SECONDS - t0))"
  end_thread_dumps
}

kill_payara() {
  log "FAULT t=$(since_load)s: SIGKILL to $payara_name (pid $payara_pid)"
  local t0=$SECONDS status=0
  record_fault payara_sigkill
  kill -KILL "$payara_pid"
  if [ "$server" = 1 ]; then # not this shell's child: asadmin started it
    while kill -0 "$payara_pid" 2>/dev/null; do pause_for 0.1; done
    status=137
  else
    { wait "$payara_pid"; } 2>/dev/null || status=$? # no "Killed" job report from the shell
  fi
  log "$payara_name killed (exit status $status); starting it again"
  start_payara
  wait_ready
  log "$payara_name ready again in $ready_s s (pid $payara_pid), $((SECONDS - t0)) s after the kill"
  record_fault payara_ready "boot_s=$ready_s" "unavailable_s=$((SECONDS - t0))"
}

term_payara() {
  local t0=$SECONDS status=0
  if [ "$server" = 1 ]; then # what the server image does on SIGTERM
    log "FAULT t=$(since_load)s: asadmin stop-domain to Payara Server (pid $payara_pid)"
    record_fault payara_stop_domain
    domain_script stop >> "$logs/payara.log" 2>&1 || status=$?
    if grep -q 'did not stop; killing it' "$logs/payara.log"; then sigterm_hung=1; fi
    log "Payara Server stopped $((SECONDS - t0)) s after stop-domain (exit status $status); starting it again"
    record_fault payara_exited "stop_s=$((SECONDS - t0))" "exit_status=$status"
    start_payara
    wait_ready
    log "Payara Server ready again in $ready_s s (pid $payara_pid), $((SECONDS - t0)) s after stop-domain"
    record_fault payara_ready "boot_s=$ready_s" "unavailable_s=$((SECONDS - t0))"
    return
  fi
  log "FAULT t=$(since_load)s: SIGTERM to Payara Micro (pid $payara_pid)"
  record_fault payara_sigterm
  kill -TERM "$payara_pid"
  while kill -0 "$payara_pid" 2>/dev/null && [ $((SECONDS - t0)) -lt "$term_timeout" ]; do pause_for 0.2; done
  if kill -0 "$payara_pid" 2>/dev/null; then
    log "FINDING: Payara Micro still running $term_timeout s after SIGTERM; killing it"
    record_fault payara_sigterm_hung "waited_s=$term_timeout"
    kill -KILL "$payara_pid"
    sigterm_hung=1
  fi
  { wait "$payara_pid"; } 2>/dev/null || status=$?
  local stop_s=$((SECONDS - t0))
  log "Payara Micro exited $stop_s s after SIGTERM (exit status $status); starting it again"
  record_fault payara_exited "stop_s=$stop_s" "exit_status=$status"
  start_payara
  wait_ready
  log "Payara Micro ready again in $ready_s s (pid $payara_pid), $((SECONDS - t0)) s after SIGTERM"
  record_fault payara_ready "boot_s=$ready_s" "unavailable_s=$((SECONDS - t0))"
}

redeploy_payara() { # Payara Server: the EAR deployed again over itself, the server running on
  log "FAULT t=$(since_load)s: asadmin deploy --force=true to Payara Server (pid $payara_pid)"
  local t0=$SECONDS
  record_fault payara_redeploy
  domain_script deploy "$work/app/notification.ear" >> "$logs/payara.log" 2>&1 || fail "the redeployment failed (see $logs/payara.log)"
  wait_ready
  log "Payara Server ready again $((SECONDS - t0)) s after the redeployment began"
  record_fault payara_ready "boot_s=$((SECONDS - t0))" "unavailable_s=$((SECONDS - t0))"
}

# ------------------------------------------------------------------------------------------------------ load
sigterm_hung=0
stop_file="$work/stop-load"
setsid java bench/FaultLoad.java --url "$base_url" --rate "$rate" --duration "$duration" \
  --max-duration $((max_total - 60)) --stop-file "$stop_file" --timeout "$request_timeout" --out "$logs/load" \
  > >(tee -a "$logs/load.log") 2>&1 < /dev/null &
load_pid=$!
for _ in $(seq 120); do
  grep -q 'started at epoch_ms=' "$logs/load.log" 2>/dev/null && break
  kill -0 "$load_pid" 2>/dev/null || fail "the load client exited at once (see $logs/load.log)"
  pause_for 0.5
done
load_start_ms=$(grep -o 'epoch_ms=[0-9]*' "$logs/load.log" | cut -d= -f2) || fail "the load client did not start"

if [ "$faults" != none ]; then
  pause_for "$warmup"
  IFS=, read -ra fault_list <<< "$faults"
  for i in "${!fault_list[@]}"; do
    [ "$i" = 0 ] || pause_for "$pause"
    case "${fault_list[$i]}" in
      rabbitmq) restart_rabbitmq ;;
      postgres) restart_postgres ;;
      kill) kill_payara ;;
      term) term_payara ;;
      redeploy) redeploy_payara ;;
    esac
  done
  log "all faults done at t=$(since_load)s; load goes on for at least $tail s more"
  pause_for "$tail"
else
  log "no faults (--faults none): load only"
fi
touch "$stop_file" # the client stops once its least duration has passed too
wait "$load_pid" || fail "the load client failed (see $logs/load.log)"
load_pid=''

# ----------------------------------------------------------------------------------------------------- drain
count_stored() { psql_as -U notiuser -d notification_faults -c "SELECT count(*) FROM processed_events"; }
queues() { rabbitctl list_queues -p / name messages messages_unacknowledged --no-table-headers; }
log "load over; waiting for the consumer to empty the queues (at most $drain_timeout s)"
drain_started=$SECONDS stable=0 previous=-1 drained=0
while [ $((SECONDS - drain_started)) -lt "$drain_timeout" ]; do
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
drain_s=$((SECONDS - drain_started))
queues > "$logs/queues-final.txt" || true
curl -s --max-time 5 "$base_url/health" > "$logs/health-final.json" || true
if [ "$drained" = 1 ]; then
  log "queues empty and $stored rows stable after $drain_s s"
else
  log "FINDING: the queues did not empty within $drain_timeout s: $(tr '\n\t' '; ' < "$logs/queues-final.txt")"
fi
dead=$(awk '$1 == "notification_events.dead" { print $2 + 0 }' "$logs/queues-final.txt")

# ------------------------------------------------------------------------------------------------- reconcile
# Each time Payara Micro answered /health/ready 200 again, until the next fault: every request sent after it and
# answered before that fault should get 202. The bounds are multiplied by 1000.0, not 1000: when every fault time is a
# whole second (jq prints 60.0 as 60) the VALUES are integers, and the last window's 1e9 s in ms overflows one.
ready_windows=$(jq -rs '. as $f | [range(length) | select($f[.].fault == "payara_ready") as $i
  | "(\($f[$i].load_s), \([$f[$i + 1:][] | select(.fault | test("stop|sigkill|sigterm|redeploy")) | .load_s][0] // 1e9))"]
  | join(", ")' "$faults_file")
errors_after_ready="'errors_after_ready', (SELECT coalesce(json_agg(x ORDER BY ready_s), '[]') FROM
      (SELECT w.ready_s, coalesce(sum(o.n), 0) AS errors,
              coalesce(round(max(o.last_ms) / 1000.0 - w.ready_s, 1), 0) AS last_error_after_s,
              coalesce(json_object_agg(o.outcome, o.n) FILTER (WHERE o.outcome IS NOT NULL), '{}') AS by_outcome
       FROM (VALUES ${ready_windows:-(0, 0)}) AS w (ready_s, until_s)
       LEFT JOIN LATERAL (SELECT outcome, count(*) AS n, max(answered_ms) AS last_ms FROM outcomes
                          WHERE outcome <> '202' AND sent_ms >= w.ready_s * 1000.0 AND answered_ms < w.until_s * 1000.0
                          GROUP BY outcome) o ON true
       WHERE w.until_s > w.ready_s
       GROUP BY w.ready_s) x)"
reconciliation=$(reconcile notiuser notification_faults true "$errors_after_ready") || fail "reconciliation failed"

jq -n --arg run "$run_id" --arg mode "$mode" --arg host "$(hostname) ($(nproc) cores)" \
  --arg commit "$(git describe --always --dirty)" --arg war_sha256 "$war_sha" --arg logs "$logs" \
  --argjson rate "$rate" --argjson pause "$pause" --argjson down "$down" --arg faults_on "$faults" \
  --argjson hard "$hard" --argjson fresh_rootdir "$fresh_rootdir" \
  --argjson drained "$([ "$drained" = 1 ] && echo true || echo false)" --argjson drain_s "$drain_s" \
  --argjson dead "${dead:-null}" --argjson sigterm_hung "$sigterm_hung" \
  --slurpfile load "$logs/load/load-summary.json" --slurpfile faults "$faults_file" \
  --argjson db "$reconciliation" \
  '{run: $run, mode: $mode, host: $host, commit: $commit, war_sha256: $war_sha256, logs: $logs,
    settings: {rate_per_s: $rate, pause_s: $pause, down_s: $down, faults: $faults_on, hard: ($hard == 1),
              fresh_rootdir: ($fresh_rootdir == 1)},
    load: $load[0], faults: $faults, drained: $drained, drain_s: $drain_s,
    sigterm_hung: ($sigterm_hung == 1), dead_letters: $dead, reconciliation: $db}' > "$results"

# --------------------------------------------------------------------------------------------------- verdict
jq -r '
  def row(name; value; note): "| \(name) | \(value) | \(note) |";
  "| what | count | note |", "|---|---:|---|",
  row("sent"; .load.sent; "\(.load.achieved_rate_per_s)/s for \(.load.sending_s) s (asked \(.settings.rate_per_s)/s)"),
  row("accepted (202)"; .reconciliation.accepted; ""),
  row("stored (rows)"; .reconciliation.stored_rows; "\(.reconciliation.stored_events) distinct event_id"),
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
      ", sent t=\(.load.outside_contract_from_s)..\(.load.outside_contract_to_s) s: "
      + (.load.outside_contract_by_answer | to_entries | map("\(.key) \(.value)") | join(", ")) else "" end)),
  row("connection refused"; .load.connection_refused; "nothing listening: Payara down"),
  row("connection broken (I/O)"; .load.io_error; ""),
  row("timeout (\(.load.timeout_s) s)"; .load.timeout; ""),
  row("not sent (\(.load.max_in_flight) in flight)"; .load.skipped; ""),
  row("longest all-error stretch"; "\(.load.longest_all_error_s) s";
      "t=\(.load.longest_all_error_from_s)..\(.load.longest_all_error_to_s) s, \(.load.longest_all_error_answers) answers"),
  row("errors after /health/ready 200"; (.reconciliation.errors_after_ready | map(.errors) | add // 0);
      "should be 0; " + (.reconciliation.errors_after_ready | map(select(.errors > 0)
        | "after t=\(.ready_s) s: \(.by_outcome | to_entries | map("\(.key) \(.value)") | join(", ")), the last \(.last_error_after_s) s later")
        | join("; "))),
  row("notification_events.dead"; .dead_letters; "should be 0"),
  row("drained after load"; "\(.drain_s) s"; if .drained then "queues empty" else "NOT EMPTY" end),
  row("max acceptance-to-store delay"; "\(.reconciliation.max_store_delay_s) s"; "")
' "$results" | tee -a "$logs/faults.log"
echo
jq -r '.faults[] | "  t=\(.load_s)s \(.fault) \(del(.fault, .at, .load_s) | to_entries | map("\(.key)=\(.value)") | join(" "))"' \
  "$results" | tee -a "$logs/faults.log"
log "results: $results"

lost=$(jq .reconciliation.lost "$results") doubled=$(jq .reconciliation.doubled "$results")
outside=$(jq .load.outside_contract "$results")
if [ "$lost" != 0 ] || [ "$doubled" != 0 ] || [ "$outside" != 0 ]; then
  log "FAILED: $lost accepted events lost, $doubled events stored more than once, $outside answers outside the contract ($logs/load/outside-contract.tsv)"
  exit 1
fi
[ "$drained" = 1 ] || fail "the queues did not empty"
[ "$(jq .reconciliation.stored_never_sent "$results")" = 0 ] || fail "rows the load client never sent: its records are wrong"
[ "$sigterm_hung" = 0 ] || fail "$payara_name did not stop on SIGTERM (stop-domain)"
log "PASSED: every accepted event stored exactly once, every answer in the contract"
