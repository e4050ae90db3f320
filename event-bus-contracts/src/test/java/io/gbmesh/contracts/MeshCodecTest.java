package io.gbmesh.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshCodecTest {
    private final MeshCodec codec = new MeshCodec();

    private MeshMessage wireRoundTrip(MeshMessage m) {
        Buffer buffer = Buffer.buffer().appendString("prefix");
        codec.encodeToWire(buffer, m);
        return codec.decodeFromWire(6, buffer);
    }

    @Test
    void everyRecordCrossesTheWireUnchanged() {
        Channel ch = new Channel("34020000001310000001", "前门摄像机", "Hikvision", "IP Camera", "Owner", "3402000000",
                "Address", 0, "34020000002000000001", "ON", 1, "10.0.0.2", 5060, 120.1, 30.2);
        List<MeshMessage> all = List.of(
                new DeviceOnline("34020000001320000002", "node-a", Transport.UDP, "10.0.0.2", 5060, "sip:x@10.0.0.2:5060", 3600, 1L, false),
                new DeviceOffline("34020000001320000002", "node-a", OfflineReason.KEEPALIVE_TIMEOUT, 2L),
                new DeviceInfoUpdated(new DeviceInfo("34020000001320000002", "IP CAMERA", "Hikvision", "DS-2CD", "V5", 1), 3L),
                new CatalogUpdated(new Catalog("34020000001320000002", List.of(ch), 1, true), List.of(new ChannelChange(ch.channelId(), "ON")), 4L),
                DeviceQuery.of("34020000001320000002", DeviceQuery.Kind.CONFIG_DOWNLOAD),
                new DeviceStatus("34020000001320000002", "ONLINE", "OK", "2025-04-22T11:14:23", "ON", "ON",
                        List.of(new DeviceStatus.AlarmStatus("34020000001340000001", "ONDUTY"))),
                new DeviceConfig("34020000001320000002", "IP CAMERA", "34020000002000000001", "192.168.0.110", 15060, "3402000000", 3600, 30, 3, null),
                new DeviceRegistration("34020000001320000002", "node-a", Transport.TCP, "10.0.0.2", 5060, "sip:x", 1, 2, 3, 60, 3, null),
                new DevicePasswordChanged("34020000001320000002", "0123456789abcdef0123456789abcdef"),
                new AuthBan(AuthBan.SOURCE, "10.0.0.9", "node-a", 5, 1L, 600_001L),
                new AuthBanLifted(AuthBan.DEVICE, "34020000001320000002"));
        for (MeshMessage m : all) {
            assertEquals(m, wireRoundTrip(m), m.getClass().getSimpleName());
        }
    }

    @Test
    void aTalkOpenCrossesTheWireWithAndWithoutTheStreamItListensTo() {
        for (MeshMessage m : List.of(new TalkOpen("t1", "34020000001320000002", "34020000001310000001", "websocket", null),
                new TalkOpen("t2", "34020000001320000002", "34020000001310000001", "websocket", null, "stream-1"))) {
            assertEquals(m, wireRoundTrip(m));
        }
    }

    @Test
    void withinOneJvmTheSameRecordIsPassed() {
        DeviceQuery q = DeviceQuery.of("34020000001320000002", DeviceQuery.Kind.CATALOG);
        assertEquals(q, codec.transform(q));
    }
}
