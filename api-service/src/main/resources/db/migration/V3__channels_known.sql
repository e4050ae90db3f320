-- How many channels the platform knows of a device, kept on the device row by the catalog writes,
-- so that a page of devices does not count channels row by row.
ALTER TABLE devices ADD COLUMN channels_known integer NOT NULL DEFAULT 0;

UPDATE devices d SET channels_known = c.n
FROM (SELECT device_id, count(*)::int AS n FROM channels GROUP BY device_id) c
WHERE c.device_id = d.device_id;
