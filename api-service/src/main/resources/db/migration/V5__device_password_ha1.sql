-- A device's own SIP password is kept as HA1 = MD5(deviceId:realm:password) (RFC 2617 §3.2.2.2), all
-- that digest verification needs; the plain `password` column is emptied into it at start-up by the
-- api-service, which knows the realm (GB_SIP_DOMAIN), and is no longer written.
ALTER TABLE devices ADD COLUMN password_ha1 text;
