# syntax=docker/dockerfile:1
#
# One Maven build, two images:
#   micro  (the default, last stage): the Payara Micro bundle - the API WAR with the consumer EJB jar in WEB-INF/lib -
#          with the PostgreSQL driver and the post-boot commands that create the JDBC pool, started by
#          server-config/micro/launch.sh as bin/run starts it. docker-compose.yml and docker-compose.cluster.yml run it.
#   server: notification.ear on Payara Server 6 with its admin console. docker-compose.server.yml runs it.
# On its own:
#   docker build -t notification-system .
#   docker run -p 8000:8080 -e DB_HOST=... -e DB_PORT=5432 -e DB_NAME=... -e DB_USER=... -e DB_PASSWORD=... \
#       -e RABBITMQ_HOST=... -e RABBITMQ_USER=... -e RABBITMQ_PASSWORD=... notification-system

# Must equal <payara.version> in pom.xml: the build stage fails when it does not.
ARG PAYARA_VERSION=6.2025.10

# ---- Stage 1: build with the same command as the README ------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
ARG PAYARA_VERSION
WORKDIR /build

# Everything the reactor needs; .dockerignore keeps out target/, .git, .env and the like.
COPY . .

# The local Maven repository lives in a BuildKit cache mount, so dependencies are downloaded once and reused by every
# later build, even when a pom changes (a "copy the poms first" layer would be thrown away on each pom edit, and
# dependency:go-offline cannot resolve the reactor's own modules).
# -DskipTests still compiles the tests: api-war needs consumer-ejb's test-jar.
RUN --mount=type=cache,target=/root/.m2 \
    set -eu; \
    mvn -B -DskipTests package; \
    expected="/root/.m2/repository/fish/payara/extras/payara-micro/${PAYARA_VERSION}/payara-micro-${PAYARA_VERSION}.jar"; \
    if ! cmp -s api-war/target/payara/payara-micro.jar "$expected"; then \
        echo "pom.xml builds for another Payara Micro than payara/micro:${PAYARA_VERSION}: make the Dockerfile's PAYARA_VERSION equal <payara.version>" >&2; \
        exit 1; \
    fi; \
    server-config/server/payara-domain.sh war-settings > war-settings.asadmin

# ---- Stage 2: the EAR on the official Payara Server image --------------------------------------------------------
# payara/server-full (6.x) is Azul Zulu on Ubuntu, running as the non-root user "payara" under tini. Its entrypoint
# sources ${SCRIPT_DIR}/init_*.sh and init.d/*.sh, turns every archive in ${DEPLOY_DIR} into a `deploy` line appended
# to a copy of ${POSTBOOT_COMMANDS}, starts domain1 in the foreground with that post-boot file, and on SIGTERM runs
# `asadmin stop-domain`, which undeploys the application cleanly (the consumer finishes the batch in hand).
FROM payara/server-full:${PAYARA_VERSION}-jdk17 AS server

USER payara

# The same heap share and crash behaviour as the Micro image below. MEM_MAX_RAM_PERCENTAGE feeds the image's own
# -XX:MaxRAMPercentage JVM option.
ENV MEM_MAX_RAM_PERCENTAGE=50.0 \
    JVM_ARGS="-XX:+ExitOnOutOfMemoryError"

# The driver as a domain library (what `asadmin add-library` does), the data source shared with Payara Micro and the
# EAR integration test, the admin password from the environment, and the EAR.
COPY --from=build --chown=payara:payara /build/api-war/target/payara/postgresql.jar ${PAYARA_DIR}/glassfish/domains/${DOMAIN_NAME}/lib/postgresql.jar
COPY --from=build --chown=payara:payara /build/server-config/data-source.asadmin ${POSTBOOT_COMMANDS}
COPY --from=build --chown=payara:payara /build/server-config/server/http-closed.asadmin ${PREBOOT_COMMANDS}
COPY --from=build --chown=payara:payara /build/war-settings.asadmin /tmp/war-settings.asadmin
# Without Payara Micro's HTTP listener settings at its end: this domain's listener has another name. With the WAR's
# mp.openapi.* settings instead, which Payara Server does not read from the WAR inside an EAR (payara-domain.sh).
RUN sed -i '/^# ---- Payara Micro only/,$d' ${POSTBOOT_COMMANDS} && cat /tmp/war-settings.asadmin >> ${POSTBOOT_COMMANDS}
COPY --from=build --chown=payara:payara /build/server-config/docker/payara-admin-password.sh ${SCRIPT_DIR}/init.d/admin-password.sh
COPY --from=build --chown=payara:payara /build/notification-ear/target/notification.ear ${DEPLOY_DIR}/notification.ear

# 8080 the API and /health, 4848 the admin console (HTTPS, secure admin is on in this image).
EXPOSE 8080 4848

# ---- Stage 3 (default): the official Payara Micro image ------------------------------------------------------------
# payara/micro (6.x) is Azul Zulu on Alpine; tags without a suffix are JDK 11, "-jdk17" and "-jdk21" pick the JDK.
# It runs as the non-root user "payara" (uid 1000) in /opt/payara, which holds payara-micro.jar. Its own
# ENTRYPOINT ["tini", "--", "/opt/payara/entrypoint.sh"] runs
#   java -XX:MaxRAMPercentage=$MEM_MAX_RAM_PERCENTAGE -Xss$MEM_XSS -XX:+UseContainerSupport $JVM_ARGS -jar payara-micro.jar "$@"
# This image runs server-config/micro/launch.sh in that script's place: the launch bin/run and the bench scripts use,
# which passes the same JVM options from the same variables. tini stays PID 1 and passes SIGTERM on to the JVM (the
# launcher execs java), so `docker stop` shuts Payara Micro down cleanly (the consumer finishes the event in hand).
FROM payara/micro:${PAYARA_VERSION}-jdk17 AS micro

USER payara

# The compose healthcheck uses BusyBox wget (Alpine has no curl); fail the build here rather than report "unhealthy".
# The launcher needs tini (PID 1) and a POSIX sh, as the image's own entrypoint does.
RUN command -v wget >/dev/null || { echo "this payara/micro image has no wget: change the healthcheck" >&2; exit 1; }; \
    command -v tini >/dev/null || { echo "this payara/micro image has no tini: change the ENTRYPOINT" >&2; exit 1; }

# Heap: at most half of the container's memory limit (docker-compose.yml sets 1 GiB): Payara Micro's metaspace, code
# cache, threads and direct buffers need another 300-400 MB (measured: ~450 MB resident after boot, ~470 MB after
# 3000 events, with 130 MB of heap in use). JVM_ARGS keeps the image's own default and exits on OutOfMemoryError so that the restart policy
# replaces a broken JVM. All three can be overridden with `environment:` in docker-compose.yml.
ENV MEM_MAX_RAM_PERCENTAGE=50.0 \
    MEM_XSS=512k \
    JVM_ARGS="-Djdk.util.zip.disableZip64ExtraFieldValidation=true -XX:+ExitOnOutOfMemoryError"

# What the launcher's --from directory holds, beside the image's payara-micro.jar (the build stage made sure it is the
# one the build used): the driver, the post-boot commands that create the JDBC pool, the bundle, and the launcher.
COPY --from=build --chown=payara:payara /build/api-war/target/payara/postgresql.jar /opt/payara/postgresql.jar
COPY --from=build --chown=payara:payara /build/server-config/data-source.asadmin /opt/payara/data-source.asadmin
COPY --from=build --chown=payara:payara /build/server-config/micro/http-closed.asadmin /opt/payara/http-closed.asadmin
COPY --from=build --chown=payara:payara /build/api-war/target/notification-micro.war /opt/payara/notification-micro.war
COPY --from=build --chown=payara:payara /build/server-config/micro/launch.sh /opt/payara/launch.sh

EXPOSE 8080

# The post-boot commands read DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD (MicroProfile Config) from the
# environment; the application reads the RABBITMQ_* settings the same way. The launcher runs under /bin/sh, so it
# needs no execute bit; CMD holds its arguments (the port), which `docker run IMAGE --port N` replaces.
ENTRYPOINT ["tini", "--", "/bin/sh", "/opt/payara/launch.sh", "--from", "/opt/payara"]
CMD ["--port", "8080"]
