# shellcheck shell=bash
# What bench/faults.sh, bench/cluster.sh and bench/throughput.sh share: log lines, pauses that a clean-up can cut
# short, free ports, the private PostgreSQL's commands, and the traps that bound a run and clean up after it.
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
