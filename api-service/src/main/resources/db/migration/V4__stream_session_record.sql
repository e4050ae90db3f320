-- A stream ID (<deviceId>_<channelId>_<ssrc>) comes back when its SSRC is reused, so a session is one
-- start of a stream ID: its natural key is (stream_id, started_at). Each session keeps what was
-- played (codec, size) and, once stopped, why and its statistics.
ALTER TABLE stream_sessions DROP CONSTRAINT stream_sessions_pkey;
ALTER TABLE stream_sessions ADD COLUMN id bigserial PRIMARY KEY;
ALTER TABLE stream_sessions ADD COLUMN codec text, ADD COLUMN width integer, ADD COLUMN height integer,
                            ADD COLUMN stats jsonb;
ALTER TABLE stream_sessions ADD CONSTRAINT stream_sessions_natural_key UNIQUE (stream_id, started_at);
CREATE INDEX stream_sessions_device_idx ON stream_sessions (device_id, started_at DESC);
