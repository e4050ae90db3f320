-- Alarms the devices reported (GB/T 28181-2016 §9.4): one row per alarm the gateway accepted, keyed by
-- the gateway's alarm ID so that every replica writing the same published event writes it once. seq
-- orders the rows as they were stored, for keyset paging; priority, method and type stay as the device
-- sent them (devices disagree on their codes), alarm_time is the device's clock as sent.
CREATE TABLE alarms (
    seq          bigserial PRIMARY KEY,
    alarm_id     uuid NOT NULL UNIQUE,
    device_id    text NOT NULL,
    channel_id   text NOT NULL,
    priority     text NOT NULL,
    method       text NOT NULL,
    alarm_type   text NOT NULL,
    alarm_time   text NOT NULL,
    description  text NOT NULL,
    longitude    double precision,
    latitude     double precision,
    via          text NOT NULL,
    raw_body     text NOT NULL,
    received_at  timestamptz NOT NULL,
    gateway_node text
);
CREATE INDEX alarms_received_idx ON alarms (received_at, seq);
CREATE INDEX alarms_device_idx ON alarms (device_id, seq);

-- Positions of mobile devices (§9.11.2); the same report published to several replicas is one row.
CREATE TABLE mobile_positions (
    id          bigserial PRIMARY KEY,
    device_id   text NOT NULL,
    channel_id  text NOT NULL,
    device_time text NOT NULL,
    longitude   double precision,
    latitude    double precision,
    speed       double precision,
    direction   double precision,
    altitude    double precision,
    received_at timestamptz NOT NULL,
    UNIQUE (device_id, channel_id, received_at)
);
