#!/usr/bin/env bash
# Where a warm server spends its CPU on POST /api/events: async-profiler's CPU samples of Payara Micro under wrk.
#
#   bench/profile.sh [--warm-up SECONDS] [--seconds SECONDS] [--connections N] [--tag TAG]
#
# Starts the last build with bin/run (port 8400, -Xmx512m, the local PostgreSQL and RabbitMQ with the settings of
# .env.example, no build), warms it with wrk (bench/accept.lua) for --warm-up seconds (default 120), then samples it for
# --seconds (default 20) under the same load (default 32 connections). async-profiler (tools.profiler:async-profiler
# from Maven Central, its native library loaded into the JVM with jcmd) samples CPU time with perf events, or with a
# timer where perf events are not allowed.
# Writes bench/results/profile-<date>[-<tag>].txt: the share of each thread group, and of the frames that matter below
# the HTTP threads, the threads that complete requests and the consumer's; the stacks themselves (one per line, for a
# flame graph tool) stay in bench/results/tmp/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
args="$*" warm_up=120 seconds=20 connections=32 tag=''
while [ $# -gt 0 ]; do
  case "$1" in
    --warm-up) warm_up=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --connections) connections=$2; shift ;;
    --tag) tag=$2; shift ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done
version=4.2
stamp="profile-$(date -u +%Y%m%d-%H%M%S)${tag:+-$tag}"
name="bench/results/$stamp"
mkdir -p bench/results/tmp
work=$(mktemp -d /tmp/bench-profile.XXXXXX)
profiler="$work/linux-x64/libasyncProfiler.so"
pid=''
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="tools.profiler:async-profiler:$version:jar:linux-x64" -DoutputDirectory="$work" > "$work/maven.log" 2>&1 \
  || { echo "could not fetch async-profiler $version (see $work/maven.log)" >&2; exit 2; }
(cd "$work" && unzip -q async-profiler-*.jar 'linux-x64/*')

log_file=/dev/null
source bench/lib.sh
BENCH_BODY="$(small_event bench_profile)"
export BENCH_BODY
start_bundle . 8400 -Xmx512m "$work/payara.log" || exit 2
pid=$bundle_pid
echo "warming up for $warm_up s"
wrk -t2 -c"$connections" -d"$warm_up"s --timeout 10s -s bench/accept.lua http://127.0.0.1:8400 > /dev/null
wrk -t2 -c"$connections" -d$((seconds + 4))s --timeout 10s -s bench/accept.lua http://127.0.0.1:8400 > "$work/wrk.log" &
load=$!
sleep 2
# jcmd takes name=value words as its own arguments: the profiler's options go quoted, as one.
event=cpu
jcmd "$pid" JVMTI.agent_load "$profiler" "\"start,event=$event,interval=1ms,threads\"" > "$work/jcmd.log" 2>&1
grep -q 'return code: 0' "$work/jcmd.log" || {
  event=itimer
  jcmd "$pid" JVMTI.agent_load "$profiler" "\"start,event=$event,interval=1ms,threads\"" > "$work/jcmd.log" 2>&1
}
sleep "$seconds"
jcmd "$pid" JVMTI.agent_load "$profiler" "\"stop,collapsed,file=$work/stacks.collapsed\"" > /dev/null 2>&1
wait "$load" || true
[ -s "$work/stacks.collapsed" ] || { echo "the profiler wrote nothing (see $work/payara.log)" >&2; exit 2; }
gzip -c "$work/stacks.collapsed" > "bench/results/tmp/$stamp.collapsed.gz"

# Thread groups (numbers folded: http-thread-pool::http-listener(N)), then per group the frames of this application
# and of the layers it runs on, by the share of the group's samples whose stack holds them.
summary() {
  awk -v filter="$1" -v pat="$2" '
    { n = $NF; line = $0; sub(/ [0-9]+$/, "", line); depth = split(line, frame, ";")
      group = frame[1]; gsub(/\[|\]| tid=[0-9]+/, "", group); gsub(/[0-9]+/, "N", group)
      total += n; groups[group] += n
      if (filter == "" || index(group, filter) != 1) next
      in_group += n; delete seen
      for (i = 2; i <= depth; i++) if (frame[i] ~ pat && !(frame[i] in seen)) { held[frame[i]] += n; seen[frame[i]] = 1 } }
    END {
      if (filter == "") { for (g in groups) printf "%6.1f %%  %s\n", groups[g] * 100 / total, g; exit }
      for (f in held) if (held[f] * 100 / in_group >= 1.5) printf "%6.1f %%  %s\n", held[f] * 100 / in_group, f
    }' "$work/stacks.collapsed" | sort -rn
}
layers='io/notifications/|ServerRuntime[.]process|ContainerFilteringStage|OpenTelemetry|ValidatorImpl[.]validate$|HttpContextLifecycle|ChannelN[.]basicPublish|AsyncResponder|writeResponse|WeldClientProxy|JsonText'
{
  echo "bench/profile.sh $args: $(date -u +%FT%TZ), commit $(git describe --always --dirty), event $event"
  echo "load: $(sed -n 's/^Requests\/sec: *//p' "$work/wrk.log") requests/s with $connections connections after $warm_up s of warm-up"
  echo; echo "thread groups, share of all samples:"; summary '' '' | head -12
  for group in 'http-thread-pool' 'concurrent/__defaultManagedThreadFactory' 'concurrent/__defaultManagedExecutorService'; do
    echo; echo "$group: frames held by the group's samples"; summary "$group" "$layers" | head -40
  done
} > "$name.txt"
cat "$name.txt"
