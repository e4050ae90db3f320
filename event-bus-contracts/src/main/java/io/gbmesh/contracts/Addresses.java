package io.gbmesh.contracts;

/** Event-bus addresses of the mesh. Events are published; queries are request/reply. */
public final class Addresses {
    /** {@link DeviceOnline}, published by the gateway that accepted the registration. */
    public static final String DEVICE_ONLINE = "gb.device.online";
    /** {@link DeviceOffline}, published by the owner gateway (or the one that noticed). */
    public static final String DEVICE_OFFLINE = "gb.device.offline";
    /** {@link DeviceInfoUpdated}. */
    public static final String DEVICE_INFO = "gb.device.info";
    /** {@link CatalogUpdated}: the channel list of a device after a query or a notification. */
    public static final String DEVICE_CATALOG = "gb.device.catalog";

    /**
     * {@link DeviceQuery} → {@link DeviceInfo} | {@link DeviceStatus} | {@link Catalog} | {@link DeviceConfig}.
     * Any gateway node takes it and routes it to the device's owner node. Failures come back as
     * {@code ReplyException}s with a {@link QueryFailure} code.
     */
    public static final String DEVICE_QUERY = "gb.device.query";

    /** The query address of one gateway node, used to reach the node owning a device. */
    public static String gatewayNodeQuery(String nodeId) {
        return "gb.gateway." + nodeId + ".query";
    }

    /** {@link InviteRequest} → {@link InviteAnswer}: any gateway node takes it and routes it to the owner. */
    public static final String INVITE = "gb.media.invite";
    /** {@link CloseStream} to the gateways: BYE for the stream's dialog (any node; routed to the owner). */
    public static final String BYE = "gb.media.bye";
    /** {@link DialogEnded}, published by the gateway when a device sends BYE. */
    public static final String DIALOG_ENDED = "gb.media.dialog-ended";
    /** {@link MediaNodeLoad}, published periodically by every media node. */
    public static final String MEDIA_LOAD = "gb.media.load";
    /** {@link StreamStarted}, {@link StreamStalled}, {@link StreamStopped}, published by media nodes. */
    public static final String STREAM_STARTED = "gb.stream.started";
    public static final String STREAM_STALLED = "gb.stream.stalled";
    public static final String STREAM_STOPPED = "gb.stream.stopped";

    /** The request address of one media node: {@link OpenStream}, {@link StreamAnswered}, {@link CloseStream}. */
    public static String mediaNode(String nodeId) {
        return "gb.media." + nodeId;
    }

    /** {@link DevicePasswordChanged}, published when a per-device password is set or removed. */
    public static final String DEVICE_PASSWORD = "gb.device.password";
    /** Name of the cluster-wide map deviceId → the device's own HA1, {@code MD5(deviceId:realm:password)} (never the password). */
    public static final String PASSWORDS_MAP = "gb.device.passwords";
    /** Name of the cluster-wide map {@link AuthBan#key()} → {@link AuthBan} (JSON), each entry with a time to live. */
    public static final String AUTH_BANS_MAP = "gb.auth.bans";
    /** {@link AuthBanLifted}, published to every gateway node when an operator lifts a ban. */
    public static final String AUTH_BAN_LIFTED = "gb.auth.ban-lifted";

    /** Name of the cluster-wide map deviceId → {@link DeviceRegistration} (JSON). */
    public static final String REGISTRY_MAP = "gb.registry.devices";
    /** Name of the cluster-wide map deviceId → {@link Catalog} (JSON). */
    public static final String CHANNELS_MAP = "gb.registry.channels";

    /**
     * Name of the cluster-wide map nodeId → {@link GatewayPresence} (JSON): the live gateway nodes,
     * each entry renewed by its node and gone a few seconds after the node is.
     */
    public static final String GATEWAYS_MAP = "gb.gateways";
    /** Name of the cluster-wide map nodeId → {@link ApiReplicaPresence} (JSON): the live api-service replicas. */
    public static final String API_REPLICAS_MAP = "gb.api.replicas";
    // ---- device control: DeviceControl, DeviceConfig and PTZ queries (GB/T 28181 A.2.3, A.2.4) ----

    /**
     * {@link DeviceControlRequest} → {@link DeviceControlResult}. Any gateway node takes it and routes it
     * to the device's owner node; failures are {@code ReplyException}s with a {@link ControlFailure} code.
     */
    public static final String DEVICE_CONTROL = "gb.device.control";

    /** The control address of one gateway node, used to reach the node owning a device. */
    public static String gatewayNodeControl(String nodeId) {
        return "gb.gateway." + nodeId + ".control";
    }

    // ---- alarms, positions and subscriptions (GB/T 28181-2016 §9.4, §9.11) ----

    /** {@link AlarmRaised}, published by the gateway that accepted the alarm from the device. */
    public static final String DEVICE_ALARM = "gb.device.alarm";
    /** {@link MobilePosition}, published by the gateway that accepted the position report. */
    public static final String DEVICE_POSITION = "gb.device.position";

    /** {@link SubscriptionsQuery} → {@link DeviceSubscriptions}, at the device's owner gateway node. */
    public static String gatewaySubscriptions(String nodeId) {
        return "gb.gateway." + nodeId + ".subscriptions";
    }

    // ---- end of alarms, positions and subscriptions ----

    /**
     * Name of the cluster-wide map streamId → the stream the api-service orchestrates (JSON): any
     * api-service replica lists, reuses and stops any stream from it.
     */
    public static final String STREAMS_MAP = "gb.streams";
    /** Name of the cluster-wide map {@code deviceId|channelId|profile} → the streamId of the channel's live stream. */
    public static final String LIVE_CHANNELS_MAP = "gb.streams.live-channels";
    /** Name of the cluster-wide map talkId → a talk the api-service started (JSON): any replica lists and ends it. */
    public static final String TALKS_MAP = "gb.talks";
    /** Name of the cluster-wide map {@code deviceId|channelId} → the talkId of the channel's talk: one talk per channel. */
    public static final String TALK_CHANNELS_MAP = "gb.talks.channels";
    /**
     * Name of the cluster-wide map downloadId → the download's state and figures (JSON), so that every
     * api-service replica lists, shows, serves and stops every download.
     */
    public static final String DOWNLOADS_MAP = "gb.downloads";

    // ---- recordings (GB/T 28181-2016 §9.7, §9.8, §9.9) ----

    /** {@link RecordQuery} → {@link RecordList}: any gateway node takes it and routes it to the owner. */
    public static final String RECORD_QUERY = "gb.device.records";

    /** The record-query address of one gateway node, used to reach the node owning a device. */
    public static String gatewayNodeRecords(String nodeId) {
        return "gb.gateway." + nodeId + ".records";
    }

    /** {@link PlaybackControl} → {@link PlaybackControl}: any gateway node; routed to the one holding the dialog. */
    public static final String PLAYBACK_CONTROL = "gb.media.playback-control";
    /** {@link MediaStatusNotified}, published by the gateway that took a device's MediaStatus. */
    public static final String MEDIA_STATUS = "gb.media.status";
    /** A download's progress and its end, from its media node: {@link DownloadProgress}. */
    public static final String DOWNLOAD_PROGRESS = "gb.media.download-progress";

    // ---- end of recordings ----
    // ---- talk and broadcast (GB/T 28181-2016 §9.12) ----

    /** {@link BroadcastRequest} → {@link BroadcastAnswer}: any gateway node takes it and routes it to the owner. */
    public static final String BROADCAST = "gb.talk.broadcast";

    /** The talk address of one gateway node: a forwarded {@link BroadcastRequest}, and {@link TalkClose} (BYE). */
    public static String gatewayNodeTalk(String nodeId) {
        return "gb.gateway." + nodeId + ".talk";
    }

    /** The talk address of one media node: {@link TalkOpen}, {@link TalkConnect}, {@link TalkClose}. */
    public static String mediaNodeTalk(String nodeId) {
        return "gb.media." + nodeId + ".talk";
    }

    /** {@link TalkEnded}, published by the gateway (device BYE) or the media node (source or connection ended). */
    public static final String TALK_ENDED = "gb.talk.ended";

    // ---- device snapshots (GB/T 28181-2022 §9.14) ----

    /**
     * {@link SnapshotRequest} → {@link SnapshotConfigAnswer}: any gateway node takes it and routes it to the
     * device's owner node, which sends the SnapShotConfig and replies with the device's Result.
     */
    public static final String SNAPSHOT_REQUEST = "gb.device.snapshot";

    /** The snapshot address of one gateway node, used to reach the node owning a device. */
    public static String gatewayNodeSnapshot(String nodeId) {
        return "gb.gateway." + nodeId + ".snapshot";
    }

    /** {@link SnapshotsUploaded}, published by the gateway that took a device's UploadSnapShotFinished. */
    public static final String SNAPSHOTS_UPLOADED = "gb.device.snapshots.uploaded";
    // ---- end of device snapshots ----

    private Addresses() {
    }
}
