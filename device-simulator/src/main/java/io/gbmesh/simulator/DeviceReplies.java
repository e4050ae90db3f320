package io.gbmesh.simulator;

import io.gbmesh.protocol.auth.AuthParseException;
import io.gbmesh.protocol.auth.DigestCalculator;
import io.gbmesh.protocol.auth.DigestChallenge;
import io.gbmesh.protocol.manscdp.Alarm;
import io.gbmesh.protocol.manscdp.BasicParam;
import io.gbmesh.protocol.manscdp.CatalogItem;
import io.gbmesh.protocol.manscdp.DeviceStatusResponse;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpDeviceMessages;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
import io.gbmesh.protocol.manscdp.MobilePosition;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/** What a simulated device says: its digest answers and its MANSCDP answers to the platform's queries. */
final class DeviceReplies {
    private final SimulatorConfig config;
    private final String deviceId;
    private long nc;
    /** The channels' recordings, and how RecordInfo queries are answered. */
    final Recordings recordings;

    DeviceReplies(SimulatorConfig config, String deviceId) {
        this.config = config;
        this.deviceId = deviceId;
        this.recordings = new Recordings(deviceId);
    }

    /** The Authorization value answering a WWW-Authenticate challenge for a REGISTER. */
    String authorization(String wwwAuthenticate, String password, String uri) {
        try {
            DigestChallenge challenge = DigestChallenge.parse(wwwAuthenticate);
            return DigestCalculator.answer(challenge, deviceId, password, "REGISTER", uri,
                    () -> Long.toHexString(ThreadLocalRandom.current().nextLong()), ++nc).toHeaderValue();
        } catch (AuthParseException e) {
            throw new IllegalStateException("the platform's challenge cannot be read: " + e.getMessage());
        }
    }

    byte[] keepalive(long sn) {
        return ManscdpDeviceMessages.keepalive(sn, deviceId);
    }

    /** The Response MESSAGE bodies answering a Query (several for a Catalog); none for other documents. */
    List<byte[]> answer(byte[] queryBody) {
        ManscdpDocument query;
        try {
            query = ManscdpCodec.parse(queryBody);
        } catch (ManscdpParseException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        long sn = query.sn();
        String cmd = query.cmdType() == null ? "" : query.cmdType().toLowerCase(Locale.ROOT);
        return switch (cmd) {
            case "deviceinfo" -> List.of(ManscdpDeviceMessages.deviceInfoResponse(sn, deviceId, "IP CAMERA",
                    config.manufacturer(), "SIM-" + config.channels(), "V1.0", config.channels()));
            case "devicestatus" -> List.of(ManscdpDeviceMessages.deviceStatusResponse(sn, deviceId,
                    new DeviceStatusResponse("ONLINE", "OK", LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")), "ON", "ON", List.of(), "OK")));
            case "configdownload" -> List.of(ManscdpDeviceMessages.configDownloadResponse(sn, deviceId, basicParam()));
            case "catalog" -> catalogPages(sn);
            case "recordinfo" -> recordings.answer(query, channels().stream().map(CatalogItem::deviceId).toList());
            default -> List.of();
        };
    }

    private BasicParam basicParam() {
        return new BasicParam("IP CAMERA", deviceId, config.serverId(), config.serverHost(), OptionalInt.of(config.serverPort()),
                config.domain(), OptionalInt.of(config.expiresSeconds()), OptionalInt.of(config.keepaliveIntervalSeconds()),
                OptionalInt.of(config.heartbeatCount()), OptionalInt.of(0));
    }

    List<CatalogItem> channels() {
        List<CatalogItem> items = new ArrayList<>();
        String prefix = deviceId.substring(0, 10) + "131";
        long serial = Long.parseLong(deviceId.substring(13));
        for (int i = 0; i < config.channels(); i++) {
            String channelId = prefix + String.format("%07d", (serial * 100 + i + 1) % 10_000_000L);
            String name = config.channelNames()[i % config.channelNames().length];
            items.add(CatalogItem.builder(channelId).name(name).manufacturer(config.manufacturer()).model("IP Camera")
                    .owner("Owner").civilCode(config.domain()).address("Address").parental(0).parentId(deviceId)
                    .safetyWay(0).registerWay(1).secrecy(0).status("ON").build());
        }
        return items;
    }

    /** A catalog notification: known channels with the given events, and unknown IDs as new channels. */
    byte[] catalogNotify(long sn, java.util.Map<String, String> eventByChannelId, String newChannelName) {
        java.util.Map<String, CatalogItem> known = new java.util.HashMap<>();
        for (CatalogItem c : channels()) {
            known.put(c.deviceId(), c);
        }
        List<CatalogItem> items = new ArrayList<>();
        eventByChannelId.forEach((id, event) -> {
            CatalogItem base = known.get(id);
            CatalogItem.Builder b = CatalogItem.builder(id).event(event).parentId(deviceId)
                    .name(base != null ? base.name() : newChannelName).manufacturer(config.manufacturer()).model("IP Camera")
                    .status(event.equals("OFF") || event.equals("VLOST") || event.equals("DEFECT") ? "OFF" : "ON");
            items.add(b.build());
        });
        return ManscdpDeviceMessages.catalogNotify(sn, deviceId, items);
    }

    /** An alarm of the device itself, with the device's clock as its time. */
    byte[] alarm(long sn, String priority, String method, String type, String description) {
        String now = LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        return ManscdpDeviceMessages.alarmNotify(sn, new Alarm(deviceId, sn, priority, method, now, description, type,
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty()));
    }

    byte[] position(long sn, double longitude, double latitude, double speed, double direction) {
        String now = LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        return ManscdpDeviceMessages.mobilePositionNotify(sn, new MobilePosition(deviceId, sn, now,
                java.util.OptionalDouble.of(longitude), java.util.OptionalDouble.of(latitude),
                java.util.OptionalDouble.of(speed), java.util.OptionalDouble.of(direction), java.util.OptionalDouble.empty()));
    }

    /** Whether a MESSAGE body is the platform's Response to an alarm (GB/T 28181-2016 §9.4.2). */
    static boolean isAlarmConfirmation(byte[] body) {
        try {
            return ManscdpCodec.parse(body).is(io.gbmesh.protocol.manscdp.ManscdpRoot.Response, "Alarm");
        } catch (ManscdpParseException e) {
            return false;
        }
    }

    private List<byte[]> catalogPages(long sn) {
        List<CatalogItem> all = channels();
        int sumNum = all.size() + config.lieSumNumBy();
        List<byte[]> pages = new ArrayList<>();
        int size = Math.max(1, config.catalogPageSize());
        for (int from = 0; from < all.size(); from += size) {
            pages.add(ManscdpDeviceMessages.catalogResponse(sn, deviceId, sumNum, all.subList(from, Math.min(all.size(), from + size))));
        }
        if (pages.isEmpty()) {
            pages.add(ManscdpDeviceMessages.catalogResponse(sn, deviceId, sumNum, List.of()));
        }
        return pages;
    }
}
