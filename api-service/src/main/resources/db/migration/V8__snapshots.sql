-- Device snapshots (GB/T 28181-2022 SnapShotConfig): one session per request, holding the SHA-256 of the
-- secret token in its upload URL (the token itself is only in the URL given to the device), and one row
-- per picture the device uploaded, its JPEG stored under GB_DATA_DIR/snapshots.
CREATE TABLE snapshot_sessions (
    session_id       text PRIMARY KEY,
    device_id        text NOT NULL,
    channel_id       text NOT NULL,
    token_sha256     text NOT NULL,
    snap_num         integer NOT NULL,
    interval_seconds integer NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    device_result    text,
    finished_at      timestamptz,
    reported_files   text[]
);

CREATE TABLE snapshots (
    snapshot_id bigserial PRIMARY KEY,
    session_id  text NOT NULL REFERENCES snapshot_sessions (session_id) ON DELETE CASCADE,
    device_id   text NOT NULL,
    channel_id  text NOT NULL,
    file_id     text NOT NULL,
    taken_at    timestamptz NOT NULL DEFAULT now(),
    size_bytes  integer NOT NULL,
    path        text NOT NULL,
    UNIQUE (session_id, file_id)
);

CREATE INDEX snapshots_by_channel ON snapshots (device_id, channel_id, snapshot_id DESC);
