#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of the timeline's queries (GET /api/users/{user_id}/events) on a large table.
#
# Creates its own database on the local PostgreSQL (notification_explain, or EXPLAIN_DB), applies db/init.sql, fills
# processed_events with ROWS rows (3,000,000) in acceptance order: HEAVY_EVERY'th row (every 30th: 100,000 rows) is
# the heavy user's, the others spread over USERS users (100,000, about 29 events each). ANALYZEs, then prints the
# plans of the SQL texts StoredEvents sends (StoredEventsTest checks that the texts here are the same), with the
# parameters as the JDBC driver sends them (text, and an int for the limit):
#   1. the first page of the heavy user (limit 50, so 51 rows asked)
#   2. a deep page: the cursor 90,000 events down (nine tenths of the heavy user's events)
#   3. the event_type filter, with a type that is 1 in 100 of the heavy user events
#   4. since/until: one week in the middle of the user's year
#   5. the deep page again as a generic plan (what a pooled prepared statement may settle on)
#   6. the first unread page of the heavy user (unread=true): one row in UNREAD_EVERY (10) is unread, the heavy
#      user's and the others' alike (by g / HEAVY_EVERY), the rest read an hour after they were accepted
#   7. the heavy user's unread count (GET .../unread-count), capped at 10,000 (10,001 rows asked)
# Each query runs once before its EXPLAIN, so the figures are of a warm cache. The database is dropped at the end.
# Output: stdout and bench/results/explain-timeline-<yyyymmdd-hhmmss>.txt.
#
#   bench/explain-timeline.sh            # about 2 to 4 minutes on 2 cores
#   ROWS=300000 bench/explain-timeline.sh
#
# Needs psql and a PostgreSQL superuser without a password prompt (DB_ADMIN_USER, default postgres; DB_HOST, DB_PORT).
set -Eeuo pipefail

cd "$(dirname "$0")/.."
DB=${EXPLAIN_DB:-notification_explain}
ROWS=${ROWS:-3000000}
USERS=${USERS:-100000}
HEAVY_EVERY=${HEAVY_EVERY:-30}
UNREAD_EVERY=${UNREAD_EVERY:-10}
HEAVY_USER=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
PSQL=(psql -X -v ON_ERROR_STOP=1 -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "${DB_ADMIN_USER:-postgres}")
export PGOPTIONS='-c client_min_messages=warning'
mkdir -p bench/results
OUT=bench/results/explain-timeline-$(date +%Y%m%d-%H%M%S).txt

drop() { "${PSQL[@]}" -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null; }
trap drop EXIT

{
echo "# bench/explain-timeline.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $("${PSQL[@]}" -At -d postgres -c 'SELECT version()')"
echo "# $ROWS rows; heavy user $HEAVY_USER has every ${HEAVY_EVERY}th; the rest over $USERS users"
drop
"${PSQL[@]}" -q -d postgres -c "CREATE DATABASE $DB"
"${PSQL[@]}" -q -d "$DB" -f db/init.sql

start=$(date +%s)
"${PSQL[@]}" -q -d "$DB" <<SQL
SET maintenance_work_mem = '256MB';
INSERT INTO processed_events (event_id, user_id, event_type, message, payload, created_at, processed_at, read_at)
SELECT gen_random_uuid(),
       CASE WHEN g % $HEAVY_EVERY = 0 THEN '$HEAVY_USER'::uuid
            ELSE md5('user-' || (g::bigint * 7919 % $USERS))::uuid END,
       CASE WHEN g / $HEAVY_EVERY % 100 = 0 THEN 'account_deleted'
            ELSE (ARRAY['login', 'order_placed', 'user_registered', 'password_changed'])[1 + g / $HEAVY_EVERY % 4] END,
       'Event ' || g,
       jsonb_build_object('n', g),
       t, t + interval '120 milliseconds',
       CASE WHEN g / $HEAVY_EVERY % $UNREAD_EVERY <> 0 THEN t + interval '1 hour' END
FROM generate_series(1, $ROWS) AS g,
     LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '10.123457 seconds' AS t) AS accepted;
VACUUM ANALYZE processed_events;
SQL
echo "# filled and analyzed in $(( $(date +%s) - start )) s"
"${PSQL[@]}" -At -d "$DB" -c "SELECT '# table ' || pg_size_pretty(pg_table_size('processed_events')) || ', index processed_events_user_newest_idx '
    || pg_size_pretty(pg_relation_size('processed_events_user_newest_idx')) || ', heavy user rows '
    || (SELECT count(*) FROM processed_events WHERE user_id = '$HEAVY_USER')"

"${PSQL[@]}" -d "$DB" <<SQL
\set user '$HEAVY_USER'
-- The cursor of a deep page: the heavy user's 90,000th newest event (of 100,000), as StoredEvents passes a position.
SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS deep_created_at,
       event_id AS deep_event_id
FROM processed_events WHERE user_id = :'user' ORDER BY created_at DESC, event_id DESC
OFFSET (SELECT count(*) * 9 / 10 - 1 FROM processed_events WHERE user_id = :'user') LIMIT 1 \gset
SELECT to_char(percentile_disc(0.5) WITHIN GROUP (ORDER BY created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS since
FROM processed_events WHERE user_id = :'user' \gset
SELECT to_char((timestamptz :'since' + interval '7 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS until \gset
\echo deep page cursor: :deep_created_at :deep_event_id, since/until: :since :until

-- The texts below are StoredEvents.timelineStatement's, with ?n written \$n.
PREPARE first_page(varchar, int) AS
SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, created_at, processed_at, trace_id, read_at
FROM processed_events
WHERE user_id = CAST(\$1 AS uuid)
ORDER BY created_at DESC, event_id DESC
LIMIT \$2;

PREPARE later_page(varchar, varchar, varchar, int) AS
SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, created_at, processed_at, trace_id, read_at
FROM processed_events
WHERE user_id = CAST(\$1 AS uuid)
  AND (created_at, event_id) < (CAST(\$2 AS timestamptz), CAST(\$3 AS uuid))
ORDER BY created_at DESC, event_id DESC
LIMIT \$4;

PREPARE of_type(varchar, varchar, int) AS
SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, created_at, processed_at, trace_id, read_at
FROM processed_events
WHERE user_id = CAST(\$1 AS uuid)
  AND event_type = \$2
ORDER BY created_at DESC, event_id DESC
LIMIT \$3;

PREPARE in_window(varchar, varchar, varchar, int) AS
SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, created_at, processed_at, trace_id, read_at
FROM processed_events
WHERE user_id = CAST(\$1 AS uuid)
  AND created_at >= CAST(\$2 AS timestamptz)
  AND created_at < CAST(\$3 AS timestamptz)
ORDER BY created_at DESC, event_id DESC
LIMIT \$4;

PREPARE unread_page(varchar, int) AS
SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, created_at, processed_at, trace_id, read_at
FROM processed_events
WHERE event_id IN (
    SELECT event_id
    FROM processed_events
    WHERE user_id = CAST(\$1 AS uuid)
      AND read_at IS NULL
    ORDER BY created_at DESC, event_id DESC
    LIMIT \$2)
ORDER BY created_at DESC, event_id DESC;

-- StoredEvents.COUNT_UNREAD
PREPARE unread_count(varchar, int) AS
SELECT count(*) FROM (
    SELECT 1 FROM processed_events WHERE user_id = CAST(\$1 AS uuid) AND read_at IS NULL LIMIT \$2) AS unread;

\o /dev/null
EXECUTE unread_page(:'user', 51);
EXECUTE unread_count(:'user', 10001);
EXECUTE first_page(:'user', 51);
EXECUTE later_page(:'user', :'deep_created_at', :'deep_event_id', 51);
EXECUTE of_type(:'user', 'account_deleted', 51);
EXECUTE in_window(:'user', :'since', :'until', 51);
\o

\echo
\echo === 1. first page of the heavy user (limit 50)
EXPLAIN (ANALYZE, BUFFERS) EXECUTE first_page(:'user', 51);
\echo === 2. deep page: cursor 90,000 events down
EXPLAIN (ANALYZE, BUFFERS) EXECUTE later_page(:'user', :'deep_created_at', :'deep_event_id', 51);
\echo === 3. event_type filter: account_deleted, 1 in 100 of the heavy user events
EXPLAIN (ANALYZE, BUFFERS) EXECUTE of_type(:'user', 'account_deleted', 51);
\echo === 4. since/until: one week
EXPLAIN (ANALYZE, BUFFERS) EXECUTE in_window(:'user', :'since', :'until', 51);
\echo === 5. deep page as a generic plan
SET plan_cache_mode = force_generic_plan;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE later_page(:'user', :'deep_created_at', :'deep_event_id', 51);
RESET plan_cache_mode;
\echo === 6. first unread page of the heavy user (limit 50)
EXPLAIN (ANALYZE, BUFFERS) EXECUTE unread_page(:'user', 51);
\echo === 7. unread count of the heavy user, capped at 10,000
EXPLAIN (ANALYZE, BUFFERS) EXECUTE unread_count(:'user', 10001);
SQL
} 2>&1 | tee "$OUT"
echo "Saved to $OUT"
