package io.gbmesh.api.store;

import static io.gbmesh.api.store.DeviceEvents.T0;
import static io.gbmesh.api.store.DeviceEvents.catalog;
import static io.gbmesh.api.store.DeviceEvents.channel;
import static io.gbmesh.api.store.DeviceEvents.deviceId;
import static io.gbmesh.api.store.DeviceEvents.info;
import static io.gbmesh.api.store.DeviceEvents.offline;
import static io.gbmesh.api.store.DeviceEvents.online;
import static io.gbmesh.api.store.DeviceEvents.refresh;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.auth.SipHa1;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStats;
import io.gbmesh.contracts.StreamStopped;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceStoreTest {
    private static final String D1 = deviceId(1);
    private static Vertx vertx;
    private static Database db;
    private static DeviceStore store;

    @BeforeAll
    static void open() {
        vertx = Vertx.vertx();
        db = await(Database.start(vertx, TestPostgres.freshSchema("store")));
        await(new Migrator(db.pool()).migrate());
        store = new DeviceStore(db.pool());
    }

    @AfterAll
    static void close() {
        TestPostgres.drop(db);
        await(vertx.close());
    }

    @BeforeEach
    void clean() {
        await(db.pool().query("TRUNCATE devices, channels, device_events").execute());
    }

    private DeviceRow device(String id) {
        return await(store.get(id)).orElseThrow();
    }

    private List<String> snapshot() {
        List<String> all = new java.util.ArrayList<>(TestPostgres.rows(db, "SELECT * FROM devices ORDER BY device_id"));
        all.addAll(TestPostgres.rows(db, "SELECT * FROM channels ORDER BY device_id, channel_id"));
        all.addAll(TestPostgres.rows(db, "SELECT * FROM device_events ORDER BY id"));
        return all;
    }

    @Test
    void theOfflineDevicesAreTheirLatestOfflineEvents() {
        String d2 = deviceId(2);
        String d3 = deviceId(3);
        String d4 = deviceId(4);
        await(store.online(online(D1, T0)));
        await(store.offline(offline(D1, T0 + 1_000)));
        await(store.online(online(d2, T0)));
        await(store.offline(offline(d3, T0 + 5)));
        await(store.online(online(d3, T0 + 10)));
        await(store.offline(new DeviceOffline(d3, "gw-2",
                OfflineReason.UNREGISTERED, T0 + 20)));
        await(store.info(info(d4, "Hikvision", T0)));

        List<DeviceOffline> off = await(store.offlineDevices());
        off = off.stream().sorted(Comparator.comparing(DeviceOffline::deviceId)).toList();
        assertEquals(2, off.size(), off.toString());
        assertEquals(new DeviceOffline(D1, "gw-1",
                OfflineReason.KEEPALIVE_TIMEOUT, T0 + 1_000), off.get(0));
        assertEquals(d3, off.get(1).deviceId());
        assertEquals(OfflineReason.UNREGISTERED, off.get(1).reason());
        assertEquals(T0 + 20, off.get(1).at());
    }

    @Test
    void aRegistrationMakesAnOnlineDeviceWithOneHistoryLine() {
        await(store.online(online(D1, T0)));

        DeviceRow d = device(D1);
        assertTrue(d.online());
        assertEquals("UDP", d.transport());
        assertEquals("192.168.1.64", d.remoteHost());
        assertEquals(5060, d.remotePort());
        assertEquals("gw-1", d.gatewayNode());
        assertEquals(Instant.ofEpochMilli(T0), d.registeredAt());
        assertEquals(Instant.ofEpochMilli(T0 + 3_600_000), d.expiresAt());
        List<DeviceEventRow> history = await(store.history(D1, Page.first(10))).items();
        assertEquals(1, history.size());
        assertEquals("ONLINE", history.get(0).kind());
    }

    @Test
    void goingOfflineKeepsTheDeviceAndRecordsTheReason() {
        await(store.online(online(D1, T0)));
        await(store.offline(offline(D1, T0 + 1000)));

        assertFalse(device(D1).online());
        DeviceEventRow last = await(store.history(D1, Page.first(1))).items().get(0);
        assertEquals("OFFLINE", last.kind());
        assertEquals("KEEPALIVE_TIMEOUT", last.reason());
        assertEquals(Instant.ofEpochMilli(T0 + 1000), last.at());
    }

    @Test
    void deviceInfoFillsWhatTheDeviceSaysOfItself() {
        await(store.online(online(D1, T0)));
        await(store.info(info(D1, "Hikvision", T0 + 10)));

        DeviceRow d = device(D1);
        assertEquals("IP CAMERA", d.deviceName());
        assertEquals("Hikvision", d.manufacturer());
        assertEquals("DS-2CD2T47", d.model());
        assertEquals("V5.7.3", d.firmware());
        assertEquals(2, d.channelCount());
        assertTrue(d.online(), "info does not touch the online state");
    }

    @Test
    void everyEventDeliveredTwiceChangesNothingTheSecondTime() {
        var events = List.of(online(D1, T0), info(D1, "Hikvision", T0 + 1),
                catalog(D1, true, T0 + 2, List.of(channel("34020000001320000011", "Gate", "ON")), List.of()),
                offline(D1, T0 + 3));
        for (var e : events) {
            write(e);
        }
        List<String> once = snapshot();
        for (var e : events) {
            write(e);
        }

        assertEquals(once, snapshot());
        assertEquals(2, await(store.history(D1, Page.first(10))).total());
    }

    private void write(Object e) {
        if (e instanceof io.gbmesh.contracts.DeviceOnline x) {
            await(store.online(x));
        } else if (e instanceof DeviceOffline x) {
            await(store.offline(x));
        } else if (e instanceof io.gbmesh.contracts.DeviceInfoUpdated x) {
            await(store.info(x));
        } else {
            await(store.catalog((io.gbmesh.contracts.CatalogUpdated) e));
        }
    }

    @Test
    void anOlderEventArrivingLateDoesNotRollTheStateBack() {
        await(store.online(online(D1, T0 + 5000)));
        await(store.offline(offline(D1, T0 + 1000)));
        await(store.info(info(D1, "Dahua", T0 + 5000)));
        await(store.info(info(D1, "Hikvision", T0 + 1000)));

        DeviceRow d = device(D1);
        assertTrue(d.online());
        assertEquals(Instant.ofEpochMilli(T0 + 5000), d.lastEventAt());
        assertEquals("Dahua", d.manufacturer());
        List<String> kinds = await(store.history(D1, Page.first(10))).items().stream().map(DeviceEventRow::kind).toList();
        assertEquals(List.of("ONLINE", "OFFLINE"), kinds, "the late event is history, at its own time");
    }

    @Test
    void aRefreshOfAnOnlineDeviceKeepsItsRegistrationTimeAndAddsNoHistory() {
        await(store.online(online(D1, T0)));
        await(store.online(refresh(D1, T0 + 60_000)));

        DeviceRow d = device(D1);
        assertEquals(Instant.ofEpochMilli(T0), d.registeredAt());
        assertEquals(Instant.ofEpochMilli(T0 + 60_000), d.lastSeenAt());
        assertEquals(Instant.ofEpochMilli(T0 + 60_000 + 3_600_000), d.expiresAt());
        assertEquals(1, await(store.history(D1, Page.first(10))).total());
    }

    @Test
    void aCompleteCatalogReplacesTheChannels() {
        await(store.catalog(catalog(D1, true, T0, List.of(channel("A1", "one", "ON"), channel("A2", "two", "ON")), List.of())));
        await(store.catalog(catalog(D1, true, T0 + 1, List.of(channel("A2", "two renamed", "OFF"), channel("A3", "three", "ON")), List.of())));

        List<ChannelRow> channels = await(store.channels(D1));
        assertEquals(List.of("A2", "A3"), channels.stream().map(c -> c.channel().channelId()).toList());
        assertEquals("two renamed", channels.get(0).channel().name());
        assertEquals("OFF", channels.get(0).channel().status());
        assertEquals(2, device(D1).channelsKnown());
        assertEquals(118.1, channels.get(0).channel().longitude());
    }

    @Test
    void anIncompleteCatalogUpsertsWhatCameAndDeletesWhatWasAnnouncedDeleted() {
        await(store.catalog(catalog(D1, true, T0, List.of(channel("A1", "one", "ON"), channel("A2", "two", "ON")), List.of())));
        await(store.catalog(catalog(D1, false, T0 + 1, List.of(channel("A2", "two", "OFF"), channel("A3", "three", "ON")),
                List.of(new ChannelChange("A2", "OFF"), new ChannelChange("A3", "ADD")))));

        List<ChannelRow> channels = await(store.channels(D1));
        assertEquals(List.of("A1", "A2", "A3"), channels.stream().map(c -> c.channel().channelId()).toList());
        assertEquals("OFF", channels.get(1).channel().status());

        await(store.catalog(catalog(D1, false, T0 + 2, List.of(channel("A1", "one", "ON")), List.of(new ChannelChange("A1", "DEL")))));
        assertEquals(List.of("A2", "A3"), await(store.channels(D1)).stream().map(c -> c.channel().channelId()).toList());
    }

    @Test
    void anOlderCatalogArrivingLateIsIgnored() {
        await(store.catalog(catalog(D1, true, T0 + 10, List.of(channel("A1", "new", "ON")), List.of())));
        await(store.catalog(catalog(D1, true, T0, List.of(channel("A9", "old", "ON")), List.of())));

        assertEquals(List.of("A1"), await(store.channels(D1)).stream().map(c -> c.channel().channelId()).toList());
    }

    @Test
    void catalogsOfManyDevicesInOneBatchAreWrittenAsOneByOne() {
        String d2 = deviceId(2);
        String d3 = deviceId(3);
        await(store.catalog(catalog(D1, true, T0, List.of(channel("A1", "one", "ON"), channel("A2", "two", "ON")), List.of())));
        await(store.catalog(catalog(d3, true, T0 + 50, List.of(channel("C1", "newest", "ON")), List.of())));

        await(store.write(List.of(
                online(D1, T0 + 1), online(d2, T0 + 1),
                // D1: replaced, then a later notification in the same batch deletes one and adds one
                catalog(D1, true, T0 + 2, List.of(channel("A2", "two renamed", "OFF"), channel("A3", "three", "ON")), List.of()),
                catalog(d2, true, T0 + 2, List.of(channel("B1", "b", "ON")), List.of()),
                catalog(D1, false, T0 + 3, List.of(channel("A3", "three", "ON"), channel("A4", "four", "ON")),
                        List.of(new ChannelChange("A3", "DEL"), new ChannelChange("A4", "ADD"))),
                // d3: older than the stored catalog, ignored; d2: an older one after a newer one, ignored
                catalog(d3, true, T0 + 10, List.of(channel("C9", "old", "ON")), List.of()),
                catalog(d2, true, T0 + 1, List.of(channel("B9", "older", "ON")), List.of()),
                // D1 again, newest: complete, drops A2
                catalog(D1, true, T0 + 4, List.of(channel("A4", "four", "ON"), channel("A5", "five", "ON")), List.of()))));

        assertEquals(List.of("A4", "A5"), await(store.channels(D1)).stream().map(c -> c.channel().channelId()).toList());
        assertEquals(2, device(D1).channelsKnown());
        assertEquals(List.of("B1"), await(store.channels(d2)).stream().map(c -> c.channel().channelId()).toList());
        assertEquals(1, device(d2).channelsKnown());
        assertTrue(device(d2).online());
        assertEquals(List.of("C1"), await(store.channels(d3)).stream().map(c -> c.channel().channelId()).toList());
        assertEquals(1, TestPostgres.rows(db, "SELECT 1 FROM devices WHERE device_id = '" + D1
                + "' AND catalog_at = to_timestamp(" + (T0 + 4) + " / 1000.0)").size());
    }

    @Test
    void aBatchOfCatalogsInOrderGivesWhatTheSameCatalogsOneByOneGive() {
        List<io.gbmesh.contracts.CatalogUpdated> catalogs = new java.util.ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String id = deviceId(i);
            catalogs.add(catalog(id, true, T0 + i % 3, List.of(channel(id + "-1", "one", "ON"), channel(id + "-2", "two", "ON")), List.of()));
            catalogs.add(catalog(id, i % 2 == 0, T0 + i % 5, List.of(channel(id + "-3", "three", "OFF")),
                    List.of(new ChannelChange(id + "-1", "DEL"))));
        }
        for (io.gbmesh.contracts.CatalogUpdated c : catalogs) {
            await(store.catalog(c));
        }
        List<String> oneByOne = snapshotWithoutUpdateTimes();
        clean();
        await(store.write(catalogs));
        assertEquals(oneByOne, snapshotWithoutUpdateTimes());
    }

    private List<String> snapshotWithoutUpdateTimes() {
        List<String> all = new java.util.ArrayList<>(TestPostgres.rows(db,
                "SELECT device_id, catalog_at, channels_known FROM devices ORDER BY device_id"));
        all.addAll(TestPostgres.rows(db, "SELECT device_id, channel_id, name, status, updated_at FROM channels ORDER BY device_id, channel_id"));
        return all;
    }

    @Test
    void listingPagesByIdAndFiltersByStateAndText() {
        for (int i = 1; i <= 30; i++) {
            await(store.online(online(deviceId(i), T0)));
            await(store.info(info(deviceId(i), i % 3 == 0 ? "Dahua" : "Hikvision", T0)));
            if (i % 2 == 0) {
                await(store.offline(offline(deviceId(i), T0 + 1)));
            }
        }
        await(store.rename(deviceId(7), "North gate 100%"));

        PageOf<DeviceRow> second = await(store.list(DeviceFilter.ALL, new Page(10, 10)));
        assertEquals(30, second.total());
        assertEquals(deviceId(11), second.items().get(0).deviceId());
        assertEquals(10, second.items().size());

        PageOf<DeviceRow> online = await(store.list(new DeviceFilter(true, null), Page.first(100)));
        assertEquals(15, online.total());
        assertTrue(online.items().stream().allMatch(DeviceRow::online));

        assertEquals(10, await(store.list(new DeviceFilter(null, "dAHUA"), Page.first(100))).total());
        assertEquals(5, await(store.list(new DeviceFilter(false, "dahua"), Page.first(100))).total());
        assertEquals(List.of(deviceId(7)), await(store.list(new DeviceFilter(null, "gate 100%"), Page.first(5)))
                .items().stream().map(DeviceRow::deviceId).toList());
        assertEquals(0, await(store.list(new DeviceFilter(null, "0_%"), Page.first(5))).total(), "wildcards are literal");
        assertEquals(1, await(store.list(new DeviceFilter(null, deviceId(25)), Page.first(5))).total());
        assertEquals(Page.MAX_LIMIT, new Page(0, 10_000).limit());
    }

    @Test
    void keysetPagesFollowTheCursorWithTheFiltersTotal() {
        for (int i = 1; i <= 12; i++) {
            await(store.online(online(deviceId(i), T0)));
            if (i % 3 == 0) {
                await(store.offline(offline(deviceId(i), T0 + 1)));
            }
        }
        PageOf<DeviceRow> after5 = await(store.list(DeviceFilter.ALL, Page.first(4), deviceId(5)));
        assertEquals(List.of(deviceId(6), deviceId(7), deviceId(8), deviceId(9)),
                after5.items().stream().map(DeviceRow::deviceId).toList());
        assertEquals(12, after5.total(), "the total is the filter's, not what follows the cursor");

        PageOf<DeviceRow> onlineAfter5 = await(store.list(new DeviceFilter(true, null), Page.first(3), deviceId(5)));
        assertEquals(List.of(deviceId(7), deviceId(8), deviceId(10)),
                onlineAfter5.items().stream().map(DeviceRow::deviceId).toList());
        assertEquals(8, onlineAfter5.total());

        assertEquals(List.of(deviceId(8)), await(store.list(new DeviceFilter(null, "0008"), Page.first(5), deviceId(2)))
                .items().stream().map(DeviceRow::deviceId).toList());
        assertEquals(List.of(), await(store.list(DeviceFilter.ALL, Page.first(5), deviceId(12))).items());
        assertEquals(deviceId(11), await(store.list(DeviceFilter.ALL, new Page(2, 5), deviceId(8))).items().get(0)
                .deviceId(), "an offset counts from the cursor");
    }

    @Test
    void aCachedTotalIsCountedOncePerTimeToLive() {
        DeviceStore cached = new DeviceStore(db.pool(), 60_000);
        await(store.online(online(deviceId(1), T0)));
        assertEquals(1, await(cached.list(DeviceFilter.ALL, Page.first(5))).total());
        await(store.online(online(deviceId(2), T0)));
        PageOf<DeviceRow> page = await(cached.list(DeviceFilter.ALL, Page.first(5)));
        assertEquals(1, page.total(), "the total counted a moment ago");
        assertEquals(2, page.items().size(), "the rows are always read");
        assertEquals(2, await(store.list(DeviceFilter.ALL, Page.first(5))).total(), "without a time to live: counted");
    }

    @Test
    void aDeepOffsetStartsFromAnAnchorAndGivesTheSameRows() {
        await(db.pool().query("""
                INSERT INTO devices (device_id, online, last_event_at)
                SELECT '3402000000132' || lpad(i::text, 7, '0'), i % 3 <> 0, now() FROM generate_series(1, 2600) AS i""")
                .execute());
        DeviceStore anchored = new DeviceStore(db.pool(), 60_000);
        for (DeviceFilter filter : List.of(DeviceFilter.ALL, new DeviceFilter(true, null), new DeviceFilter(false, "0001"))) {
            for (int offset : new int[] {0, 999, 1000, 1001, 1500, 1733, 2000, 2550, 2599, 2600, 5000}) {
                Page page = new Page(offset, 100);
                assertEquals(ids(await(store.list(filter, page))), ids(await(anchored.list(filter, page))),
                        filter + " at offset " + offset);
            }
        }
    }

    private static List<String> ids(PageOf<DeviceRow> page) {
        return page.items().stream().map(DeviceRow::deviceId).toList();
    }

    @Test
    void historyIsNewestFirst() {
        await(store.online(online(D1, T0)));
        await(store.offline(offline(D1, T0 + 1000)));
        await(store.online(online(D1, T0 + 2000)));

        PageOf<DeviceEventRow> page = await(store.history(D1, Page.first(2)));
        assertEquals(3, page.total());
        assertEquals(List.of(T0 + 2000, T0 + 1000), page.items().stream().map(e -> e.at().toEpochMilli()).toList());
        assertEquals(T0, await(store.history(D1, new Page(2, 2))).items().get(0).at().toEpochMilli());
    }

    @Test
    void anOnlineDeviceCannotBeForgotten() {
        await(store.online(online(D1, T0)));

        assertEquals(ForgetResult.ONLINE, await(store.forget(D1)));
        assertTrue(await(store.get(D1)).isPresent());
    }

    @Test
    void forgettingAnOfflineDeviceDeletesItsChannelsAndHistory() {
        await(store.online(online(D1, T0)));
        await(store.catalog(catalog(D1, true, T0, List.of(channel("A1", "one", "ON")), List.of())));
        await(store.offline(offline(D1, T0 + 1)));

        assertEquals(ForgetResult.FORGOTTEN, await(store.forget(D1)));
        assertEquals(Optional.empty(), await(store.get(D1)));
        assertEquals(List.of(), snapshot());
        assertEquals(ForgetResult.UNKNOWN, await(store.forget(D1)));
    }

    @Test
    void aliasAndPasswordAreUserSettings() {
        assertFalse(await(store.rename(D1, "Lobby")), "unknown device");
        String ha1 = SipHa1.of(D1, "3402000000", "s3cret");
        await(store.setPasswordHa1(D1, ha1));
        assertTrue(await(store.rename(D1, "Lobby")));
        await(store.online(online(D1, T0)));

        DeviceRow d = device(D1);
        assertEquals("Lobby", d.name());
        assertTrue(d.hasPassword());
        assertEquals(Optional.of(ha1), await(store.passwordHa1(D1)));
        await(store.setPasswordHa1(D1, null));
        assertFalse(device(D1).hasPassword());
        await(store.rename(D1, " "));
        assertNull(device(D1).name());
    }

    @Test
    void plainPasswordsOfAnEarlierVersionAreReplacedByTheirHa1() {
        await(db.pool().preparedQuery("INSERT INTO devices (device_id, password) VALUES ($1, 'old-plain')")
                .execute(io.vertx.sqlclient.Tuple.of(D1)));
        assertEquals(1, await(store.hashPlainPasswords("3402000000")));
        assertEquals(Optional.of(SipHa1.of(D1, "3402000000", "old-plain")), await(store.passwordHa1(D1)));
        RowSet<Row> plain = await(db.pool().query("SELECT count(*) FROM devices WHERE password IS NOT NULL").execute());
        assertEquals(0L, plain.iterator().next().getLong(0), "no plain password is left");
        assertEquals(0, await(store.hashPlainPasswords("3402000000")), "nothing left to replace");
    }

    @Test
    void streamSessionsAreRecordedOnceInWhateverOrderTheirEventsArrive() {
        String stream = D1 + "_34020000001310000001_0340200001";
        StreamStarted started = new StreamStarted(stream, D1, "34020000001310000001", "media-1", "H264", 704, 576, T0);
        StreamStopped stopped = new StreamStopped(stream, D1, "34020000001310000001", "media-1", "no-viewer",
                new StreamStats(900, 1_000_000, 2, 0, 1, 0, false, "0340200001", 250, 5, 2048, 0), T0 + 60_000);
        await(store.online(online(D1, T0 - 1000)));
        await(store.write(List.of(started, stopped)));
        await(store.write(List.of(stopped, started))); // redelivered, the other way round
        assertEquals("1|H264|704|0340200001|no-viewer|900|60", sessions(stream));

        // the same stream ID again later (its SSRC reused), its stop written before its start
        StreamStarted again = new StreamStarted(stream, D1, "34020000001310000001", "media-2", "H265", 1920, 1080, T0 + 120_000);
        StreamStopped againStopped = new StreamStopped(stream, D1, "34020000001310000001", "media-2", "closed-by-user",
                null, T0 + 180_000);
        await(store.write(List.of(againStopped)));
        await(store.write(List.of(again)));
        assertEquals("2|H265|1920|0340200001|closed-by-user|null|60", sessions(stream).lines().toList().get(1));

        // a stream that never played: a row of its own, stopped as it started
        String failed = D1 + "_34020000001310000001_0340200002";
        await(store.write(List.of(new StreamStopped(failed, D1, "34020000001310000001", "media-1", "start-failed", null, T0))));
        assertEquals("1|null|null|0340200002|start-failed|null|0", sessions(failed));
    }

    /** Per session of a stream, in start order: count so far|codec|width|ssrc|reason|packets|seconds played. */
    private static String sessions(String streamId) {
        RowSet<Row> rows = await(db.pool().preparedQuery("""
                SELECT row_number() OVER (ORDER BY started_at) AS n, codec, width, ssrc, reason,
                       stats ->> 'packets' AS packets, extract(epoch FROM stopped_at - started_at)::int AS seconds
                FROM stream_sessions WHERE stream_id = $1 ORDER BY started_at""").execute(Tuple.of(streamId)));
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            out.append(out.isEmpty() ? "" : "\n").append(r.getLong("n")).append('|').append(r.getString("codec"))
                    .append('|').append(r.getInteger("width")).append('|').append(r.getString("ssrc")).append('|')
                    .append(r.getString("reason")).append('|').append(r.getString("packets")).append('|')
                    .append(r.getInteger("seconds"));
        }
        return out.toString();
    }
}
