package io.gbmesh.api.store;

import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.MobilePosition;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Alarms and mobile positions in PostgreSQL (tables of {@code V6__alarms_positions.sql}). They are
 * written by {@link DeviceStore#write} with the other device events (batched, idempotent by the
 * gateway's alarm ID); this class reads them: alarm listings in keyset pages, newest first, and a
 * device's positions.
 */
public final class AlarmStore {
    static final String INSERT_ALARM = """
            INSERT INTO alarms (alarm_id, device_id, channel_id, priority, method, alarm_type, alarm_time, description,
                                longitude, latitude, via, raw_body, received_at, gateway_node)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (alarm_id) DO NOTHING""";
    static final String INSERT_POSITION = """
            INSERT INTO mobile_positions (device_id, channel_id, device_time, longitude, latitude, speed, direction,
                                          altitude, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (device_id, channel_id, received_at) DO NOTHING""";
    private static final String ALARM_COLUMNS = """
            seq, alarm_id, device_id, channel_id, priority, method, alarm_type, alarm_time, description, longitude,
            latitude, via, received_at, gateway_node""";
    /** Most positions one call returns. */
    public static final int MAX_POSITIONS = 1000;

    /** Which alarms a listing holds; null fields do not filter. {@code after} is the cursor: a page's last {@code seq}. */
    public record AlarmFilter(String deviceId, String channelId, OffsetDateTime since, OffsetDateTime until,
                              String priority, String method, Long after, int limit) {
    }

    private final Pool pool;

    public AlarmStore(Pool pool) {
        this.pool = pool;
    }

    static Tuple row(AlarmRaised e) {
        return Tuple.from(Arrays.asList(UUID.fromString(e.alarmId()), e.deviceId(), nonNull(e.channelId()),
                nonNull(e.priority()), nonNull(e.method()), nonNull(e.type()), nonNull(e.alarmTime()),
                nonNull(e.description()), e.longitude(), e.latitude(), nonNull(e.via()), nonNull(e.rawBody()),
                time(e.receivedAt()), e.gatewayNode()));
    }

    static Tuple row(MobilePosition e) {
        return Tuple.from(Arrays.asList(e.deviceId(), nonNull(e.channelId()), nonNull(e.time()), e.longitude(),
                e.latitude(), e.speed(), e.direction(), e.altitude(), time(e.receivedAt())));
    }

    /** A page of alarms, newest first: {@code limit} rows stored before the cursor {@code after}. */
    public Future<List<AlarmRow>> list(AlarmFilter f) {
        StringBuilder sql = new StringBuilder("SELECT ").append(ALARM_COLUMNS).append(" FROM alarms WHERE true");
        List<Object> args = new ArrayList<>();
        condition(sql, args, "device_id = $", f.deviceId());
        condition(sql, args, "channel_id = $", f.channelId());
        condition(sql, args, "received_at >= $", f.since());
        condition(sql, args, "received_at < $", f.until());
        condition(sql, args, "priority = $", f.priority());
        condition(sql, args, "method = $", f.method());
        condition(sql, args, "seq < $", f.after());
        args.add(f.limit());
        sql.append(" ORDER BY seq DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<AlarmRow> out = new ArrayList<>();
            rows.forEach(r -> out.add(alarm(r, null)));
            return out;
        });
    }

    /** One alarm with its raw body. */
    public Future<Optional<AlarmRow>> get(UUID alarmId) {
        return pool.preparedQuery("SELECT " + ALARM_COLUMNS + ", raw_body FROM alarms WHERE alarm_id = $1")
                .execute(Tuple.of(alarmId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(alarm(rows.iterator().next(), rows.iterator().next().getString("raw_body"))));
    }

    /** A device's positions received since {@code since} (all when null), newest first, at most {@code limit}. */
    public Future<List<MobilePosition>> positions(String deviceId, OffsetDateTime since, int limit) {
        return pool.preparedQuery("""
                        SELECT device_id, channel_id, device_time, longitude, latitude, speed, direction, altitude, received_at
                        FROM mobile_positions WHERE device_id = $1 AND ($2::timestamptz IS NULL OR received_at >= $2)
                        ORDER BY received_at DESC, id DESC LIMIT $3""")
                .execute(Tuple.of(deviceId, since, limit))
                .map(rows -> {
                    List<MobilePosition> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new MobilePosition(r.getString("device_id"), r.getString("channel_id"),
                                r.getString("device_time"), r.getDouble("longitude"), r.getDouble("latitude"),
                                r.getDouble("speed"), r.getDouble("direction"), r.getDouble("altitude"),
                                r.getOffsetDateTime("received_at").toInstant().toEpochMilli()));
                    }
                    return out;
                });
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            args.add(value);
            sql.append(" AND ").append(clause).append(args.size());
        }
    }

    private static AlarmRow alarm(Row r, String rawBody) {
        return new AlarmRow(r.getLong("seq"), r.getUUID("alarm_id").toString(), r.getString("device_id"),
                r.getString("channel_id"), r.getString("priority"), r.getString("method"), r.getString("alarm_type"),
                r.getString("alarm_time"), r.getString("description"), r.getDouble("longitude"), r.getDouble("latitude"),
                r.getString("via"), r.getOffsetDateTime("received_at"), r.getString("gateway_node"), rawBody);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s.replace("\0", "");
    }

    private static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
