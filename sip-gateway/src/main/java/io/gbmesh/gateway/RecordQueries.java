package io.gbmesh.gateway;

import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.RecordList;
import io.gbmesh.contracts.RecordQuery;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
import io.gbmesh.protocol.manscdp.ManscdpRecords;
import io.gbmesh.protocol.manscdp.RecordInfoResponse;
import io.gbmesh.protocol.manscdp.RecordItem;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * RecordInfo queries (GB/T 28181-2016 §9.7; reference 4.5, 6.9): one query to the channel, answered
 * in several MESSAGEs of the same SN, in any order, collected until they hold SumNum items; a device
 * that announces more than it sends is closed shortly after its last message, keeping what came.
 * Items sent twice count once; the list is sorted by start time. Used on the gateway's event loop.
 */
final class RecordQueries {
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");

    private final DeviceQueryClient queries;
    private final GatewayMetrics metrics;

    RecordQueries(DeviceQueryClient queries, GatewayMetrics metrics) {
        this.queries = queries;
        this.metrics = metrics;
    }

    /** What makes the query unusable, or null. */
    static String problem(RecordQuery q) {
        if (!DeviceIds.isValid(q.channelId())) {
            return "channel ID must be 20 digits";
        }
        if (q.startTime() == null || !TIME.matcher(q.startTime()).matches() || q.endTime() == null
                || !TIME.matcher(q.endTime()).matches()) {
            return "start and end must be yyyy-MM-ddTHH:mm:ss";
        }
        if (q.startTime().compareTo(q.endTime()) > 0) {
            return "start is after end";
        }
        if (q.type() != null && !ManscdpRecords.TYPES.contains(q.type())) {
            return "type must be one of " + ManscdpRecords.TYPES;
        }
        return null;
    }

    Future<RecordList> execute(RecordQuery q, OwnedDevice device) {
        String problem = problem(q);
        if (problem != null) {
            return Future.failedFuture(new QueryFailedException(QueryFailure.BAD_REQUEST, problem));
        }
        String type = q.type() == null ? "all" : q.type();
        return queries.pages(device, "RecordInfo", sn -> ManscdpRecords.query(sn, q.channelId(), q.startTime(), q.endTime(), type),
                        new DeviceQueryClient.Paging(doc -> page(doc).sumNum(), doc -> page(doc).items().size()))
                .map(docs -> assemble(q, docs));
    }

    /** A message that cannot be read counts no items and announces no end, so the others still decide. */
    private RecordInfoResponse page(DeviceBodies.Document doc) {
        try {
            return RecordInfoResponse.from(doc.document());
        } catch (ManscdpParseException e) {
            metrics.count("records.rejected.body");
            return new RecordInfoResponse(doc.deviceId(), "", Integer.MAX_VALUE, java.util.OptionalInt.empty(), List.of());
        }
    }

    private RecordList assemble(RecordQuery q, List<DeviceBodies.Document> docs) {
        Map<String, RecordList.Item> items = new LinkedHashMap<>();
        int sumNum = 0;
        for (DeviceBodies.Document doc : docs) {
            RecordInfoResponse page = page(doc);
            if (page.sumNum() != Integer.MAX_VALUE) {
                sumNum = Math.max(sumNum, page.sumNum());
            }
            for (RecordItem i : page.items()) {
                RecordList.Item item = new RecordList.Item(i.deviceId().isEmpty() ? q.channelId() : i.deviceId(), i.startTime(),
                        i.endTime(), i.name(), i.filePath(), i.address(), i.secrecy(), i.type(), i.recorderId(),
                        i.fileSize().orElse(-1));
                items.put(item.start() + '|' + item.end() + '|' + item.filePath() + '|' + item.type(), item);
            }
        }
        List<RecordList.Item> sorted = new ArrayList<>(items.values());
        sorted.sort(Comparator.comparing(RecordList.Item::start).thenComparing(RecordList.Item::end));
        boolean complete = sorted.size() >= sumNum;
        if (!complete) {
            metrics.count("records.incomplete");
        }
        return new RecordList(q.deviceId(), q.channelId(), sumNum, complete, sorted);
    }
}
