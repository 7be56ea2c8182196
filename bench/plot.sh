#!/usr/bin/env bash
# Draws results of bench/throughput.sh (and bench/start.sh) as SVG charts, several runs on the same axes:
#
#   bench/plot.sh OUT_DIR LABEL=results.json [LABEL=results.json ...]
#
#   OUT_DIR/accept-vs-connections.svg   accepted/s (lines) and the p99 of a 202 (dashed, right axis) against wrk's
#                                       connections, POST /api/events
#   OUT_DIR/start-under-load.svg        accepted/s and Payara's CPU per event (dashed, right axis) in each 10 s step
#                                       after a start under load (runs that have the phase, and bench/start.sh's)
#   OUT_DIR/end-to-end.svg              the fixed-rate end-to-end phase over time: stored/s (lines) beside the mean
#                                       accepted/s (dotted), and the queue depth (dashed, right axis), during the
#                                       load and after it (runs from before stored/s was recorded: the depth only)
#   OUT_DIR/drain.svg                   the drain phase: stored/s over time since Payara Micro's launch, beside
#                                       PerfTest's consume rate on the same machine (dotted)
# Needs gnuplot (Debian: gnuplot-nox) and jq.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1; shift
command -v gnuplot >/dev/null || { echo "needs gnuplot (apt-get install gnuplot-nox)" >&2; exit 2; }
mkdir -p "$out"
data=$(mktemp -d); trap 'rm -rf "$data"' EXIT

accept_plots=() start_plots=() e2e_plots=() drain_plots=() e2e_end=() i=0
for run in "$@"; do
  label=${run%%=*} file=${run#*=}
  i=$((i + 1))
  if jq -e '.accept.levels | length > 0' "$file" >/dev/null 2>&1; then
    jq -r '.accept.levels[] | "\(.connections) \(.accepted_per_s) \(.latency_ms.p99)"' "$file" > "$data/accept-$i.dat"
    accept_plots+=("'$data/accept-$i.dat' using 1:2 axes x1y1 with linespoints lw 2 pt 7 lc $i title '$label: accepted/s'"
                   "'$data/accept-$i.dat' using 1:3 axes x1y2 with linespoints lw 2 pt 6 dt 2 lc $i title '$label: p99 of a 202 (ms)'")
  fi
  if jq -e '(.start.steps // .steps) | length > 0' "$file" >/dev/null 2>&1; then
    jq -r '(.start.steps // .steps)[] | "\(.until_s) \(.accepted_per_s) \(.cpu_us_per_event.payara_us)"' "$file" > "$data/start-$i.dat"
    start_plots+=("'$data/start-$i.dat' using 1:2 axes x1y1 with linespoints lw 2 pt 7 lc $i title '$label: accepted/s'"
                  "'$data/start-$i.dat' using 1:3 axes x1y2 with linespoints lw 2 pt 6 dt 2 lc $i title '$label: Payara CPU per event (µs)'")
  fi
  if jq -e '.end_to_end.backlog.samples | length > 0' "$file" >/dev/null 2>&1; then
    jq -r '.end_to_end.backlog | (.samples + (.after_load_samples // []))[] | "\(.t_s) \(.ready)"' "$file" > "$data/depth-$i.dat"
    if jq -e '.end_to_end.stored_over_time.points | length > 0' "$file" >/dev/null 2>&1; then
      jq -r '.end_to_end.stored_over_time.points[] | "\(.t_s) \(.stored_per_s)"' "$file" > "$data/e2e-stored-$i.dat"
      e2e_plots+=("'$data/e2e-stored-$i.dat' using 1:2 axes x1y1 with linespoints lw 2 pt 7 ps 0.6 lc $i title '$label: stored/s'")
    fi
    # The mean accept rate of the load, as a level line over its seconds.
    jq -r '.end_to_end | "0 \(.achieved_per_s)\n\(.seconds) \(.achieved_per_s)"' "$file" > "$data/e2e-accepted-$i.dat"
    e2e_plots+=("'$data/e2e-accepted-$i.dat' using 1:2 axes x1y1 with lines lw 1.5 dt 3 lc $i title '$label: accepted/s (mean of the load)'"
                "'$data/depth-$i.dat' using 1:2 axes x1y2 with linespoints lw 2 pt 6 ps 0.6 dt 2 lc $i title '$label: queue depth (ready)'")
    e2e_end+=("$(jq .end_to_end.seconds "$file")")
  fi
  if jq -e '.drain.stored_over_time.points | length > 0' "$file" >/dev/null 2>&1; then
    jq -r '.drain.stored_over_time.points[] | "\(.t_s) \(.stored_per_s)"' "$file" > "$data/drain-$i.dat"
    drain_plots+=("'$data/drain-$i.dat' using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc $i title '$label: stored/s ($(jq .drain.events "$file") events queued)'")
    if jq -e '.baseline.rabbitmq.classic.consume_per_s' "$file" >/dev/null 2>&1; then
      jq -r --argjson last "$(tail -1 "$data/drain-$i.dat" | cut -d' ' -f1)" \
        '.baseline.rabbitmq.classic.consume_per_s | "0 \(.)\n\($last) \(.)"' "$file" > "$data/drain-consume-$i.dat"
      drain_plots+=("'$data/drain-consume-$i.dat' using 1:2 with lines lw 1.5 dt 3 lc $i title '$label: PerfTest consume/s (baseline)'")
    fi
  fi
done

join_plots() { local IFS=,; echo "$*"; }
common='set terminal svg size 860,460 dynamic font "sans,12" background "white"
set key outside bottom center horizontal maxrows 2 font ",11"
set grid lc rgb "#dddddd"
set border lc rgb "#555555"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]'

if [ ${#accept_plots[@]} -gt 0 ]; then
  gnuplot <<EOF
$common
set output '$out/accept-vs-connections.svg'
set title 'POST /api/events: accept rate and p99 of a 202 against connections (bench/throughput.sh)'
set xlabel 'wrk connections'
set logscale x 2
set ylabel 'accepted per second'
set y2label 'p99 of a 202 (ms)'
plot $(join_plots "${accept_plots[@]}")
EOF
  echo "$out/accept-vs-connections.svg"
fi

if [ ${#start_plots[@]} -gt 0 ]; then
  gnuplot <<EOF
$common
set output '$out/start-under-load.svg'
set title 'Each 10 s after a start under load, 32 connections, POST /api/events'
set xlabel 'seconds since the first request (end of each step)'
set ylabel 'accepted per second'
set y2label 'Payara CPU per event (µs)'
plot $(join_plots "${start_plots[@]}")
EOF
  echo "$out/start-under-load.svg"
fi

if [ ${#e2e_plots[@]} -gt 0 ]; then
  # The end of the load, marked when every run's load lasted the same.
  end_mark=''
  if [ "$(printf '%s\n' "${e2e_end[@]}" | sort -u | wc -l)" = 1 ]; then
    end_mark="set arrow from ${e2e_end[0]}, graph 0 to ${e2e_end[0]}, graph 1 nohead lc rgb '#888888' dt 4
set label 'end of the load' at ${e2e_end[0]}, graph 0.5 center rotate by 90 offset -0.8,0 font ',10' tc rgb '#555555'"
  fi
  gnuplot <<GNUPLOT
$common
set output '$out/end-to-end.svg'
set title 'End-to-end at a fixed rate: events stored per second and queue depth, during the load and after (bench/throughput.sh)'
set xlabel 'seconds since the first request'
set ylabel 'events per second'
set y2label 'queue depth (ready messages)'
$end_mark
plot $(join_plots "${e2e_plots[@]}")
GNUPLOT
  echo "$out/end-to-end.svg"
fi

if [ ${#drain_plots[@]} -gt 0 ]; then
  gnuplot <<GNUPLOT
$common
unset y2tics
set output '$out/drain.svg'
set title 'Drain: a backlog queued while Payara Micro was stopped, stored after its launch (bench/throughput.sh)'
set xlabel 'seconds since Payara Micro was launched (5 s buckets)'
set ylabel 'events stored per second'
plot $(join_plots "${drain_plots[@]}")
GNUPLOT
  echo "$out/drain.svg"
fi
