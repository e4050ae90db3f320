package io.gbmesh.api.store;

import io.gbmesh.api.cache.RecentValues;
import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.MobilePosition;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Devices, channels and device history in PostgreSQL.
 *
 * <p>The writes take the gateway's events and are safe to repeat and to reorder: every api-service
 * replica receives every published event, the event bus may deliver one twice, and events from two
 * gateway nodes may arrive out of order. So each write is an upsert guarded by the event's time —
 * the online/offline state by {@code last_event_at}, the DeviceInfo fields by {@code info_at}, the
 * channels by {@code catalog_at} — and applies only when the event is newer than what is stored; the
 * history rows have a natural key (device, kind, time, gateway node) and a repeated one is a no-op.
 * Hence: the same event twice leaves the same rows, and an older event after a newer one does not
 * roll the state back (it still enters the history, at its own time).
 */
public final class DeviceStore {
    private static final String DEVICE_COLUMNS = """
            d.device_id, d.name, d.password_ha1 IS NOT NULL AS has_password, d.device_name, d.manufacturer, d.model,
            d.firmware, d.channel_count,
            d.channels_known,
            d.online, d.transport, d.remote_host, d.remote_port, d.gateway_node, d.contact, d.registered_at,
            d.last_seen_at, d.expires_at, d.last_event_at, d.created_at, d.updated_at""";

    private static final String ONLINE = """
            WITH prev AS (SELECT online FROM devices WHERE device_id = $1),
            up AS (
                INSERT INTO devices AS d (device_id, online, transport, remote_host, remote_port, gateway_node, contact,
                                          registered_at, last_seen_at, expires_at, last_event_at)
                VALUES ($1, true, $2, $3, $4, $5, $6, $7, $7, $8, $7)
                ON CONFLICT (device_id) DO UPDATE SET
                    online = true, transport = EXCLUDED.transport, remote_host = EXCLUDED.remote_host,
                    remote_port = EXCLUDED.remote_port, gateway_node = EXCLUDED.gateway_node, contact = EXCLUDED.contact,
                    registered_at = CASE WHEN $9 AND d.online THEN coalesce(d.registered_at, EXCLUDED.registered_at)
                                         ELSE EXCLUDED.registered_at END,
                    last_seen_at = EXCLUDED.last_seen_at, expires_at = EXCLUDED.expires_at,
                    last_event_at = EXCLUDED.last_event_at, updated_at = now()
                WHERE d.last_event_at IS NULL OR d.last_event_at < EXCLUDED.last_event_at
                RETURNING 1)
            INSERT INTO device_events (device_id, kind, reason, gateway_node, at)
            SELECT $1, 'ONLINE', NULL, coalesce($5, ''), $7
            WHERE NOT $9 OR NOT coalesce((SELECT online FROM prev), false)
            ON CONFLICT ON CONSTRAINT device_events_natural_key DO NOTHING""";

    private static final String OFFLINE = """
            WITH up AS (
                INSERT INTO devices AS d (device_id, online, gateway_node, last_event_at)
                VALUES ($1, false, $2, $4)
                ON CONFLICT (device_id) DO UPDATE SET
                    online = false, last_event_at = EXCLUDED.last_event_at, updated_at = now()
                WHERE d.last_event_at IS NULL OR d.last_event_at < EXCLUDED.last_event_at
                RETURNING 1)
            INSERT INTO device_events (device_id, kind, reason, gateway_node, at)
            VALUES ($1, 'OFFLINE', $3, coalesce($2, ''), $4)
            ON CONFLICT ON CONSTRAINT device_events_natural_key DO NOTHING""";

    private static final String INFO = """
            INSERT INTO devices AS d (device_id, device_name, manufacturer, model, firmware, channel_count, info_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (device_id) DO UPDATE SET
                device_name = EXCLUDED.device_name, manufacturer = EXCLUDED.manufacturer, model = EXCLUDED.model,
                firmware = EXCLUDED.firmware, channel_count = EXCLUDED.channel_count, info_at = EXCLUDED.info_at,
                updated_at = now()
            WHERE d.info_at IS NULL OR d.info_at < EXCLUDED.info_at""";

    private static final String CATALOG_CLAIM = """
            INSERT INTO devices AS d (device_id, catalog_at) VALUES ($1, $2)
            ON CONFLICT (device_id) DO UPDATE SET catalog_at = EXCLUDED.catalog_at, updated_at = now()
            WHERE d.catalog_at IS NULL OR d.catalog_at < EXCLUDED.catalog_at
            RETURNING device_id""";

    private static final String CHANNEL_UPSERT = """
            INSERT INTO channels (device_id, channel_id, name, manufacturer, model, owner, civil_code, address, parental,
                                  parent_id, status, ptz_type, ip_address, port, longitude, latitude, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            ON CONFLICT (device_id, channel_id) DO UPDATE SET
                name = EXCLUDED.name, manufacturer = EXCLUDED.manufacturer, model = EXCLUDED.model,
                owner = EXCLUDED.owner, civil_code = EXCLUDED.civil_code, address = EXCLUDED.address,
                parental = EXCLUDED.parental, parent_id = EXCLUDED.parent_id, status = EXCLUDED.status,
                ptz_type = EXCLUDED.ptz_type, ip_address = EXCLUDED.ip_address, port = EXCLUDED.port,
                longitude = EXCLUDED.longitude, latitude = EXCLUDED.latitude, updated_at = EXCLUDED.updated_at""";

    private static final String COUNT_CHANNELS = """
            UPDATE devices SET channels_known = (SELECT count(*) FROM channels WHERE device_id = $1)
            WHERE device_id = $1""";

    /** Filters whose total and anchors are kept at once (many distinct text searches: the oldest go). */
    private static final int MAX_FILTERS = 1024;

    private final Pool pool;
    private final RecentValues<DeviceFilter, Long> totals;
    private final RecentValues<DeviceFilter, List<String>> anchors;

    /** A store whose listings count their total on every call. */
    public DeviceStore(Pool pool) {
        this(pool, 0);
    }

    /**
     * A store whose listings count a filter's total, and list the anchors deep offsets start from, at
     * most once per {@code totalTtlMillis}.
     */
    public DeviceStore(Pool pool, long totalTtlMillis) {
        this.pool = pool;
        this.totals = new RecentValues<>(totalTtlMillis, MAX_FILTERS);
        this.anchors = new RecentValues<>(totalTtlMillis, MAX_FILTERS);
    }

    // ---- writes from the gateway's events ----

    /** A registration (or refresh). A refresh of a device already online keeps its registered_at and adds no history. */
    public Future<Void> online(DeviceOnline e) {
        return pool.preparedQuery(ONLINE).execute(onlineArgs(e)).mapEmpty();
    }

    /** Offline, with its reason in the history. An unknown device gets a row (the online event was missed). */
    public Future<Void> offline(DeviceOffline e) {
        return pool.preparedQuery(OFFLINE).execute(offlineArgs(e)).mapEmpty();
    }

    public Future<Void> info(DeviceInfoUpdated e) {
        return pool.preparedQuery(INFO).execute(infoArgs(e)).mapEmpty();
    }

    /**
     * Many events in one transaction: each kind as one batch of its statement (one round trip), the
     * catalogs of many devices together, a few batched statements for all of them ({@link
     * #catalogs(SqlConnection, List)}); the streams' starts and stops go to their sessions
     * ({@link StreamSessionRecords}), alarms and positions to theirs ({@link AlarmStore}). All or nothing: when one event fails, none is written.
     */
    public Future<Void> write(List<? extends MeshMessage> events) {
        List<Tuple> online = new ArrayList<>();
        List<Tuple> offline = new ArrayList<>();
        List<Tuple> info = new ArrayList<>();
        List<CatalogUpdated> catalogs = new ArrayList<>();
        List<Tuple> started = new ArrayList<>();
        List<Tuple> stopped = new ArrayList<>();
        List<Tuple> alarms = new ArrayList<>();
        List<Tuple> positions = new ArrayList<>();
        for (MeshMessage event : events) {
            if (event instanceof DeviceOnline e) {
                online.add(onlineArgs(e));
            } else if (event instanceof DeviceOffline e) {
                offline.add(offlineArgs(e));
            } else if (event instanceof DeviceInfoUpdated e) {
                info.add(infoArgs(e));
            } else if (event instanceof CatalogUpdated e) {
                catalogs.add(e);
            } else if (event instanceof StreamStarted e) {
                started.add(StreamSessionRecords.started(e));
            } else if (event instanceof StreamStopped e) {
                stopped.add(StreamSessionRecords.stopped(e));
            } else if (event instanceof AlarmRaised e) {
                alarms.add(AlarmStore.row(e));
            } else if (event instanceof MobilePosition e) {
                positions.add(AlarmStore.row(e));
            } else {
                return Future.failedFuture(new IllegalArgumentException("not a device event: " + event));
            }
        }
        return pool.withTransaction(conn -> {
            Future<Void> done = batch(conn, ONLINE, online)
                    .compose(v -> batch(conn, OFFLINE, offline))
                    .compose(v -> batch(conn, INFO, info))
                    .compose(v -> batch(conn, StreamSessionRecords.STARTED, started))
                    .compose(v -> batch(conn, StreamSessionRecords.STOPPED, stopped))
                    .compose(v -> batch(conn, AlarmStore.INSERT_ALARM, alarms))
                    .compose(v -> batch(conn, AlarmStore.INSERT_POSITION, positions));
            return done.compose(v -> catalogs(conn, catalogs));
        });
    }

    private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
        return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
    }

    private static Tuple onlineArgs(DeviceOnline e) {
        OffsetDateTime at = time(e.at());
        OffsetDateTime expires = time(e.at() + e.expiresSeconds() * 1000L);
        return Tuple.from(Arrays.asList(e.deviceId(), e.transport() == null ? null : e.transport().name(),
                e.remoteHost(), e.remotePort(), e.gatewayNode(), e.contact(), at, expires, e.refresh()));
    }

    private static Tuple offlineArgs(DeviceOffline e) {
        return Tuple.of(e.deviceId(), e.gatewayNode(), e.reason() == null ? null : e.reason().name(), time(e.at()));
    }

    private static Tuple infoArgs(DeviceInfoUpdated e) {
        DeviceInfo i = e.info();
        return Tuple.from(Arrays.asList(i.deviceId(), i.deviceName(), i.manufacturer(), i.model(), i.firmware(),
                i.channelCount(), time(e.at())));
    }

    /**
     * The channels, in one transaction. A complete catalog replaces the device's channels (those not in
     * it are deleted); an incomplete one (a notification, or an assembly that timed out) upserts what
     * came and deletes the channels it announces with a DEL change.
     */
    public Future<Void> catalog(CatalogUpdated e) {
        return pool.withTransaction(conn -> catalog(conn, e));
    }

    private static Future<Void> catalog(SqlConnection conn, CatalogUpdated e) {
        return catalogs(conn, List.of(e));
    }

    /**
     * The catalogs of many devices with a few batched statements (each one round trip), whatever their
     * number: claim them all (only those newer than the stored catalog go on), delete the channels
     * they drop, upsert the channels they bring, count each device's channels. Two catalogs of one
     * device go in successive rounds, in the order given, so that the later one applies last.
     */
    static Future<Void> catalogs(SqlConnection conn, List<CatalogUpdated> catalogs) {
        List<List<CatalogUpdated>> rounds = new ArrayList<>();
        Map<String, Integer> perDevice = new HashMap<>();
        for (CatalogUpdated e : catalogs) {
            int round = perDevice.merge(e.catalog().deviceId(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(e);
        }
        Future<Void> done = Future.succeededFuture();
        for (List<CatalogUpdated> round : rounds) {
            done = done.compose(v -> catalogRound(conn, round));
        }
        return done;
    }

    /** Catalogs of distinct devices. */
    private static Future<Void> catalogRound(SqlConnection conn, List<CatalogUpdated> round) {
        List<Tuple> claims = new ArrayList<>(round.size());
        for (CatalogUpdated e : round) {
            claims.add(Tuple.of(e.catalog().deviceId(), time(e.at())));
        }
        return conn.preparedQuery(CATALOG_CLAIM).executeBatch(claims).compose(result -> {
            List<CatalogUpdated> claimed = new ArrayList<>(round.size());
            RowSet<Row> claim = result;
            for (CatalogUpdated e : round) {
                if (claim.rowCount() > 0) { // else not newer than the stored catalog: nothing to do
                    claimed.add(e);
                }
                claim = claim.next();
            }
            return writeChannels(conn, claimed);
        });
    }

    private static Future<Void> writeChannels(SqlConnection conn, List<CatalogUpdated> claimed) {
        List<Tuple> replaced = new ArrayList<>();
        List<Tuple> deletions = new ArrayList<>();
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> counts = new ArrayList<>(claimed.size());
        for (CatalogUpdated e : claimed) {
            String deviceId = e.catalog().deviceId();
            OffsetDateTime at = time(e.at());
            List<Channel> channels = e.catalog().channels();
            List<Channel> kept;
            if (e.catalog().complete()) {
                String[] ids = channels.stream().map(Channel::channelId).toArray(String[]::new);
                replaced.add(Tuple.tuple().addString(deviceId).addArrayOfString(ids));
                kept = channels;
            } else {
                Set<String> deleted = e.changes().stream().filter(c -> "DEL".equalsIgnoreCase(c.event()))
                        .map(ChannelChange::channelId).collect(Collectors.toSet());
                if (!deleted.isEmpty()) {
                    deletions.add(Tuple.tuple().addString(deviceId).addArrayOfString(deleted.toArray(String[]::new)));
                }
                kept = channels.stream().filter(c -> !deleted.contains(c.channelId())).toList();
            }
            for (Channel c : kept) {
                rows.add(Tuple.from(Arrays.asList(deviceId, c.channelId(), c.name(), c.manufacturer(), c.model(),
                        c.owner(), c.civilCode(), c.address(), c.parental(), c.parentId(), c.status(), c.ptzType(),
                        c.ipAddress(), c.port(), c.longitude(), c.latitude(), at)));
            }
            counts.add(Tuple.of(deviceId));
        }
        return batch(conn, "DELETE FROM channels WHERE device_id = $1 AND NOT (channel_id = ANY($2))", replaced)
                .compose(v -> batch(conn, "DELETE FROM channels WHERE device_id = $1 AND channel_id = ANY($2)", deletions))
                .compose(v -> batch(conn, CHANNEL_UPSERT, rows))
                .compose(v -> batch(conn, COUNT_CHANNELS, counts));
    }

    /** Succeeds when the database answers now. */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    // ---- reads ----

    /** Devices by ID, filtered, one page at a time (at most {@value Page#MAX_LIMIT} rows), with the filtered total. */
    public Future<PageOf<DeviceRow>> list(DeviceFilter filter, Page page) {
        return list(filter, page, null);
    }

    /**
     * As {@link #list(DeviceFilter, Page)}, starting after the device {@code after} when it is not null
     * (keyset paging: the cost of a page does not grow with its position). The total is the filter's,
     * whatever the cursor.
     */
    public Future<PageOf<DeviceRow>> list(DeviceFilter filter, Page page, String after) {
        DeviceListQuery q = new DeviceListQuery(DEVICE_COLUMNS, filter, page, after);
        Future<RowSet<Row>> rows = after == null && page.offset() >= DeviceListQuery.ANCHOR_STEP && anchors.enabled()
                ? fromAnchor(filter, page, q)
                : pool.preparedQuery(q.pageSql).execute(Tuple.from(q.pageArgs));
        Future<Long> total = totals.get(filter, () -> pool.preparedQuery(q.countSql).execute(Tuple.from(q.countArgs))
                .map(r -> r.iterator().next().getLong(0)));
        return Future.all(rows, total).map(v -> new PageOf<>(map(rows.result(), DeviceStore::device),
                total.result(), page.offset(), page.limit()));
    }

    /**
     * A deep offset turned into a cursor: start after the nearest anchor below it (every
     * {@value DeviceListQuery#ANCHOR_STEP}th device of the filter, listed at most once per time to
     * live), then skip fewer than {@value DeviceListQuery#ANCHOR_STEP} rows, instead of walking
     * every row before the offset on each request.
     */
    private Future<RowSet<Row>> fromAnchor(DeviceFilter filter, Page page, DeviceListQuery q) {
        return anchors.get(filter, () -> pool.preparedQuery(q.anchorsSql).execute(Tuple.from(q.countArgs))
                        .map(r -> map(r, row -> row.getString(0))))
                .compose(ids -> {
                    int k = Math.min(page.offset() / DeviceListQuery.ANCHOR_STEP, ids.size());
                    DeviceListQuery from = k == 0 ? q : new DeviceListQuery(DEVICE_COLUMNS, filter,
                            new Page(page.offset() - k * DeviceListQuery.ANCHOR_STEP, page.limit()), ids.get(k - 1));
                    return pool.preparedQuery(from.pageSql).execute(Tuple.from(from.pageArgs));
                });
    }

    public Future<Optional<DeviceRow>> get(String deviceId) {
        return pool.preparedQuery("SELECT " + DEVICE_COLUMNS + " FROM devices d WHERE d.device_id = $1")
                .execute(Tuple.of(deviceId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(device(rows.iterator().next())));
    }

    /** All the stored channels of a device, by channel ID (at most the gateway's cap per device). */
    public Future<List<ChannelRow>> channels(String deviceId) {
        return channels(deviceId, Integer.MAX_VALUE, null).map(PageOf::items);
    }

    /**
     * One page of a device's stored channels in channel ID order, starting after {@code after} when it
     * is not null (keyset paging on the primary key: a page costs the same wherever it is), with the
     * device's number of channels as the total. Empty when none (or no such device).
     */
    public Future<PageOf<ChannelRow>> channels(String deviceId, int limit, String after) {
        Future<RowSet<Row>> rows = pool.preparedQuery("""
                        SELECT device_id, channel_id, name, manufacturer, model, owner, civil_code, address, parental,
                               parent_id, status, ptz_type, ip_address, port, longitude, latitude, updated_at
                        FROM channels WHERE device_id = $1 AND ($2::text IS NULL OR channel_id > $2)
                        ORDER BY channel_id LIMIT $3""")
                .execute(Tuple.of(deviceId, after, limit));
        Future<RowSet<Row>> count = pool.preparedQuery("SELECT count(*) FROM channels WHERE device_id = $1")
                .execute(Tuple.of(deviceId));
        return Future.all(rows, count).map(v -> new PageOf<>(map(rows.result(), DeviceStore::channel),
                count.result().iterator().next().getLong(0), 0, limit));
    }

    /** Online/offline history, newest first. */
    public Future<PageOf<DeviceEventRow>> history(String deviceId, Page page) {
        Future<RowSet<Row>> rows = pool.preparedQuery("""
                        SELECT id, device_id, kind, reason, gateway_node, at FROM device_events
                        WHERE device_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3""")
                .execute(Tuple.of(deviceId, page.limit(), page.offset()));
        Future<RowSet<Row>> count = pool.preparedQuery("SELECT count(*) FROM device_events WHERE device_id = $1")
                .execute(Tuple.of(deviceId));
        return Future.all(rows, count).map(v -> new PageOf<>(map(rows.result(), r -> new DeviceEventRow(
                r.getLong("id"), r.getString("device_id"), r.getString("kind"), r.getString("reason"),
                r.getString("gateway_node"), instant(r, "at"))),
                count.result().iterator().next().getLong(0), page.offset(), page.limit()));
    }

    /** The HA1 of the device's own SIP password; empty when it has none (the global one applies) or is unknown. */
    public Future<Optional<String>> passwordHa1(String deviceId) {
        return pool.preparedQuery("SELECT password_ha1 FROM devices WHERE device_id = $1").execute(Tuple.of(deviceId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.ofNullable(rows.iterator().next().getString(0)));
    }

    /** Every device's own password as HA1 (deviceId → HA1), for handing them to the gateways at start-up. */
    public Future<Map<String, String>> passwordHa1s() {
        return pool.query("SELECT device_id, password_ha1 FROM devices WHERE password_ha1 IS NOT NULL").execute().map(rows -> {
            Map<String, String> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("device_id"), r.getString("password_ha1")));
            return out;
        });
    }

    /**
     * Replaces the plain passwords an earlier version stored with their HA1 in {@code realm}; the
     * result is how many were replaced. PostgreSQL's {@code md5} is the lower-case hex of the
     * database-encoded (UTF-8) text, as {@code MD5(deviceId:realm:password)} is everywhere else.
     */
    public Future<Integer> hashPlainPasswords(String realm) {
        return pool.preparedQuery("""
                        UPDATE devices SET password_ha1 = md5(device_id || ':' || $1 || ':' || password), password = NULL
                        WHERE password IS NOT NULL""")
                .execute(Tuple.of(realm)).map(rows -> rows.rowCount());
    }

    /**
     * Every device stored offline, as its latest offline event: gateway node, the reason of its last
     * OFFLINE history entry (null when none or not a known reason) and the time of its last state
     * change. A device never seen online or offline (a row from DeviceInfo alone) is not one of them.
     */
    public Future<List<DeviceOffline>> offlineDevices() {
        return pool.query("""
                        SELECT d.device_id, d.gateway_node, d.last_event_at,
                               (SELECT e.reason FROM device_events e WHERE e.device_id = d.device_id
                                AND e.kind = 'OFFLINE' ORDER BY e.at DESC, e.id DESC LIMIT 1) AS reason
                        FROM devices d WHERE NOT d.online AND d.last_event_at IS NOT NULL""")
                .execute().map(rows -> map(rows, r -> new DeviceOffline(r.getString("device_id").trim(),
                        r.getString("gateway_node"), offlineReason(r.getString("reason")),
                        instant(r, "last_event_at").toEpochMilli())));
    }

    /**
     * Devices stored online whose last state change is older than {@code before} (epoch ms), with the
     * gateway node they were last on: deviceId → gateway node ("" when none).
     */
    public Future<Map<String, String>> onlineBefore(long before) {
        return pool.preparedQuery("SELECT device_id, gateway_node FROM devices WHERE online AND last_event_at < $1")
                .execute(Tuple.of(time(before))).map(rows -> {
                    Map<String, String> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString("device_id").trim(),
                            r.getString("gateway_node") == null ? "" : r.getString("gateway_node")));
                    return out;
                });
    }

    private static OfflineReason offlineReason(String stored) {
        try {
            return stored == null ? null : OfflineReason.valueOf(stored);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    // ---- user edits ----

    /** Sets (or with null/blank clears) the alias; false when the device is unknown. */
    public Future<Boolean> rename(String deviceId, String name) {
        String alias = name == null || name.isBlank() ? null : name.trim();
        return pool.preparedQuery("UPDATE devices SET name = $2, updated_at = now() WHERE device_id = $1")
                .execute(Tuple.of(deviceId, alias)).map(rows -> rows.rowCount() > 0);
    }

    /**
     * Sets (or with null clears) the device's own SIP password, given as its HA1: the password itself
     * is never stored. A device not seen yet gets an offline row, so that a password can be
     * provisioned before the device first registers.
     */
    public Future<Void> setPasswordHa1(String deviceId, String ha1) {
        return pool.preparedQuery("""
                        INSERT INTO devices (device_id, password_ha1) VALUES ($1, $2)
                        ON CONFLICT (device_id) DO UPDATE SET password_ha1 = EXCLUDED.password_ha1, password = NULL,
                        updated_at = now()""")
                .execute(Tuple.of(deviceId, ha1)).mapEmpty();
    }

    /**
     * Deletes an offline device with its channels and history. An online device is left as it is
     * ({@link ForgetResult#ONLINE}): it is registered right now, and its next event would recreate it.
     */
    public Future<ForgetResult> forget(String deviceId) {
        // One statement: the outer SELECT sees the row as it was before the DELETE.
        return pool.preparedQuery("""
                        WITH gone AS (DELETE FROM devices WHERE device_id = $1 AND NOT online RETURNING 1)
                        SELECT (SELECT count(*) FROM gone) AS deleted,
                               (SELECT online FROM devices WHERE device_id = $1) AS online""")
                .execute(Tuple.of(deviceId)).map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong("deleted") > 0) {
                        totals.clear();
                        anchors.clear();
                        return ForgetResult.FORGOTTEN;
                    }
                    return Boolean.TRUE.equals(r.getBoolean("online")) ? ForgetResult.ONLINE : ForgetResult.UNKNOWN;
                });
    }

    // ---- mapping ----

    private static DeviceRow device(Row r) {
        return new DeviceRow(r.getString("device_id"), r.getString("name"), r.getBoolean("has_password"),
                r.getString("device_name"), r.getString("manufacturer"), r.getString("model"), r.getString("firmware"),
                r.getInteger("channel_count"), r.getInteger("channels_known"), r.getBoolean("online"),
                r.getString("transport"), r.getString("remote_host"), r.getInteger("remote_port"),
                r.getString("gateway_node"), r.getString("contact"), instant(r, "registered_at"),
                instant(r, "last_seen_at"), instant(r, "expires_at"), instant(r, "last_event_at"),
                instant(r, "created_at"), instant(r, "updated_at"));
    }

    private static ChannelRow channel(Row r) {
        return new ChannelRow(r.getString("device_id"), new Channel(r.getString("channel_id"), r.getString("name"),
                r.getString("manufacturer"), r.getString("model"), r.getString("owner"), r.getString("civil_code"),
                r.getString("address"), r.getInteger("parental"), r.getString("parent_id"), r.getString("status"),
                r.getInteger("ptz_type"), r.getString("ip_address"), r.getInteger("port"), r.getDouble("longitude"),
                r.getDouble("latitude")), instant(r, "updated_at"));
    }

    private static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> f) {
        List<T> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(f.apply(r));
        }
        return out;
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
