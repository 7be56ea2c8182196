#!/usr/bin/env bash
# Draws results of bench/throughput.sh (and bench/start.sh) as SVG charts, several runs on the same axes:
#
#   bench/plot.sh OUT_DIR LABEL=results.json [LABEL=results.json ...]
#
#   OUT_DIR/accept-vs-connections.svg   accepted/s (lines) and the p99 of a 202 (dashed, right axis) against wrk's
#                                       connections, POST /api/events
#   OUT_DIR/start-under-load.svg        accepted/s and Payara's CPU per event (dashed, right axis) in each 10 s step
#                                       after a start under load (runs that have the phase, and bench/start.sh's)
# Needs gnuplot (Debian: gnuplot-nox) and jq.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1; shift
command -v gnuplot >/dev/null || { echo "needs gnuplot (apt-get install gnuplot-nox)" >&2; exit 2; }
mkdir -p "$out"
data=$(mktemp -d); trap 'rm -rf "$data"' EXIT

accept_plots=() start_plots=() i=0
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
