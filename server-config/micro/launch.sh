#!/bin/sh
# Starts Payara Micro with the notification bundle: the one launch of the application. bin/run, the bench scripts and
# the Docker image (Dockerfile, stage micro) all start it through this script, so its options are said here only.
#
#   server-config/micro/launch.sh [--port P] [--rootdir DIR] [--keep-rootdir] [--from DIR] [--print]
#
#   --port P        the HTTP port of the API, /health and /metrics (default 8080)
#   --rootdir DIR   Payara Micro's runtime directory, emptied first (default: a temporary one of Payara's own): a kept
#                   one makes Payara start the application the last start deployed, then redeploy it, and answer 404
#                   and 500 in between. --keep-rootdir keeps it all the same (bench/faults.sh --keep-rootdir).
#   --from DIR      a directory with payara-micro.jar, postgresql.jar, notification-micro.war, data-source.asadmin and
#                   http-closed.asadmin side by side (the image's /opt/payara, the bench scripts' copy of the build);
#                   default: this repository's build (./mvnw -B -DskipTests package) and server-config/
#   --print         print the command instead of running it
#
# JVM options: JAVA_OPTS (default -Xmx512m). In the payara/micro image, whose ENV sets MEM_MAX_RAM_PERCENTAGE, MEM_XSS
# and JVM_ARGS, the default is what that image's own entrypoint passes, which this script replaces there.
# The application's settings (DB_*, RABBITMQ_*, ...) come from the environment: see .env.example.
# The script ends by exec-ing java, so the JVM takes over its process: Ctrl-C, SIGTERM (bench scripts; `docker stop`
# through tini) and SIGKILL reach Payara Micro itself.
#
# POSIX sh, not bash: the image (Alpine) has BusyBox's sh only. No pipes here, so no pipefail (Debian's dash lacks it).
set -eu

usage() { sed -n '5,14s/^# \{0,1\}//p' "$0"; }

port=8080 rootdir='' keep_rootdir=0 from='' print=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift ;;
    --rootdir) rootdir=$2; shift ;;
    --keep-rootdir) keep_rootdir=1 ;;
    --from) from=$2; shift ;;
    --print) print=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

if [ -n "$from" ]; then
  jar=$from/payara-micro.jar driver=$from/postgresql.jar
  war=$from/notification-micro.war commands=$from/data-source.asadmin closed=$from/http-closed.asadmin
else
  repo=$(cd "$(dirname "$0")/../.." && pwd)
  jar=$repo/api-war/target/payara/payara-micro.jar driver=$repo/api-war/target/payara/postgresql.jar
  war=$repo/api-war/target/notification-micro.war commands=$repo/server-config/data-source.asadmin
  closed=$repo/server-config/micro/http-closed.asadmin
fi

if [ -n "${JAVA_OPTS:-}" ]; then
  jvm_options=$JAVA_OPTS
elif [ -n "${MEM_MAX_RAM_PERCENTAGE:-}" ]; then # the payara/micro image: the heap a share of the container's memory
  jvm_options="-XX:MaxRAMPercentage=$MEM_MAX_RAM_PERCENTAGE -Xss${MEM_XSS:-512k} -XX:+UseContainerSupport ${JVM_ARGS:-}"
else
  jvm_options=-Xmx512m
fi

# --nocluster: instances share work through RabbitMQ and PostgreSQL, not through Payara's data grid.
# --shutdowngrace: after SIGTERM (Ctrl-C), 5 s in which requests in flight finish and new ones get 503.
# --addlibs: the driver belongs to the server, whose JDBC pool uses it, not to the WAR.
# --postbootcommandfile: creates that pool and jdbc/notifications before the application is deployed; the tests
# (api-war's arquillian.xml) and Payara Server (the EAR) are configured with the same file.
# --prebootcommandfile: the HTTP listener starts closed; the application opens it once deployed, and closes it after
# the grace, before it is undeployed (http-closed.asadmin): from the first connection to the last, every answer is
# the application's.
set -- -jar "$jar" --nocluster --port "$port"
if [ -n "$rootdir" ]; then
  set -- "$@" --rootdir "$rootdir"
fi
set -- "$@" --shutdowngrace 5000 --addlibs "$driver" --prebootcommandfile "$closed" --postbootcommandfile "$commands" \
  --deploy "$war" --contextroot /

if [ "$print" = 1 ]; then
  # shellcheck disable=SC2086 # several options, as written
  echo java $jvm_options "$@"
  exit 0
fi
for file in "$jar" "$driver" "$war" "$commands" "$closed"; do
  [ -f "$file" ] || { echo "launch.sh: no $file (build it: ./mvnw -B -DskipTests package)" >&2; exit 2; }
done
if [ -n "$rootdir" ]; then
  [ "$keep_rootdir" = 1 ] || rm -rf "$rootdir"
  mkdir -p "$rootdir"
fi
# shellcheck disable=SC2086 # JAVA_OPTS and JVM_ARGS hold several options
exec java $jvm_options "$@"
