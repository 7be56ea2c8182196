-- pgbench script of bench/throughput.sh: 100 events per statement and transaction, the ceiling of a batching consumer.
-- Runs against bench_events, a copy of processed_events (CREATE TABLE ... (LIKE processed_events INCLUDING ALL)).
INSERT INTO bench_events (event_id, user_id, event_type, message, payload, created_at, processed_at)
SELECT gen_random_uuid(), '5f0c6a52-8d1e-4a7b-9c3f-2e6d7b8a9c10', 'pgbench_100',
       'Your weekly summary is ready: 3 new comments and 2 mentions',
       '{"email":"bench.user@example.com","name":"Bench User","locale":"en-GB","plan":"standard","source":"throughput-bench","items":[101,102,103]}',
       now(), now()
FROM generate_series(1, 100)
ON CONFLICT (event_id) DO NOTHING;
