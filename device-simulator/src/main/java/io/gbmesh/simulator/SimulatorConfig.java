package io.gbmesh.simulator;

import io.gbmesh.simulator.media.MediaOptions;
import io.gbmesh.sipstack.SipTransport;

/**
 * A fleet of simulated devices: where the platform is, how many devices (IDs from a prefix), their
 * transport, credentials, and timing.
 *
 * @param idPrefix        the first 13 digits of device IDs (center 8, industry 2, type 3); the last
 *                        7 are the serial, from {@code firstSerial}
 * @param channelNames    channel names, cycled (Chinese names are sent in GB2312 as devices do)
 * @param catalogPageSize items per Catalog MESSAGE (real devices send a few per message)
 * @param lieSumNumBy     announce this many more channels than are sent (a vendor quirk)
 * @param media           how the devices answer INVITEs and what they stream
 * @param events          alarms raised on their own, positions, and how SUBSCRIBEs are answered
 */
public record SimulatorConfig(String serverHost, int serverPort, String serverId, String domain, SipTransport transport,
                              int count, String idPrefix, int firstSerial, String password, int expiresSeconds,
                              int keepaliveIntervalSeconds, int heartbeatCount, int channels, String[] channelNames,
                              int catalogPageSize, int lieSumNumBy, String localHost, String manufacturer,
                              MediaOptions media, EventOptions events) {

    public static SimulatorConfig of(String serverHost, int serverPort) {
        return new SimulatorConfig(serverHost, serverPort, "34020000002000000001", "3402000000", SipTransport.UDP, 1,
                "3402000000132", 1, "", 3600, 60, 3, 4, new String[] {"前门摄像机", "大厅 #2", "停车场入口", "后门"},
                2, 0, "127.0.0.1", "gbmesh-sim", MediaOptions.DEFAULT, EventOptions.DEFAULT);
    }

    public String deviceId(int index) {
        return idPrefix + String.format("%07d", firstSerial + index);
    }

    public SimulatorConfig withTransport(SipTransport t) {
        return new SimulatorConfig(serverHost, serverPort, serverId, domain, t, count, idPrefix, firstSerial, password,
                expiresSeconds, keepaliveIntervalSeconds, heartbeatCount, channels, channelNames, catalogPageSize,
                lieSumNumBy, localHost, manufacturer, media, events);
    }

    public SimulatorConfig withCount(int n, String prefix, int first) {
        return new SimulatorConfig(serverHost, serverPort, serverId, domain, transport, n, prefix, first, password,
                expiresSeconds, keepaliveIntervalSeconds, heartbeatCount, channels, channelNames, catalogPageSize,
                lieSumNumBy, localHost, manufacturer, media, events);
    }

    public SimulatorConfig withPassword(String p) {
        return new SimulatorConfig(serverHost, serverPort, serverId, domain, transport, count, idPrefix, firstSerial, p,
                expiresSeconds, keepaliveIntervalSeconds, heartbeatCount, channels, channelNames, catalogPageSize,
                lieSumNumBy, localHost, manufacturer, media, events);
    }

    public SimulatorConfig withTiming(int expires, int keepaliveInterval, int count) {
        return new SimulatorConfig(serverHost, serverPort, serverId, domain, transport, this.count, idPrefix, firstSerial,
                password, expires, keepaliveInterval, count, channels, channelNames, catalogPageSize, lieSumNumBy,
                localHost, manufacturer, media, events);
    }

    public SimulatorConfig withChannels(int n, int pageSize, int lieBy) {
        return new SimulatorConfig(serverHost, serverPort, serverId, domain, transport, count, idPrefix, firstSerial,
                password, expiresSeconds, keepaliveIntervalSeconds, heartbeatCount, n, channelNames, pageSize, lieBy,
                localHost, manufacturer, media, events);
    }

    public SimulatorConfig withMedia(MediaOptions m) {
        return new SimulatorConfig(serverHost, serverPort, serverId, domain, transport, count, idPrefix, firstSerial,
                password, expiresSeconds, keepaliveIntervalSeconds, heartbeatCount, channels, channelNames,
                catalogPageSize, lieSumNumBy, localHost, manufacturer, m, events);
    }

    public SimulatorConfig withEvents(EventOptions e) {
        return new SimulatorConfig(serverHost, serverPort, serverId, domain, transport, count, idPrefix, firstSerial,
                password, expiresSeconds, keepaliveIntervalSeconds, heartbeatCount, channels, channelNames,
                catalogPageSize, lieSumNumBy, localHost, manufacturer, media, e);
    }
}
