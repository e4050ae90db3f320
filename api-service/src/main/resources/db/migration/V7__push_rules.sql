-- Auto-push rules (PUT /api/v1/push-rules): a live stream of every online channel whose device and
-- channel IDs match the patterns ('*' any run of characters, '?' one) is started and pushed to the URL
-- template with {deviceId}, {channelId} and {ssrc} filled in. position keeps the order they were given.
CREATE TABLE push_rules (
    rule_id         text PRIMARY KEY,
    position        integer NOT NULL,
    device_pattern  text NOT NULL,
    channel_pattern text NOT NULL,
    url_template    text NOT NULL,
    profile         integer NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
