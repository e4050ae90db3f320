-- The durable record of devices, their channels and their online/offline history, fed by the
-- gateway's events. Every time column is timestamptz; event times come from the gateway's clock.

CREATE TABLE devices (
    device_id      char(20)    PRIMARY KEY,
    name           text,                       -- alias set by a user; the device's own name is device_name
    password       text,                       -- per-device SIP digest password; NULL means the global one
    -- what the device says of itself (DeviceInfo)
    device_name    text,
    manufacturer   text,
    model          text,
    firmware       text,
    channel_count  integer,
    -- registration state, from DeviceOnline / DeviceOffline
    online         boolean     NOT NULL DEFAULT false,
    transport      text,
    remote_host    text,
    remote_port    integer,
    gateway_node   text,
    contact        text,
    registered_at  timestamptz,
    last_seen_at   timestamptz,
    expires_at     timestamptz,
    -- ordering guards: the time of the latest event applied to each part of the row, so that a
    -- redelivered or late event changes nothing
    last_event_at  timestamptz,                -- online/offline state
    info_at        timestamptz,                -- DeviceInfo fields
    catalog_at     timestamptz,                -- the channels
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    -- what text search looks in: ID, alias, the device's own name, manufacturer
    search_text    text GENERATED ALWAYS AS (
                       lower(device_id::text || ' ' || coalesce(name, '') || ' ' || coalesce(device_name, '')
                             || ' ' || coalesce(manufacturer, ''))) STORED
);

CREATE INDEX devices_online_idx ON devices (online, device_id);
CREATE INDEX devices_name_idx ON devices (lower(name) text_pattern_ops);

CREATE TABLE channels (
    device_id     char(20)    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    channel_id    text        NOT NULL,
    name          text,
    manufacturer  text,
    model         text,
    owner         text,
    civil_code    text,
    address       text,
    parental      integer,
    parent_id     text,
    status        text,
    ptz_type      integer,
    ip_address    text,
    port          integer,
    longitude     double precision,
    latitude      double precision,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (device_id, channel_id)
);

CREATE TABLE device_events (
    id            bigserial   PRIMARY KEY,
    device_id     char(20)    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    kind          text        NOT NULL CHECK (kind IN ('ONLINE', 'OFFLINE')),
    reason        text,
    gateway_node  text        NOT NULL DEFAULT '',
    at            timestamptz NOT NULL,
    -- the natural key of an event: the same event delivered twice is one row
    CONSTRAINT device_events_natural_key UNIQUE (device_id, kind, at, gateway_node)
);

CREATE INDEX device_events_history_idx ON device_events (device_id, at DESC, id DESC);

-- For the stream orchestration to come.
CREATE TABLE stream_sessions (
    stream_id    text        PRIMARY KEY,
    device_id    char(20)    NOT NULL,
    channel_id   text        NOT NULL,
    ssrc         text,
    media_node   text,
    transport    text,
    started_at   timestamptz NOT NULL,
    stopped_at   timestamptz,
    reason       text
);

CREATE INDEX stream_sessions_active_idx ON stream_sessions (device_id, channel_id) WHERE stopped_at IS NULL;

CREATE TABLE api_tokens (
    id            bigserial   PRIMARY KEY,
    name          text        NOT NULL,
    token_hash    char(64)    NOT NULL UNIQUE,   -- SHA-256 hex of the token; the token itself is never stored
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked       boolean     NOT NULL DEFAULT false
);

-- Substring search over many devices wants a trigram index. pg_trgm is a contrib module that not
-- every server has (or lets us create), so it is used when it can be, and search falls back to a
-- scan of search_text otherwise.
DO $$
DECLARE
    trgm_schema name;
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    -- the extension may live in another schema than ours (installed there by an administrator)
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX devices_search_trgm_idx ON devices USING gin (search_text %I.gin_trgm_ops)',
                   trgm_schema);
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'pg_trgm unavailable (%): device search scans search_text', SQLERRM;
END
$$;
