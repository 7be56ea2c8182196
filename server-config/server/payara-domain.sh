#!/usr/bin/env bash
# A Payara Server 6 domain for notification.ear, made from an unpacked Payara Server distribution
# (fish.payara.distributions:payara:6.2025.10:zip). The build's EAR integration test uses it; so can you:
#
#   export PAYARA_HOME=/opt/payara6 PG_DRIVER=/path/to/postgresql-42.7.14.jar
#   server-config/server/payara-domain.sh create start
#   server-config/server/payara-domain.sh configure settings.properties   # or environment variables, see below
#   server-config/server/payara-domain.sh deploy notification-ear/target/notification.ear
#   ...
#   server-config/server/payara-domain.sh stop
#
# Commands (several may follow each other; they run in order):
#   create           create the domain on free ports (refuses to touch an existing one)
#   start            start the domain and give it the PostgreSQL driver and the jdbc/notifications data source
#                    (server-config/data-source.asadmin, shared with Payara Micro), unless it already has them; the
#                    applications' HTTP listeners start closed (server/http-closed.asadmin): notification.ear opens
#                    them once it is deployed, and closes them before it is undeployed
#   configure FILE   store the settings in FILE (a .properties file) as MicroProfile Config properties of the domain
#   war-settings     print, as asadmin commands, the WAR's settings that Payara Server must hold for the EAR (see
#                    below); `start` gives them to the domain, the server image runs them after boot
#   deploy EAR       deploy the EAR; its context root, /, comes from its application.xml
#   stop             stop the domain; a server that does not stop in time is killed
#   delete           stop the domain if it runs, then delete it
#
# Environment:
#   PAYARA_HOME   the unpacked distribution, the payara6 directory                          (required)
#   PG_DRIVER     the PostgreSQL JDBC driver jar                                            (required by start)
#   DOMAIN_DIR    the directory the domain lives in           (default $PAYARA_HOME/glassfish/domains)
#   DOMAIN_NAME   the domain's name                                              (default notification)
#   HTTP_OPEN_AT_BOOT  1: start with the HTTP listeners open, as Payara does by default (the EAR test: Arquillian's
#                 remote connector finds the server's address on an open listener before it deploys); their other
#                 settings from http-closed.asadmin still apply
#   PORTBASE      the first port base tried by create (default 28000). The domain uses PORTBASE+48 (admin),
#                 +80 (HTTP), +81 (HTTPS) and +9, +37..39, +49, +59, +66, +76, +86; while any of them is taken,
#                 the next hundred is tried. The ports chosen are written to $DOMAIN_DIR/$DOMAIN_NAME/ports.properties.
#
# The WAR's mp.openapi.* settings (its META-INF/microprofile-config.properties: what /openapi scans, and its filter)
# do not apply in an EAR: Payara Server reads an EAR's configuration through the EAR's class loader, which does not
# see a WAR's own file. `start` copies them, from api-war's source, into the domain's configuration.
#
# Settings: the data source and the application read MicroProfile Config: db.host, db.port, db.name, db.user,
# db.password and rabbitmq.host, rabbitmq.port, rabbitmq.vhost, rabbitmq.user, rabbitmq.password. Either export
# them as environment variables (DB_HOST ... RABBITMQ_PASSWORD) before `start`, since the server inherits the
# environment, or hand them to the running domain with `configure FILE` before deploying. Both override the
# application's defaults (META-INF/microprofile-config.properties); credentials have no defaults.
#
# Everything the domain and asadmin write stays under DOMAIN_DIR (asadmin's client cache, normally ~/.gfclient,
# included). The server's log is $DOMAIN_DIR/$DOMAIN_NAME/logs/server.log.
set -euo pipefail

if [ $# -eq 0 ]; then # usage: the comment above
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
war_config="$here/../../api-war/src/main/resources/META-INF/microprofile-config.properties"
if [ "$1" = war-settings ]; then # needs no Payara (the image's build stage)
  sed -n 's/^\(mp\.openapi\.[A-Za-z0-9._-]*\)=\([^[:space:]]*\)$/set-config-property --source=domain --propertyName=\1 --propertyValue=\2/p' "$war_config"
  exit 0
fi
: "${PAYARA_HOME:?set PAYARA_HOME to the unpacked Payara Server distribution (the payara6 directory)}"
DOMAIN_DIR="${DOMAIN_DIR:-$PAYARA_HOME/glassfish/domains}"
DOMAIN_NAME="${DOMAIN_NAME:-notification}"
PORTBASE="${PORTBASE:-28000}"

domain="$DOMAIN_DIR/$DOMAIN_NAME"
ports_file="$domain/ports.properties"
server_log="$domain/logs/server.log"
# Offsets from the port base of every port create-domain --portbase assigns.
port_offsets=(9 37 38 39 48 49 59 66 76 80 81 86)

# asadmin keeps a client cache (and a login file) in ~/.gfclient; keep them with the domain instead.
export AS_EXTRA_JAVA_OPTS="${AS_EXTRA_JAVA_OPTS:-} -Duser.home=$DOMAIN_DIR/.asadmin-client"

asadmin() {
  "$PAYARA_HOME/bin/asadmin" "$@"
}

# Remote commands go to the domain's admin port, on this machine.
asadmin_remote() {
  local port
  port="$(port_property payara.adminPort)" || return 1
  asadmin --host localhost --port "$port" "$@"
}

port_property() {
  [ -f "$ports_file" ] || { echo "No domain at $domain (run create first)" >&2; return 1; }
  sed -n "s/^$1=//p" "$ports_file"
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_portbase() {
  local base="$PORTBASE" offset
  for _ in $(seq 40); do
    local taken=""
    for offset in "${port_offsets[@]}"; do
      if port_taken $((base + offset)); then taken=$((base + offset)); break; fi
    done
    if [ -z "$taken" ]; then echo "$base"; return 0; fi
    echo "Port $taken is taken; trying port base $((base + 100))" >&2
    base=$((base + 100))
  done
  echo "No free port base from $PORTBASE to $base" >&2
  return 1
}

server_pid() {
  local pid
  pid="$(cat "$domain/config/pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

create() {
  if [ -d "$domain" ]; then
    echo "Domain $domain already exists (delete it first)" >&2
    return 1
  fi
  local base
  base="$(free_portbase)"
  mkdir -p "$DOMAIN_DIR"
  echo "Creating domain $DOMAIN_NAME in $DOMAIN_DIR with port base $base"
  local began=$SECONDS
  asadmin create-domain --nopassword --portbase "$base" --domaindir "$DOMAIN_DIR" "$DOMAIN_NAME"
  echo "Created domain $DOMAIN_NAME in $((SECONDS - began)) s"
  cat > "$ports_file" <<EOF
# Written by payara-domain.sh create: where the domain $DOMAIN_NAME listens.
payara.portbase=$base
payara.adminPort=$((base + 48))
payara.httpPort=$((base + 80))
payara.httpsPort=$((base + 81))
payara.serverLog=$server_log
EOF
}

start() {
  : "${PG_DRIVER:?set PG_DRIVER to the PostgreSQL JDBC driver jar}"
  [ -f "$PG_DRIVER" ] || { echo "No PostgreSQL driver at $PG_DRIVER" >&2; return 1; }
  port_property payara.adminPort >/dev/null
  echo "Starting domain $DOMAIN_NAME (log: $server_log)"
  started=yes # from here on, a failure stops the server again (see on_exit)
  local began=$SECONDS
  local preboot="$here/http-closed.asadmin"
  if [ "${HTTP_OPEN_AT_BOOT:-0}" = 1 ]; then # the listeners' settings without closing them
    preboot="$domain/http-open.asadmin"
    grep -v '\.enabled=false$' "$here/http-closed.asadmin" > "$preboot"
  fi
  asadmin start-domain --timeout 240 --prebootcommandfile "$preboot" --domaindir "$DOMAIN_DIR" "$DOMAIN_NAME"
  echo "Started domain $DOMAIN_NAME in $((SECONDS - began)) s"
  if asadmin_remote list-jdbc-resources | grep -x 'jdbc/notifications' >/dev/null; then
    echo "The domain already has jdbc/notifications"
  else
    # The driver is a common library: the connection pool loads it, not the application.
    asadmin_remote add-library "$PG_DRIVER"
    # The file ends with Payara Micro's HTTP listener settings, which name a listener this domain does not have.
    sed '/^# ---- Payara Micro only/,$d' "$here/../data-source.asadmin" > "$DOMAIN_DIR/$DOMAIN_NAME/data-source.asadmin"
    asadmin_remote multimode --file "$DOMAIN_DIR/$DOMAIN_NAME/data-source.asadmin"
  fi
  # At every start, so that a changed WAR's settings reach the domain; they apply at the next deployment.
  "$0" war-settings > "$domain/war-settings.asadmin"
  asadmin_remote multimode --file "$domain/war-settings.asadmin" >/dev/null
  echo "The domain holds the WAR's settings: $(grep -o 'propertyName=[^ ]*' "$domain/war-settings.asadmin" | cut -d= -f2 | paste -sd' ')"
  started=""
  echo "Domain $DOMAIN_NAME is up: admin http://localhost:$(port_property payara.adminPort)," \
    "applications http://localhost:$(port_property payara.httpPort)"
}

configure() {
  local file="$1" commands name value
  [ -f "$file" ] || { echo "No settings file $file" >&2; return 1; }
  commands="$(mktemp "$DOMAIN_DIR/configure.XXXXXX")"
  # Domain-level config properties live in domain.xml and apply at once, also to the data source's ${MPCONFIG=...}.
  while IFS='=' read -r name value; do
    [[ "$name" =~ ^[A-Za-z][A-Za-z0-9._-]*$ ]] || continue # comments and blank lines
    if [[ ! "$value" =~ ^[^[:space:]\"\'\\]*$ ]]; then
      rm -f "$commands"
      echo "The value of $name contains a blank, a quote or a backslash; set it with asadmin by hand" >&2
      return 1
    fi
    echo "set-config-property --source=domain --propertyName=$name --propertyValue=$value" >> "$commands"
    echo "Setting $name"
  done < "$file"
  asadmin_remote multimode --file "$commands" >/dev/null || { rm -f "$commands"; return 1; }
  rm -f "$commands"
}

deploy() {
  asadmin_remote deploy --force=true --name notification "$1"
}

stop() {
  if [ ! -d "$domain" ]; then
    echo "No domain at $domain: nothing to stop"
    return 0
  fi
  local pid
  pid="$(server_pid)"
  if [ -z "$pid" ]; then
    echo "Domain $DOMAIN_NAME is not running"
  else
    echo "Stopping domain $DOMAIN_NAME (pid $pid)"
    asadmin stop-domain --timeout 60 --domaindir "$DOMAIN_DIR" "$DOMAIN_NAME" ||
      asadmin stop-domain --kill=true --domaindir "$DOMAIN_DIR" "$DOMAIN_NAME" || true
    for _ in $(seq 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "The server (pid $pid) did not stop; killing it" >&2
      kill -9 "$pid"
    fi
  fi
  if [ -f "$server_log" ]; then
    echo "Server log: $server_log ($(grep -c '\[SEVERE\]' "$server_log" || true) SEVERE, $(grep -c '\[WARNING\]' "$server_log" || true) WARNING)"
  fi
}

delete() {
  [ -d "$domain" ] || return 0
  stop
  echo "Deleting domain $DOMAIN_NAME in $DOMAIN_DIR"
  asadmin delete-domain --domaindir "$DOMAIN_DIR" "$DOMAIN_NAME"
}

started=""
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$started" ]; then
    echo "Starting the domain failed; stopping it again" >&2
    stop || true
  fi
  exit "$status"
}
trap on_exit EXIT

while [ $# -gt 0 ]; do
  command="$1"
  shift
  case "$command" in
    create | start | stop | delete) "$command" ;;
    configure | deploy)
      [ $# -gt 0 ] || { echo "$command needs a file" >&2; exit 2; }
      "$command" "$1"
      shift
      ;;
    *) echo "Unknown command $command (create, start, configure FILE, deploy EAR, stop, delete)" >&2; exit 2 ;;
  esac
done
