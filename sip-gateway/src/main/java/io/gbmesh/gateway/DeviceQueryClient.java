package io.gbmesh.gateway;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipTimeoutException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;

/**
 * Queries a device (reference 4.2, 6.4): a MESSAGE with a MANSCDP Query, answered 200 by the SIP
 * transaction, then by a separate MESSAGE Response with the same SN, which we correlate by
 * device, CmdType and SN. Catalog answers come as several such MESSAGEs and are assembled.
 * Used on the gateway's event loop.
 */
final class DeviceQueryClient {
    private final Vertx vertx;
    private final SipEndpoint endpoint;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final Map<String, Pending> pending = new HashMap<>();
    /** Pending queries per device, bounded by {@link DeviceCaps#maxPendingQueries()}. */
    private final Map<String, Integer> pendingPerDevice = new HashMap<>();
    private long nextSn = ThreadLocalRandom.current().nextInt(1, 100_000);
    private long nextCseq = 1;

    private static final class Pending {
        final Promise<DeviceBodies.Document> promise = Promise.promise();
        CatalogAssembler catalog;
        Promise<Catalog> catalogPromise;
        Paging paging;
        long timer = -1;
        long idleTimer = -1;
    }

    DeviceQueryClient(Vertx vertx, SipEndpoint endpoint, GatewayConfig config, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.config = config;
        this.metrics = metrics;
    }

    /** Sends a query and waits for the device's Response document of that CmdType and SN. */
    Future<DeviceBodies.Document> query(OwnedDevice device, String cmdType, LongFunction<byte[]> body) {
        long sn = nextSn++;
        String key = key(device.deviceId(), cmdType, sn);
        Pending p = new Pending();
        if (!track(key, p)) {
            return Future.failedFuture(tooMany(key));
        }
        p.timer = vertx.setTimer(config.queryTimeoutMillis(), id -> {
            if (untrack(key, p)) {
                metrics.countCmd("query.timeout", cmdType);
                p.promise.tryFail(new QueryFailedException(QueryFailure.DEVICE_TIMEOUT, cmdType + " of "
                        + device.deviceId() + " got no answer in " + config.queryTimeoutMillis() + " ms"));
            }
        });
        send(device, body.apply(sn), key, p);
        return p.promise.future();
    }

    /** Queries the catalog and assembles its pages until SumNum items, or keeps what came on timeout. */
    Future<Catalog> catalog(OwnedDevice device) {
        long sn = nextSn++;
        String deviceId = device.deviceId();
        String key = key(deviceId, "Catalog", sn);
        Pending p = new Pending();
        p.catalog = new CatalogAssembler(deviceId, config.caps());
        p.catalogPromise = Promise.promise();
        if (!track(key, p)) {
            return Future.failedFuture(tooMany(key));
        }
        p.timer = vertx.setTimer(config.catalogTimeoutMillis(), id -> finishCatalog(key, p));
        send(device, DeviceBodies.catalogQuery(sn, deviceId), key, p);
        return p.catalogPromise.future();
    }

    /**
     * A query answered in several Response MESSAGEs of one SN (PresetQuery, CruiseTrackListQuery):
     * collected until they hold {@code SumNum} items, or the first one when the device gives no
     * SumNum; on time out what came is the answer, and nothing at all is a timeout.
     */
    Future<List<DeviceBodies.Document>> pages(OwnedDevice device, String cmdType, LongFunction<byte[]> body, Paging paging) {
        long sn = nextSn++;
        String key = key(device.deviceId(), cmdType, sn);
        Pending p = new Pending();
        p.paging = paging;
        if (!track(key, p)) {
            return Future.failedFuture(tooMany(key));
        }
        p.timer = vertx.setTimer(config.queryTimeoutMillis(), id -> finishPages(key, p));
        send(device, body.apply(sn), key, p);
        return paging.done.future();
    }

    /** How the messages of a paged answer are counted, and where they are collected. */
    static final class Paging {
        private final ToIntFunction<DeviceBodies.Document> sumNum;
        private final ToIntFunction<DeviceBodies.Document> items;
        private final List<DeviceBodies.Document> pages = new ArrayList<>();
        private final Promise<List<DeviceBodies.Document>> done = Promise.promise();
        private int received;

        Paging(ToIntFunction<DeviceBodies.Document> sumNum, ToIntFunction<DeviceBodies.Document> items) {
            this.sumNum = sumNum;
            this.items = items;
        }

        /** Adds a page; true when the answer is complete. */
        private boolean add(DeviceBodies.Document doc) {
            pages.add(doc);
            received += items.applyAsInt(doc);
            int total = sumNum.applyAsInt(doc);
            return total < 0 || received >= total || pages.size() >= MAX_PAGES || received >= MAX_ITEMS;
        }
    }

    /** More messages and items than any device needs for 255 presets: a device that keeps sending is cut off there. */
    private static final int MAX_PAGES = 256;
    private static final int MAX_ITEMS = 1024;

    private void finishPages(String key, Pending p) {
        if (!untrack(key, p)) {
            return;
        }
        vertx.cancelTimer(p.timer);
        vertx.cancelTimer(p.idleTimer);
        if (p.paging.pages.isEmpty()) {
            metrics.count("query.timeout");
            p.paging.done.tryFail(new QueryFailedException(QueryFailure.DEVICE_TIMEOUT, "device " + key.substring(0, key.indexOf('|'))
                    + " did not answer in " + config.queryTimeoutMillis() + " ms"));
        } else {
            p.paging.done.tryComplete(List.copyOf(p.paging.pages));
        }
    }

    /**
     * Sends a control whose only answer is the transaction's 2xx (GB/T 28181 §9.3: PTZ commands, TeleBoot).
     * Fails as queries do; a {@code 501}/{@code 405} is the device saying it does not support it.
     */
    Future<Void> command(OwnedDevice device, LongFunction<byte[]> body) {
        Promise<Void> done = Promise.promise();
        // the transaction may run to Timer F (32 s); the caller hears within the query timeout, as for queries
        long timer = vertx.setTimer(config.queryTimeoutMillis(), id -> {
            if (done.tryFail(new QueryFailedException(QueryFailure.DEVICE_TIMEOUT, "device " + device.deviceId()
                    + " did not answer the control in " + config.queryTimeoutMillis() + " ms"))) {
                metrics.count("control.timeout");
            }
        });
        endpoint.request(buildMessage(device, body.apply(nextSn++)), device.peer()).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded() && ar.result().isSuccess()) {
                done.tryComplete();
            } else if (done.tryFail(failureOf(ar))) {
                metrics.count("control.failed");
            }
        });
        return done.future();
    }

    private void send(OwnedDevice device, byte[] body, String key, Pending p) {
        SipRequest message = buildMessage(device, body);
        endpoint.request(message, device.peer()).onComplete(ar -> {
            if (ar.succeeded() && ar.result().isSuccess()) {
                return; // the answer comes in its own MESSAGE
            }
            if (untrack(key, p)) {
                vertx.cancelTimer(p.timer);
                vertx.cancelTimer(p.idleTimer);
                QueryFailedException failure = failureOf(ar);
                metrics.count("query.failed");
                p.promise.tryFail(failure);
                if (p.catalogPromise != null) {
                    p.catalogPromise.tryFail(failure);
                }
                if (p.paging != null) {
                    p.paging.done.tryFail(failure);
                }
            }
        });
    }

    private static QueryFailedException failureOf(AsyncResult<SipResponse> ar) {
        if (ar.failed()) {
            return ar.cause() instanceof SipTimeoutException
                    ? new QueryFailedException(QueryFailure.DEVICE_TIMEOUT, ar.cause().getMessage())
                    : new QueryFailedException(QueryFailure.DEVICE_OFFLINE, "cannot reach device: " + ar.cause().getMessage());
        }
        int status = ar.result().statusCode();
        String words = "device answered " + status + " " + ar.result().reasonPhrase();
        // 501 Not Implemented and 405 Method Not Allowed are how a device says it has no such command
        return new QueryFailedException(status == 501 || status == 405 ? QueryFailure.NOT_SUPPORTED : QueryFailure.DEVICE_ERROR, words);
    }

    /**
     * Sends the device a MESSAGE that expects no Response document (a confirmation); the future is the
     * SIP transaction's final answer.
     */
    Future<io.gbmesh.protocol.sip.SipResponse> tell(OwnedDevice device, byte[] body) {
        return endpoint.request(buildMessage(device, body), device.peer());
    }

    /** A Response document from a device; true when it answered a query of ours. */
    boolean onResponse(String deviceId, DeviceBodies.Document doc) {
        String key = key(deviceId, doc.cmdType(), doc.sn());
        Pending p = pending.get(key);
        if (p == null) {
            metrics.count("query.unmatched-response");
            return false;
        }
        if (p.catalog != null) {
            DeviceBodies.CatalogPage page = DeviceBodies.catalogPage(doc);
            metrics.invalidCatalogItems(page.invalid());
            if (p.catalog.add(page.sumNum(), page.channels())) {
                finishCatalog(key, p);
            } else {
                // a device that announced more than it sends: close shortly after its last page
                vertx.cancelTimer(p.idleTimer);
                p.idleTimer = vertx.setTimer(Math.min(3000, config.catalogTimeoutMillis()), id -> finishCatalog(key, p));
            }
            return true;
        }
        if (p.paging != null) {
            if (p.paging.add(doc)) {
                finishPages(key, p);
            } else {
                vertx.cancelTimer(p.idleTimer);
                p.idleTimer = vertx.setTimer(Math.min(3000, config.queryTimeoutMillis()), id -> finishPages(key, p));
            }
            return true;
        }
        untrack(key, p);
        vertx.cancelTimer(p.timer);
        p.promise.tryComplete(doc);
        return true;
    }

    private void finishCatalog(String key, Pending p) {
        if (!untrack(key, p)) {
            return;
        }
        vertx.cancelTimer(p.timer);
        vertx.cancelTimer(p.idleTimer);
        Catalog result = p.catalog.result();
        if (!result.complete()) {
            metrics.count("catalog.incomplete");
        }
        if (p.catalog.capReached()) {
            metrics.count("catalog.capped");
        }
        metrics.count("catalog.channels.dropped", p.catalog.dropped());
        p.catalogPromise.tryComplete(result);
    }

    private SipRequest buildMessage(OwnedDevice device, byte[] body) {
        Peer peer = device.peer();
        return GatewayMessages.query(config.sipId(), endpoint.advertisedHost(), endpoint.port(), device.deviceId(),
                peer.host(), peer.port(), endpoint.newVia(peer.transport()), Branches.tag(), Branches.callId(), nextCseq++,
                endpoint.options().userAgent(), body);
    }

    /**
     * Sends the Broadcast notification for a channel (GB/T 28181-2016 §9.12, reference 6.12) with our
     * ID as the source, and gives the Result of the device's Response; failures as {@code ReplyException}s.
     */
    Future<String> broadcast(OwnedDevice device, String channelId) {
        return query(device, io.gbmesh.protocol.manscdp.ManscdpBroadcast.CMD_TYPE,
                sn -> io.gbmesh.protocol.manscdp.ManscdpBroadcast.notify(sn, config.sipId(), channelId))
                .map(doc -> doc.document().text("Result").orElse(""))
                .recover(e -> Future.failedFuture(e instanceof QueryFailedException q
                        ? new io.vertx.core.eventbus.ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE, q.code(), q.getMessage())
                        : e));
    }

    int pendingCount() {
        return pending.size();
    }

    /**
     * A catalog changed by a notification, cut to the device's cap of channels: the channels known
     * before come first in {@code channels}, so additions past the cap are what is dropped (and counted).
     */
    Catalog cappedCatalog(String deviceId, Map<String, Channel> channels) {
        List<Channel> kept = CatalogAssembler.firstChannels(channels.values(), config.caps().maxChannels());
        metrics.count("catalog.channels.dropped", channels.size() - kept.size());
        return new Catalog(deviceId, kept, kept.size(), true);
    }

    /** Adds a pending query unless its device has as many as it may; false (and counted) then. */
    private boolean track(String key, Pending p) {
        String deviceId = key.substring(0, key.indexOf('|'));
        int count = pendingPerDevice.getOrDefault(deviceId, 0);
        if (count >= config.caps().maxPendingQueries()) {
            metrics.count("query.refused.too-many-pending");
            return false;
        }
        pendingPerDevice.put(deviceId, count + 1);
        pending.put(key, p);
        return true;
    }

    /** Removes a pending query; false when it was no longer pending (answered, timed out or failed). */
    private boolean untrack(String key, Pending p) {
        if (!pending.remove(key, p)) {
            return false;
        }
        pendingPerDevice.computeIfPresent(key.substring(0, key.indexOf('|')), (id, n) -> n <= 1 ? null : n - 1);
        return true;
    }

    private QueryFailedException tooMany(String key) {
        return new QueryFailedException(QueryFailure.TOO_MANY_PENDING, "device " + key.substring(0, key.indexOf('|'))
                + " already has " + config.caps().maxPendingQueries() + " queries waiting for an answer");
    }

    private static String key(String deviceId, String cmdType, long sn) {
        return deviceId + '|' + cmdType.toLowerCase(Locale.ROOT) + '|' + sn;
    }
}
