#!/usr/bin/env bash
# What indexing the read state costs the consumer's insert path: rows/s of the consumer's batch insert
# (bench/pgbench/insert-recordset-250.sql: one jsonb_to_recordset INSERT ... ON CONFLICT DO NOTHING of 250 events per
# transaction, 1 client as one consumer) with each way of indexing a user's events (the other indexes, the primary key
# and the unique event id, are always there):
#   newest   (user_id, created_at DESC, event_id DESC), the timeline's index before read state: the baseline
#   partial  newest, plus the same columns again WHERE read_at IS NULL (an index of the unread rows)
#   include  instead of newest, the same columns INCLUDE (read_at): no index more, the read state in the timeline's
#            index, so that the unread count and the keys of an unread page are index-only scans
#   stored   include, plus (user_id, processed_at, event_id): the order a user's events were stored, which a live
#            stream's catch-up reads (db/init.sql's processed_events_user_stored_idx)
#
# Creates its own database on the local PostgreSQL (notification_read_index, or READ_INDEX_DB), applies db/init.sql,
# fills processed_events with PREFILL rows (200,000) over 10,000 users, nine in ten of them read. Each run starts from
# that same table (truncated and filled again from a copy, vacuumed, checkpointed) with the variant's indexes, and
# runs pgbench for SECONDS_PER_RUN (20). Each round runs every variant once, in an order rotated round by round, so
# that drift of the machine touches all alike; RUNS (3) rounds. The database is dropped at the end.
# Output: stdout and bench/results/pgbench-read-index-<yyyymmdd-hhmmss>.txt.
#
#   bench/read-index.sh                 # about 4 minutes on 2 cores
#   VARIANTS="newest partial" bench/read-index.sh
#   VARIANTS="include stored" bench/read-index.sh   # what the stream's catch-up index costs
#   RUNS=0 bench/read-index.sh          # the plans only (below), a few seconds
#
# Then, with the chosen indexes (include) on the same table plus a heavy user of HEAVY (20,000) events, one in ten
# unread and the rest read, EXPLAIN (ANALYZE, BUFFERS) of what StoredEvents sends for that user: the unread count
# (capped at 10,000), the first unread page (limit 50), and one transaction of marking all read (rolled back).
#   RUNS=5 SECONDS_PER_RUN=30 bench/read-index.sh
#
# Needs psql, pgbench and a PostgreSQL superuser without a password prompt (DB_ADMIN_USER, default postgres; DB_HOST,
# DB_PORT).
set -Eeuo pipefail

cd "$(dirname "$0")/.."
DB=${READ_INDEX_DB:-notification_read_index}
PREFILL=${PREFILL:-200000}
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
CLIENTS=${CLIENTS:-1}
HEAVY=${HEAVY:-20000}
read -r -a VARIANTS <<< "${VARIANTS:-newest partial include}"
HOST=${DB_HOST:-127.0.0.1} PORT=${DB_PORT:-5432} ADMIN=${DB_ADMIN_USER:-postgres}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U "$ADMIN")
export PGOPTIONS='-c client_min_messages=warning'
mkdir -p bench/results
OUT=bench/results/pgbench-read-index-$(date +%Y%m%d-%H%M%S).txt
KEYS="ON processed_events (user_id, created_at DESC, event_id DESC)"
indexes_of() { # variant: the statements that leave exactly its indexes of a user's events
  echo "DROP INDEX IF EXISTS processed_events_user_newest_idx; DROP INDEX IF EXISTS processed_events_user_unread_idx;"
  echo "DROP INDEX IF EXISTS processed_events_user_timeline_idx; DROP INDEX IF EXISTS processed_events_user_stored_idx;"
  case $1 in
    newest) echo "CREATE INDEX processed_events_user_newest_idx $KEYS;" ;;
    partial) echo "CREATE INDEX processed_events_user_newest_idx $KEYS;"
             echo "CREATE INDEX processed_events_user_unread_idx $KEYS WHERE read_at IS NULL;" ;;
    include) echo "CREATE INDEX processed_events_user_timeline_idx $KEYS INCLUDE (read_at);" ;;
    stored) echo "CREATE INDEX processed_events_user_timeline_idx $KEYS INCLUDE (read_at);"
            echo "CREATE INDEX processed_events_user_stored_idx ON processed_events (user_id, processed_at, event_id);" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

drop() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null; }
trap drop EXIT

run() { # variant, run number
  local variant=$1 n=$2
  "${PSQL[@]}" -d "$DB" <<SQL
TRUNCATE processed_events;
$(indexes_of "$variant")
INSERT INTO processed_events SELECT * FROM bench_prefill;
VACUUM ANALYZE processed_events;
CHECKPOINT;
SQL
  local indexes
  indexes=$("${PSQL[@]}" -At -d "$DB" -c "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'processed_events'")
  pgbench -h "$HOST" -p "$PORT" -U "$ADMIN" -n -M prepared -f bench/pgbench/insert-recordset-250.sql \
    -c "$CLIENTS" -j "$CLIENTS" -T "$SECONDS_PER_RUN" "$DB" > "$tmp/pgbench-$variant-$n.log" 2>&1
  local tps latency
  tps=$(awk '/^tps = / { print $3; exit }' "$tmp/pgbench-$variant-$n.log")
  latency=$(awk '/^latency average = / { print $4; exit }' "$tmp/pgbench-$variant-$n.log")
  [ -n "$tps" ] || { cat "$tmp/pgbench-$variant-$n.log"; exit 1; }
  printf '%-7s run %d: %8.1f batches/s  %8.0f rows/s  latency %6s ms  indexes: %s\n' \
    "$variant" "$n" "$tps" "$(awk -v t="$tps" 'BEGIN { print t * 250 }')" "$latency" "$indexes"
}

tmp=$(mktemp -d)
{
echo "# bench/read-index.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $("${PSQL[@]}" -At -d postgres -c 'SELECT version()')"
echo "# $(nproc) cores; shared_buffers $("${PSQL[@]}" -At -d postgres -c 'SHOW shared_buffers'), synchronous_commit $("${PSQL[@]}" -At -d postgres -c 'SHOW synchronous_commit')"
echo "# pgbench -n -M prepared -f bench/pgbench/insert-recordset-250.sql -c $CLIENTS -j $CLIENTS -T $SECONDS_PER_RUN; $RUNS rounds of ${VARIANTS[*]}, rotated"
echo "# each run from the same table: $PREFILL rows over 10,000 users, 9 in 10 read"
drop
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
"${PSQL[@]}" -d "$DB" -f db/init.sql
"${PSQL[@]}" -d "$DB" <<SQL
-- 40 batches of 250 events, as the consumer's JSON array; users md5('user-0') .. md5('user-9999'), each in one batch.
CREATE TABLE bench_batches AS
SELECT b AS batch, jsonb_agg(jsonb_build_object(
           'event_id', gen_random_uuid(), 'user_id', md5('user-' || ((b - 1) * 250 + i))::uuid,
           'event_type', (ARRAY['login', 'order_placed', 'user_registered', 'password_changed'])[1 + i % 4],
           'message', 'Your weekly summary is ready: 3 new comments and 2 mentions',
           'payload', jsonb_build_object('email', 'bench.user@example.com', 'items', jsonb_build_array(101, 102, 103), 'n', i),
           'created_at', now(), 'trace_id', md5(b::text || '-' || i))) AS events
FROM generate_series(1, 40) AS b, generate_series(1, 250) AS i
GROUP BY b;
CREATE TABLE bench_prefill AS
SELECT gen_random_uuid() AS id, gen_random_uuid() AS event_id, md5('user-' || (g % 10000))::uuid AS user_id,
       'login'::varchar(100) AS event_type, 'Event ' || g AS message, jsonb_build_object('n', g) AS payload,
       'PROCESSED'::varchar(50) AS status, t AS created_at, t + interval '120 milliseconds' AS processed_at,
       md5(g::text)::varchar(32) AS trace_id, CASE WHEN g % 10 <> 0 THEN t + interval '1 hour' END AS read_at
FROM generate_series(1, $PREFILL) AS g, LATERAL (SELECT now() - interval '30 days' + g * interval '10 seconds' AS t) AS accepted;
SQL
for ((n = 1; n <= RUNS; n++)); do
  for ((i = 0; i < ${#VARIANTS[@]}; i++)); do
    run "${VARIANTS[$(( (i + n - 1) % ${#VARIANTS[@]} ))]}" "$n"
  done
done

echo "# plans: include, the prefilled table and a heavy user of $HEAVY events, 1 in 10 unread"
"${PSQL[@]}" -d "$DB" <<SQL
TRUNCATE processed_events;
$(indexes_of include)
INSERT INTO processed_events SELECT * FROM bench_prefill;
INSERT INTO processed_events (event_id, user_id, event_type, message, created_at, processed_at, read_at)
SELECT gen_random_uuid(), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'login', 'Event ' || g, t, t, CASE WHEN g % 10 <> 0 THEN t END
FROM generate_series(1, $HEAVY) AS g, LATERAL (SELECT now() - interval '30 days' + g * interval '1 minute' AS t) AS accepted;
VACUUM ANALYZE processed_events;
SQL
"${PSQL[@]}" -d "$DB" <<'SQL'
-- StoredEvents.COUNT_UNREAD, the unread timeline's first page, MARK_UNREAD_READ, as they are sent
PREPARE unread_count(varchar, int) AS
SELECT count(*) FROM (
    SELECT 1 FROM processed_events WHERE user_id = CAST($1 AS uuid) AND read_at IS NULL LIMIT $2) AS unread;
PREPARE unread_page(varchar, int) AS
SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, created_at, processed_at, trace_id, read_at
FROM processed_events
WHERE event_id IN (
    SELECT event_id
    FROM processed_events
    WHERE user_id = CAST($1 AS uuid)
      AND read_at IS NULL
    ORDER BY created_at DESC, event_id DESC
    LIMIT $2)
ORDER BY created_at DESC, event_id DESC;
PREPARE mark_unread(varchar, varchar, varchar, int) AS
WITH candidates AS (
    SELECT event_id, created_at FROM processed_events
    WHERE user_id = CAST($1 AS uuid) AND read_at IS NULL
      AND (created_at, event_id) < (CAST($2 AS timestamptz), CAST($3 AS uuid))
    ORDER BY created_at DESC, event_id DESC
    LIMIT $4),
marked AS (
    UPDATE processed_events SET read_at = statement_timestamp()
    WHERE event_id IN (SELECT event_id FROM candidates) AND read_at IS NULL
    RETURNING 1),
oldest AS (
    SELECT created_at, event_id FROM candidates ORDER BY created_at, event_id LIMIT 1)
SELECT (SELECT count(*) FROM candidates), (SELECT count(*) FROM marked),
       (SELECT created_at FROM oldest), (SELECT event_id FROM oldest);
\set user 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
\o /dev/null
EXECUTE unread_count(:'user', 10001);
EXECUTE unread_page(:'user', 51);
\o
\echo === unread count of the heavy user (cap 10,000)
EXPLAIN (ANALYZE, BUFFERS) EXECUTE unread_count(:'user', 10001);
\echo === first unread page of the heavy user (limit 50)
EXPLAIN (ANALYZE, BUFFERS) EXECUTE unread_page(:'user', 51);
\echo === one transaction of marking all read: 1,000 unread events of the heavy user (rolled back)
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE mark_unread(:'user', 'infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 1000);
ROLLBACK;
SQL
} 2>&1 | tee "$OUT"
rm -rf "$tmp"

# Means and spreads of rows/s per variant, and each against newest.
awk '$2 == "run" && $3 ~ /:$/ { v = $1; r = $6; n[v]++; s[v] += r; if (!(v in lo) || r < lo[v]) lo[v] = r; if (r > hi[v]) hi[v] = r }
     END { for (v in n) printf "%-7s mean %8.0f rows/s over %d runs, min %8.0f, max %8.0f (spread %.1f %% of the mean)%s\n",
                               v, s[v] / n[v], n[v], lo[v], hi[v], 100 * (hi[v] - lo[v]) / (s[v] / n[v]),
                               ("newest" in n) ? sprintf(", %.3f of newest", (s[v] / n[v]) / (s["newest"] / n["newest"])) : "" }' \
  "$OUT" | sort | tee -a "$OUT"
echo "Saved to $OUT"
