#!/usr/bin/env bash
# What the index of unread events (processed_events_user_unread_idx, db/init.sql) costs the consumer's insert path:
# rows/s of the consumer's batch insert (bench/pgbench/insert-recordset-250.sql: one jsonb_to_recordset INSERT ...
# ON CONFLICT DO NOTHING of 250 events per transaction, 1 client as one consumer) with the index and without it.
#
# Creates its own database on the local PostgreSQL (notification_read_index, or READ_INDEX_DB), applies db/init.sql,
# fills processed_events with PREFILL rows (200,000) over 10,000 users, nine in ten of them read. Each run starts from
# that same table (truncated and filled again from a copy, vacuumed, checkpointed), with or without the index, and
# runs pgbench for SECONDS (20). The runs alternate ABBA-wise (with, without, without, with, ...) so that drift of the
# machine touches both alike; RUNS (3) of each. The database is dropped at the end.
# Output: stdout and bench/results/pgbench-read-index-<yyyymmdd-hhmmss>.txt.
#
#   bench/read-index.sh                 # about 3 minutes on 2 cores
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
HOST=${DB_HOST:-127.0.0.1} PORT=${DB_PORT:-5432} ADMIN=${DB_ADMIN_USER:-postgres}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U "$ADMIN")
export PGOPTIONS='-c client_min_messages=warning'
mkdir -p bench/results
OUT=bench/results/pgbench-read-index-$(date +%Y%m%d-%H%M%S).txt
INDEX="CREATE INDEX IF NOT EXISTS processed_events_user_unread_idx
    ON processed_events (user_id, created_at DESC, event_id DESC) WHERE read_at IS NULL"

drop() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null; }
trap drop EXIT

run() { # variant (with|without), run number
  local variant=$1 n=$2
  "${PSQL[@]}" -d "$DB" <<SQL
TRUNCATE processed_events;
$( [ "$variant" = with ] && echo "$INDEX;" || echo "DROP INDEX IF EXISTS processed_events_user_unread_idx;" )
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
echo "# pgbench -n -M prepared -f bench/pgbench/insert-recordset-250.sql -c $CLIENTS -j $CLIENTS -T $SECONDS_PER_RUN; $RUNS runs per variant, ABBA order"
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
order=()
for ((n = 1; n <= RUNS; n++)); do
  if (( n % 2 == 1 )); then order+=("with $n" "without $n"); else order+=("without $n" "with $n"); fi
done
for step in "${order[@]}"; do
  # shellcheck disable=SC2086
  run $step
done
} 2>&1 | tee "$OUT"
rm -rf "$tmp"

# Means and spreads of rows/s per variant.
awk '/^(with|without) / { v = $1; r = $6; n[v]++; s[v] += r; if (!(v in lo) || r < lo[v]) lo[v] = r; if (r > hi[v]) hi[v] = r }
     END { for (v in n) printf "%-7s mean %8.0f rows/s over %d runs, min %8.0f, max %8.0f (spread %.1f %% of the mean)\n",
                               v, s[v] / n[v], n[v], lo[v], hi[v], 100 * (hi[v] - lo[v]) / (s[v] / n[v])
           if (("with" in n) && ("without" in n)) printf "with / without: %.3f\n", (s["with"] / n["with"]) / (s["without"] / n["without"]) }' \
  "$OUT" | sort | tee -a "$OUT"
echo "Saved to $OUT"
