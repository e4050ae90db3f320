package io.gbmesh.gateway;

import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.DeviceConfig;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceStatus;
import io.gbmesh.protocol.manscdp.BasicParam;
import io.gbmesh.protocol.manscdp.CatalogItem;
import io.gbmesh.protocol.manscdp.CatalogNotify;
import io.gbmesh.protocol.manscdp.CatalogResponse;
import io.gbmesh.protocol.manscdp.ConfigDownloadResponse;
import io.gbmesh.protocol.manscdp.DeviceInfoResponse;
import io.gbmesh.protocol.manscdp.DeviceStatusResponse;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
import io.gbmesh.protocol.manscdp.ManscdpQueries;
import io.gbmesh.protocol.manscdp.ManscdpRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * MANSCDP bodies as the gateway uses them: parsed device documents turned into contract records,
 * and the queries it sends.
 */
final class DeviceBodies {
    private DeviceBodies() {
    }

    /** A parsed MANSCDP document: its root kind (Query, Response, Notify, Control), CmdType and SN. */
    record Document(String kind, String cmdType, long sn, String deviceId, ManscdpDocument document) {
    }

    /**
     * One Catalog page: the announced SumNum, its items, each item's Event (notifications), and how
     * many items were dropped for an ID that is not a 20-digit code (the channel map and the
     * database key channels by it).
     */
    record CatalogPage(int sumNum, List<Channel> channels, List<String> events, int invalid) {
    }

    static final class BodyException extends Exception {
        BodyException(String message) {
            super(message, null, false, false);
        }
    }

    static Document parse(byte[] body) throws BodyException {
        try {
            ManscdpDocument doc = ManscdpCodec.parse(body);
            return new Document(doc.root().name(), doc.cmdType() == null ? "" : doc.cmdType(), doc.sn(), doc.deviceId(), doc);
        } catch (ManscdpParseException e) {
            throw new BodyException(e.getMessage());
        }
    }

    static byte[] deviceInfoQuery(long sn, String deviceId) {
        return ManscdpQueries.deviceInfo(sn, deviceId);
    }

    static byte[] deviceStatusQuery(long sn, String deviceId) {
        return ManscdpQueries.deviceStatus(sn, deviceId);
    }

    static byte[] catalogQuery(long sn, String deviceId) {
        return ManscdpQueries.catalog(sn, deviceId);
    }

    static byte[] configDownloadQuery(long sn, String deviceId, String configType) {
        return ManscdpQueries.configDownload(sn, deviceId, configType);
    }

    static DeviceInfo deviceInfo(String deviceId, Document doc) {
        DeviceInfoResponse r = DeviceInfoResponse.from(doc.document());
        return new DeviceInfo(deviceId, r.deviceName(), r.manufacturer(), r.model(), r.firmware(), boxed(r.channelCount()));
    }

    static DeviceStatus deviceStatus(String deviceId, Document doc) {
        DeviceStatusResponse r = DeviceStatusResponse.from(doc.document());
        List<DeviceStatus.AlarmStatus> alarms = new ArrayList<>();
        r.alarmStatuses().forEach(a -> alarms.add(new DeviceStatus.AlarmStatus(a.deviceId(), a.dutyStatus())));
        return new DeviceStatus(deviceId, r.online(), r.status(), r.deviceTime(), r.encode(), r.record(), alarms);
    }

    static DeviceConfig deviceConfig(String deviceId, Document doc) {
        ConfigDownloadResponse r = ConfigDownloadResponse.from(doc.document());
        if (r.basicParam().isEmpty()) {
            return new DeviceConfig(deviceId, null, null, null, null, null, null, null, null, null);
        }
        BasicParam p = r.basicParam().get();
        return new DeviceConfig(deviceId, p.name(), p.sipServerId(), p.sipServerIp(), boxed(p.sipServerPort()),
                p.domainName(), boxed(p.expiration()), boxed(p.heartBeatInterval()), boxed(p.heartBeatCount()),
                boxed(p.positionCapability()));
    }

    static CatalogPage catalogPage(Document doc) {
        List<CatalogItem> items;
        int sumNum;
        if (doc.document().root() == ManscdpRoot.Notify) {
            CatalogNotify n = CatalogNotify.from(doc.document());
            items = n.items();
            sumNum = n.sumNum().orElse(-1);
        } else {
            CatalogResponse r = CatalogResponse.from(doc.document());
            items = r.items();
            sumNum = r.sumNum();
        }
        List<Channel> channels = new ArrayList<>();
        List<String> events = new ArrayList<>();
        int invalid = 0;
        for (CatalogItem i : items) {
            if (!DeviceIds.isValid(i.deviceId())) {
                invalid++;
                continue;
            }
            channels.add(new Channel(i.deviceId(), i.name(), i.manufacturer(), i.model(), i.owner(), i.civilCode(),
                    i.address(), boxed(i.parental()), i.parentId(), i.status(), boxed(i.ptzType()), i.ipAddress(),
                    boxed(i.port()), boxed(i.longitude()), boxed(i.latitude())));
            events.add(i.event());
        }
        return new CatalogPage(sumNum, channels, events, invalid);
    }

    private static Integer boxed(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    private static Double boxed(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
