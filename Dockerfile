# syntax=docker/dockerfile:1
#
# The notification system as one Payara Micro container: the API WAR with the consumer EJB jar in WEB-INF/lib
# (Payara Micro cannot deploy the EAR), the PostgreSQL driver and the post-boot commands that create the JDBC pool.
# Used by docker-compose.yml; on its own:
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
    fi

# ---- Stage 2: the official Payara Micro image ----------------------------------------------------------------------
# payara/micro (6.x) is Azul Zulu on Alpine; tags without a suffix are JDK 11, "-jdk17" and "-jdk21" pick the JDK.
# It runs as the non-root user "payara" (uid 1000) in /opt/payara, which holds payara-micro.jar. Its
# ENTRYPOINT ["tini", "--", "/opt/payara/entrypoint.sh"] runs
#   java -XX:MaxRAMPercentage=$MEM_MAX_RAM_PERCENTAGE -Xss$MEM_XSS -XX:+UseContainerSupport $JVM_ARGS -jar payara-micro.jar "$@"
# with CMD as "$@"; tini (PID 1) passes SIGTERM on and the script forwards it to the JVM and waits, so
# `docker stop` shuts Payara Micro down cleanly (the consumer finishes the event in hand).
FROM payara/micro:${PAYARA_VERSION}-jdk17

USER payara

# The compose healthcheck uses BusyBox wget (Alpine has no curl); fail the build here rather than report "unhealthy".
RUN command -v wget >/dev/null || { echo "this payara/micro image has no wget: change the healthcheck" >&2; exit 1; }

# Heap: at most half of the container's memory limit (docker-compose.yml sets 1 GiB): Payara Micro's metaspace, code
# cache, threads and direct buffers need another 300-400 MB (measured: ~450 MB resident after boot, ~470 MB after
# 3000 events, with 130 MB of heap in use). JVM_ARGS keeps the image's own default and exits on OutOfMemoryError so that the restart policy
# replaces a broken JVM. All three can be overridden with `environment:` in docker-compose.yml.
ENV MEM_MAX_RAM_PERCENTAGE=50.0 \
    MEM_XSS=512k \
    JVM_ARGS="-Djdk.util.zip.disableZip64ExtraFieldValidation=true -XX:+ExitOnOutOfMemoryError"

COPY --from=build --chown=payara:payara /build/api-war/target/payara/postgresql.jar /opt/payara/libs/postgresql.jar
COPY --from=build --chown=payara:payara /build/server-config/data-source.asadmin /opt/payara/config/data-source.asadmin
COPY --from=build --chown=payara:payara /build/api-war/target/notification-micro.war /opt/payara/deployments/notification-micro.war

EXPOSE 8080

# The arguments of the image's entrypoint, i.e. of payara-micro.jar: the same command line as outside Docker, on 8080.
# The post-boot commands read DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD (MicroProfile Config) from the
# environment; the application reads the RABBITMQ_* settings the same way.
CMD ["--nocluster", \
     "--port", "8080", \
     "--shutdowngrace", "5000", \
     "--addlibs", "/opt/payara/libs/postgresql.jar", \
     "--postbootcommandfile", "/opt/payara/config/data-source.asadmin", \
     "--deploy", "/opt/payara/deployments/notification-micro.war", \
     "--contextroot", "/"]
