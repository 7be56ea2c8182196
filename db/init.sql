-- Schema of the notification system. Idempotent: safe to apply again to an existing database.
-- Applied by docker compose (as an init script), by bin/run and by the integration tests.

CREATE TABLE IF NOT EXISTS processed_events (
    id           UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The idempotency key: one event id is stored at most once, however often it is delivered.
    event_id     UUID         NOT NULL,
    user_id      UUID         NOT NULL,
    event_type   VARCHAR(100) NOT NULL,
    message      TEXT         NOT NULL,
    payload      JSONB,
    status       VARCHAR(50)  NOT NULL DEFAULT 'PROCESSED',
    -- When the API accepted the event (carried in the message), and when the consumer committed it.
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    processed_at TIMESTAMPTZ,
    CONSTRAINT processed_events_event_id_key UNIQUE (event_id)
);

-- The W3C trace id of the request that published the event (32 lower-case hex digits), to follow one event through
-- the API's, the broker's and the consumer's logs. NULL for rows stored before it was kept, or from messages without one.
ALTER TABLE processed_events ADD COLUMN IF NOT EXISTS trace_id VARCHAR(32);

-- When the user marked the event read (POST /api/users/{user_id}/events/read), NULL until then. Every row is stored
-- unread: the consumer's insert leaves it out. Set once: marking an event read again keeps the first instant.
ALTER TABLE processed_events ADD COLUMN IF NOT EXISTS read_at TIMESTAMPTZ;

-- A user's events, newest first, with their read state: a timeline page is one range of it, and the unread count and
-- the keys of an unread page are index-only scans of the user's entries, filtered on read_at, without a second index
-- that every insert would write too (docs/performance.md#read-state-and-the-insert-path). An index built before
-- read_at existed lacks it and is built again (on a large table, first build it concurrently: docs/operating.md).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'processed_events_user_newest_idx'
               AND indexdef NOT LIKE '%INCLUDE (read_at)%') THEN
        DROP INDEX processed_events_user_newest_idx;
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS processed_events_user_newest_idx
    ON processed_events (user_id, created_at DESC, event_id DESC) INCLUDE (read_at);
-- A user's events in the order they were stored: a live stream's catch-up after a reconnect (Last-Event-ID) reads what
-- was stored since the client's last event, which the timeline's order cannot find for an event accepted early and
-- stored late (a backlog, a retry). Its cost on the insert path: docs/performance.md#the-stream-catch-up-index.
CREATE INDEX IF NOT EXISTS processed_events_user_stored_idx
    ON processed_events (user_id, processed_at, event_id);
-- Live streams across instances (docs/adr/0006-listen-notify-for-live-streams.md): every statement that inserts rows
-- sends, when its transaction commits, the (user_id, event_id) of each row it really inserted (ON CONFLICT DO NOTHING
-- leaves the duplicates out of the transition table) on the channel processed_events_stored, as
-- "<user_id>:<event_id>,<user_id>:<event_id>,...", 100 pairs (7,399 bytes) a notification at most: PostgreSQL refuses a
-- payload of 8,000 bytes or more. One statement per batch (EventStore) makes one trigger call per batch, and so one
-- trip through the commit's notify lock per batch. Nothing is sent for a statement that inserted nothing, or rolled back.
CREATE OR REPLACE FUNCTION processed_events_notify_stored() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chunk text;
BEGIN
    FOR chunk IN
        SELECT string_agg(pair, ',')
        FROM (SELECT user_id::text || ':' || event_id::text AS pair, (row_number() OVER () - 1) / 100 AS part
              FROM inserted) AS pairs
        GROUP BY part
    LOOP
        PERFORM pg_notify('processed_events_stored', chunk);
    END LOOP;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS processed_events_notify_stored ON processed_events;
CREATE TRIGGER processed_events_notify_stored AFTER INSERT ON processed_events
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION processed_events_notify_stored();
