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

-- A user's events, newest first.
CREATE INDEX IF NOT EXISTS processed_events_user_newest_idx
    ON processed_events (user_id, created_at DESC, event_id DESC);

-- The W3C trace id of the request that published the event (32 lower-case hex digits), to follow one event through
-- the API's, the broker's and the consumer's logs. NULL for rows stored before it was kept, or from messages without one.
ALTER TABLE processed_events ADD COLUMN IF NOT EXISTS trace_id VARCHAR(32);

-- When the user marked the event read (POST /api/users/{user_id}/events/read), NULL until then. Every row is stored
-- unread: the consumer's insert leaves it out. Set once: marking an event read again keeps the first instant.
ALTER TABLE processed_events ADD COLUMN IF NOT EXISTS read_at TIMESTAMPTZ;

-- A user's unread events, newest first: the unread list is one range of it, and the unread count an index-only scan
-- of the user's unread entries, however many read events the user has. Every insert adds an entry (a new row is
-- unread); docs/performance.md#read-state-and-the-insert-path measures what that costs the consumer's batch insert.
CREATE INDEX IF NOT EXISTS processed_events_user_unread_idx
    ON processed_events (user_id, created_at DESC, event_id DESC) WHERE read_at IS NULL;
