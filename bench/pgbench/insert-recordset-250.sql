-- pgbench script of bench/read-index.sh: the consumer's batch insert (EventStore.INSERT_ALL), one full batch of 250
-- events per statement and transaction, read by jsonb_to_recordset from one JSON array as the consumer sends it.
-- The array is one of 40 prepared batches (bench_batches), each for 250 users of 10,000; every event gets a fresh
-- event id and is accepted now, so each row lands at the newest end of its user's index ranges, as in production.
\set batch random(1, 40)
INSERT INTO processed_events (event_id, user_id, event_type, message, payload, created_at, processed_at, trace_id)
SELECT gen_random_uuid(), e.user_id, e.event_type, e.message, e.payload, now(), clock_timestamp(), e.trace_id
FROM jsonb_to_recordset((SELECT events FROM bench_batches WHERE batch = :batch))
    AS e(event_id uuid, user_id uuid, event_type text, message text, payload jsonb, created_at timestamptz,
         trace_id text)
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id;
