package io.gbmesh.protocol.manscdp;

import java.util.OptionalInt;

/**
 * The device's basic SIP configuration from {@code ConfigDownload} (A.2.6.7). Absent numbers are absent,
 * never 0. The device's {@code Password} is deliberately not kept: it has no use on the platform side.
 */
public record BasicParam(String name, String deviceId, String sipServerId, String sipServerIp,
                         OptionalInt sipServerPort, String domainName, OptionalInt expiration,
                         OptionalInt heartBeatInterval, OptionalInt heartBeatCount,
                         OptionalInt positionCapability) {

    static BasicParam from(ManscdpElement element) {
        return new BasicParam(
                element.childTextOrEmpty("Name"),
                element.childTextOrEmpty("DeviceID"),
                element.childTextOrEmpty("SIPServerID"),
                element.childTextOrEmpty("SIPServerIP"),
                ManscdpNumbers.lenientInt(element.childText("SIPServerPort")),
                element.childTextOrEmpty("DomainName"),
                ManscdpNumbers.lenientInt(element.childText("Expiration")),
                ManscdpNumbers.lenientInt(element.childText("HeartBeatInterval")),
                ManscdpNumbers.lenientInt(element.childText("HeartBeatCount")),
                ManscdpNumbers.lenientInt(element.childText("PositionCapability")));
    }
}
