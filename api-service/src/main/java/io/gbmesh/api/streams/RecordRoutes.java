package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.PlaybackControl;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.RecordList;
import io.gbmesh.contracts.RecordQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The recordings endpoints (GB/T 28181-2016 §9.7, §9.8; reference 4.5, 4.6):
 * {@code GET /api/v1/devices/{d}/channels/{c}/records?start&end&type} lists a channel's recordings,
 * {@code POST .../playback} plays a range back ({@code {streamId, ssrc, urls}} at its first frame), and
 * {@code POST /api/v1/streams/{id}/control} pauses, resumes, changes the speed of or seeks a playback.
 * Times are ISO local date-times as the device keeps them ({@code 2025-04-18T10:23:02}, the platform's
 * zone) or epoch seconds.
 */
public final class RecordRoutes {
    private static final Pattern ID = Pattern.compile("\\d{20}");
    static final DateTimeFormatter DEVICE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /** RecordInfo of a busy NVR is paged slowly: the gateway's own wait plus some. */
    private static final long RECORDS_TIMEOUT_MILLIS = 30_000;

    private final Vertx vertx;
    private final StreamOrchestrator orchestrator;
    private final BiConsumer<RoutingContext, StreamFailure> problem;

    public RecordRoutes(Vertx vertx, StreamOrchestrator orchestrator, BiConsumer<RoutingContext, StreamFailure> problem) {
        this.vertx = vertx;
        this.orchestrator = orchestrator;
        this.problem = problem;
    }

    public void mount(Router router, String prefix) {
        router.get(prefix + "/devices/:deviceId/channels/:channelId/records").handler(this::records);
        router.post(prefix + "/devices/:deviceId/channels/:channelId/playback").handler(this::playback);
        router.post(prefix + "/streams/:streamId/control").handler(this::control);
    }

    private void records(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        String channelId = ctx.pathParam("channelId");
        if (!ID.matcher(deviceId).matches() || !ID.matcher(channelId).matches()) {
            problem.accept(ctx, new StreamFailure(400, "deviceId and channelId must be 20 digits"));
            return;
        }
        Long start = epochSeconds(ctx.queryParams().get("start"));
        Long end = epochSeconds(ctx.queryParams().get("end"));
        if (start == null || end == null || end < start) {
            problem.accept(ctx, new StreamFailure(400, "start and end are required, as yyyy-MM-ddTHH:mm:ss or epoch seconds, start <= end"));
            return;
        }
        String type = ctx.queryParams().get("type") == null ? "all" : ctx.queryParams().get("type").toLowerCase(Locale.ROOT);
        if (!List.of("all", "time", "alarm", "manual").contains(type)) {
            problem.accept(ctx, new StreamFailure(400, "type must be all, time, alarm or manual"));
            return;
        }
        RecordQuery query = new RecordQuery(deviceId, channelId, deviceTime(start), deviceTime(end), type);
        vertx.eventBus().request(Addresses.RECORD_QUERY, query, new DeliveryOptions().setSendTimeout(RECORDS_TIMEOUT_MILLIS))
                .onSuccess(reply -> ctx.json(describe((RecordList) reply.body())))
                .onFailure(err -> problem.accept(ctx, queryFailure(err)));
    }

    static JsonObject describe(RecordList list) {
        JsonArray items = new JsonArray();
        for (RecordList.Item i : list.items()) {
            items.add(new JsonObject().put("start", i.start()).put("end", i.end())
                    .put("startEpoch", epochSeconds(i.start())).put("endEpoch", epochSeconds(i.end()))
                    .put("name", i.name()).put("filePath", i.filePath()).put("address", i.address()).put("secrecy", i.secrecy())
                    .put("type", i.type()).put("recorderId", i.recorderId()).put("fileSize", i.fileSize() < 0 ? null : i.fileSize()));
        }
        return new JsonObject().put("deviceId", list.deviceId()).put("channelId", list.channelId()).put("sumNum", list.sumNum())
                .put("complete", list.complete()).put("total", items.size()).put("items", items);
    }

    private void playback(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        String channelId = ctx.pathParam("channelId");
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            problem.accept(ctx, new StreamFailure(400, "body must be a JSON object"));
            return;
        }
        if (!ID.matcher(deviceId).matches() || !ID.matcher(channelId).matches()) {
            problem.accept(ctx, new StreamFailure(400, "deviceId and channelId must be 20 digits"));
            return;
        }
        Long start = epochSeconds(text(body.getValue("start")));
        Long end = epochSeconds(text(body.getValue("end")));
        if (start == null || end == null || end <= start) {
            problem.accept(ctx, new StreamFailure(400, "start and end are required, as yyyy-MM-ddTHH:mm:ss or epoch seconds, start < end"));
            return;
        }
        MediaTransport transport = transport(body.getString("transport", "udp"));
        if (transport == null) {
            problem.accept(ctx, new StreamFailure(400, "transport must be udp, tcp-passive or tcp-active"));
            return;
        }
        orchestrator.playback(deviceId, channelId, transport, start, end)
                .onSuccess(s -> ctx.json(new JsonObject().put("streamId", s.streamId()).put("ssrc", s.ssrc())
                        .put("kind", "playback").put("start", start).put("end", end).put("urls", orchestrator.urls(s))))
                .onFailure(err -> problem.accept(ctx, err instanceof StreamFailure f ? f : new StreamFailure(500, String.valueOf(err.getMessage()))));
    }

    private void control(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body == null || body.getString("action") == null) {
            problem.accept(ctx, new StreamFailure(400, "body must be {\"action\": \"pause|resume|scale|seek\", \"scale\", \"position\"}"));
            return;
        }
        PlaybackControl.Action action;
        try {
            action = PlaybackControl.Action.valueOf(body.getString("action").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem.accept(ctx, new StreamFailure(400, "action must be pause, resume, scale or seek"));
            return;
        }
        double scale = number(body.getValue("scale"), 1);
        double position = number(body.getValue("position"), 0);
        if (action == PlaybackControl.Action.SCALE && !(scale >= 0.25 && scale <= 8)) {
            problem.accept(ctx, new StreamFailure(400, "scale must be a number within 0.25..8"));
            return;
        }
        if (action == PlaybackControl.Action.SEEK && !(position >= 0 && position < 1e9)) {
            problem.accept(ctx, new StreamFailure(400, "position must be a number of seconds from 0"));
            return;
        }
        String streamId = ctx.pathParam("streamId");
        orchestrator.control(streamId, action, scale, position)
                .onSuccess(c -> ctx.json(new JsonObject().put("streamId", streamId).put("action", action.name().toLowerCase(Locale.ROOT))
                        .put("scale", action == PlaybackControl.Action.SCALE ? scale : null)
                        .put("position", action == PlaybackControl.Action.SEEK ? position : null).put("cseq", c.cseq())))
                .onFailure(err -> problem.accept(ctx, err instanceof StreamFailure f ? f : new StreamFailure(500, String.valueOf(err.getMessage()))));
    }

    private static StreamFailure queryFailure(Throwable err) {
        if (err instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return new StreamFailure(503, "no SIP gateway is running");
            }
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return new StreamFailure(504, "the device did not answer in time");
            }
            int code = re.failureCode();
            return switch (code) {
                case QueryFailure.BAD_REQUEST, QueryFailure.UNKNOWN_DEVICE, QueryFailure.DEVICE_OFFLINE, QueryFailure.DEVICE_TIMEOUT,
                     QueryFailure.TOO_MANY_PENDING, QueryFailure.NOT_SUPPORTED -> new StreamFailure(code, re.getMessage());
                default -> new StreamFailure(502, re.getMessage());
            };
        }
        return new StreamFailure(500, String.valueOf(err.getMessage()));
    }

    static MediaTransport transport(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "udp" -> MediaTransport.UDP;
            case "tcp-passive", "tcp_passive" -> MediaTransport.TCP_PASSIVE;
            case "tcp-active", "tcp_active" -> MediaTransport.TCP_ACTIVE;
            default -> null;
        };
    }

    /**
     * A time as the API takes it: epoch seconds, an ISO-8601 date-time with an offset
     * ({@code 2026-11-30T07:00:00+08:00}, {@code ...Z}), or a local one in the platform's zone (the
     * device's clock), seconds and fractions optional ({@code 2026-11-30T07:00}); null when none of these.
     */
    static Long epochSeconds(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.chars().allMatch(Character::isDigit) && t.length() <= 12) {
            return Long.parseLong(t);
        }
        try {
            return java.time.OffsetDateTime.parse(t).toEpochSecond();
        } catch (DateTimeParseException notWithOffset) {
            // a local date-time, the usual form
        }
        try {
            return LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String deviceTime(long epochSeconds) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneId.systemDefault()).format(DEVICE_TIME);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static double number(Object value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static JsonObject jsonBody(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() <= 0) {
            return new JsonObject();
        }
        try {
            return ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
