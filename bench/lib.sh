# shellcheck shell=bash
# What bench/faults.sh, bench/cluster.sh and bench/throughput.sh share: log lines, pauses that a clean-up can cut
# short, free ports, the private PostgreSQL's commands, the traps that bound a run and clean up after it, and the
# reconciliation of a fault run (faults.sh, cluster.sh).
# Source it once log_file is set; the script defines cleanup() and sets sleeping_pid and watchdog_pid to ''.

log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$log_file"; }
fail() { log "ERROR: $*"; exit 2; }
# Sleeps in the background so that Ctrl-C and the watchdog interrupt it at once.
pause_for() { sleep "$1" & sleeping_pid=$!; wait "$sleeping_pid"; sleeping_pid=''; }

free_port() { # the first port from $1 on that nothing listens on
  local port
  for port in $(seq "$1" $(($1 + 50))); do
    [ -z "$(ss -Htln "sport = :$port")" ] && { echo "$port"; return; }
  done
  echo "no free port from $1 to $(($1 + 50))" >&2
  return 1
}

as_postgres() { runuser -u postgres -- "$@"; }
psql_as() { psql -h 127.0.0.1 -p "$pg_port" -v ON_ERROR_STOP=1 -qtA "$@"; }
# Seconds since the load started, to a tenth.
since_load() { awk -v now="$(date +%s%3N)" -v start="$load_start_ms" 'BEGIN { printf "%.1f", (now - start) / 1000 }'; }

# A run on the machine's own PostgreSQL and RabbitMQ (throughput.sh, streams.sh) touches one database and one vhost,
# $bench_db and $bench_vhost on $pg_host:$pg_port, made afresh by create_bench and dropped by drop_bench, and starts
# one Payara Micro, $payara_pid, which stop_payara stops: SIGTERM, then SIGKILL after $term_timeout seconds.
psql_admin() { timeout 120 psql -h "$pg_host" -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_bench() { psql_admin -d "$bench_db" "$@"; }
create_bench() { # init.sql: the schema; whatever a previous run left is dropped first
  drop_bench
  bench_created=1
  psql_admin -d postgres -c "CREATE DATABASE $bench_db"
  PGOPTIONS="-c client_min_messages=warning" psql_bench -f "$1"
  timeout 60 rabbitmqctl -q add_vhost "$bench_vhost" >/dev/null
  timeout 60 rabbitmqctl -q set_permissions -p "$bench_vhost" guest '.*' '.*' '.*' >/dev/null
}
drop_bench() {
  timeout 60 rabbitmqctl -q delete_vhost "$bench_vhost" >/dev/null 2>&1 || true
  timeout 60 psql -h "$pg_host" -p "$pg_port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $bench_db WITH (FORCE)" \
    >/dev/null 2>&1 || true
}
stop_payara() {
  [ -n "$payara_pid" ] && kill -0 "$payara_pid" 2>/dev/null || { payara_pid=''; return 0; }
  kill -TERM "$payara_pid"
  local t0=$SECONDS
  while kill -0 "$payara_pid" 2>/dev/null && [ $((SECONDS - t0)) -lt "$term_timeout" ]; do sleep 0.2; done
  kill -KILL "$payara_pid" 2>/dev/null || true
  { wait "$payara_pid"; } 2>/dev/null || true
  payara_pid=''
}

# Runs cleanup at exit whatever ends the run, says why it ended early, and stops it after $1 seconds in all (the
# watchdog, which cleanup ends).
bound_run() {
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT
  trap "log \"terminated (the run took longer than $1 s, or was stopped)\"; exit 143" TERM
  trap 'log "ERROR: line $LINENO: $BASH_COMMAND failed"; exit 2' ERR
  setsid bash -c "sleep $1; kill -TERM $$" >/dev/null 2>&1 &
  watchdog_pid=$!
}

# The reconciliation of a fault run, as one JSON object: what the load client (bench/FaultLoad.java) was answered, in
# $logs/load/outcomes.tsv, against the rows the consumer stored. lost (answered 202, not stored) and doubled (an
# event_id in more than one row) must be 0; stored_not_accepted is allowed (the answer was lost, not the event);
# stored_never_sent means the client's records are wrong. The load's rows also go to $logs/stored.csv.
#   reconcile USER DATABASE [LOAD_ROWS [FIELDS]]
# LOAD_ROWS: an SQL condition on processed_events that picks the load's rows (default: all of them); FIELDS: more
# "'name', (SELECT ...)" pairs for the object, which may read the tables outcomes and load_events.
reconcile() {
  local user=$1 database=$2 load_rows=${3:-true} fields=${4:+, $4}
  psql_as -U "$user" -d "$database" <<EOF
CREATE TEMP TABLE outcomes (event_id uuid PRIMARY KEY, outcome text, status int, sent_ms bigint, answered_ms bigint);
\copy outcomes FROM '$logs/load/outcomes.tsv'
UPDATE outcomes SET outcome = 'status ' || status WHERE outcome = 'other_status';
CREATE TEMP VIEW load_events AS SELECT * FROM processed_events WHERE $load_rows;
\copy (SELECT event_id, created_at, processed_at FROM load_events ORDER BY processed_at) TO '$logs/stored.csv' CSV HEADER
WITH stored AS (SELECT event_id, count(*) AS rows FROM load_events GROUP BY event_id)
SELECT json_build_object(
  'accepted', (SELECT count(*) FROM outcomes WHERE outcome = '202'),
  'stored_rows', (SELECT count(*) FROM load_events),
  'stored_events', (SELECT count(*) FROM stored),
  'lost', (SELECT count(*) FROM outcomes o WHERE outcome = '202'
             AND NOT EXISTS (SELECT 1 FROM stored s WHERE s.event_id = o.event_id)),
  'doubled', (SELECT count(*) FROM stored WHERE rows > 1),
  'stored_not_accepted', (SELECT count(*) FROM outcomes o JOIN stored s USING (event_id) WHERE outcome <> '202'),
  'stored_not_accepted_by_outcome', (SELECT coalesce(json_object_agg(outcome, n ORDER BY outcome), '{}') FROM
      (SELECT outcome, count(*) AS n FROM outcomes JOIN stored USING (event_id) WHERE outcome <> '202'
       GROUP BY outcome) x),
  'stored_never_sent', (SELECT count(*) FROM stored s WHERE NOT EXISTS
      (SELECT 1 FROM outcomes o WHERE o.event_id = s.event_id)),
  'lost_sample', (SELECT coalesce(json_agg(l), '[]') FROM
      (SELECT event_id, round(sent_ms / 1000.0, 1) AS sent_s FROM outcomes o WHERE outcome = '202'
         AND NOT EXISTS (SELECT 1 FROM stored s WHERE s.event_id = o.event_id) ORDER BY sent_ms LIMIT 20) l),
  'max_store_delay_s', (SELECT coalesce(round(extract(epoch FROM max(processed_at - created_at))::numeric, 1), 0)
      FROM load_events)$fields
);
EOF
}

# What a phase costs, per event: the CPU seconds (user + system) that each part of the system used so far, read from
# /proc before and after the phase. Payara Micro is one JVM (the API and the consumer); RabbitMQ every beam.smp of
# the machine; PostgreSQL every postgres process, with the backends that already exited (the postmaster reaped them,
# so they are in its children's time); the load generator is what this script's finished children used (wrk, h2load,
# PerfTest, pgbench run in the foreground, so a phase's are in the difference; the script's own psql and curl calls
# between two readings add a little).
cpu_s_of() { # pid... -> their CPU seconds with their reaped children's
  local pid files=()
  for pid in "$@"; do [ -r "/proc/$pid/stat" ] && files+=("/proc/$pid/stat"); done
  [ ${#files[@]} -gt 0 ] || { echo 0; return 0; }
  cat "${files[@]}" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" \
    '{ sub(/^.*\) /, ""); s += $12 + $13 + $14 + $15 } END { printf "%.2f", s / hz }'
}
cpu_reading() { # [payara pid] -> {"payara": s, "rabbitmq": s, "postgresql": s, "load": s}
  # shellcheck disable=SC2046 # one pid per word
  printf '{"payara": %s, "rabbitmq": %s, "postgresql": %s, "load": %s}\n' "$(cpu_s_of ${1:-})" \
    "$(cpu_s_of $(pgrep -x beam.smp))" "$(cpu_s_of $(pgrep -x postgres))" \
    "$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($14 + $15) / hz }' "/proc/$$/stat")"
}
cost_per_event() { # reading-before reading-after events -> {"payara_us": µs per event, ...}
  jq -n --argjson a "$1" --argjson b "$2" --argjson n "$3" \
    '$b | with_entries(.key += "_us" | .value = (if $n > 0 then ((.value - $a[.key | rtrimstr("_us")]) * 1e6 / $n | round) else null end))'
}

# The small event of the README's example, of the given type, as bench/accept.lua's BENCH_BODY wants it (no event_id,
# no spaces): the load of ab-accept.sh, start.sh and profile.sh.
small_event() { # event_type
  printf '{"user_id":"550e8400-e29b-41d4-a716-446655440000","event_type":"%s","message":"Welcome!","payload":{"email":"test@example.com"}}' "$1"
}

# Starts a build with its bin/run (no build; the settings of its .env, else .env.example), the JVM on PATH as the
# caller's PATH says, and waits for /health/ready (at most 120 s). Sets bundle_pid (the JVM's: bin/run and launch.sh
# exec it) and ready_s (seconds from the start to ready). Used by ab-accept.sh, start.sh and profile.sh.
#   start_bundle CHECKOUT PORT JAVA_OPTS OUTPUT_FILE
start_bundle() {
  local checkout=$1 port=$2 options=$3 output=$4 started
  started=$(date +%s%3N)
  (cd "$checkout" && PORT=$port SKIP_BUILD=1 JAVA_OPTS=$options exec bin/run) >> "$output" 2>&1 &
  bundle_pid=$!
  for _ in $(seq 240); do
    if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/health/ready"; then
      ready_s=$(awk -v a="$(date +%s%3N)" -v b="$started" 'BEGIN { printf "%.1f", (a - b) / 1000 }')
      return 0
    fi
    kill -0 "$bundle_pid" 2>/dev/null || { echo "Payara Micro exited while starting (see $output)" >&2; return 1; }
    sleep 0.5
  done
  echo "Payara Micro not ready after 120 s (see $output)" >&2
  return 1
}
