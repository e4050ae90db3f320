package io.gbmesh.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every record the roles exchange on the event bus. One codec ({@link MeshCodec}) carries them
 * all; the type name on the wire is the record's simple name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "@type")
@JsonSubTypes({
        @JsonSubTypes.Type(DeviceOnline.class),
        @JsonSubTypes.Type(DeviceOffline.class),
        @JsonSubTypes.Type(DeviceInfoUpdated.class),
        @JsonSubTypes.Type(CatalogUpdated.class),
        @JsonSubTypes.Type(DeviceQuery.class),
        @JsonSubTypes.Type(DeviceInfo.class),
        @JsonSubTypes.Type(DeviceStatus.class),
        @JsonSubTypes.Type(Catalog.class),
        @JsonSubTypes.Type(DeviceConfig.class),
        @JsonSubTypes.Type(DeviceRegistration.class),
        @JsonSubTypes.Type(OpenStream.class),
        @JsonSubTypes.Type(StreamEndpoint.class),
        @JsonSubTypes.Type(StreamAnswered.class),
        @JsonSubTypes.Type(CloseStream.class),
        @JsonSubTypes.Type(InviteRequest.class),
        @JsonSubTypes.Type(InviteAnswer.class),
        @JsonSubTypes.Type(MediaNodeLoad.class),
        @JsonSubTypes.Type(StreamStarted.class),
        @JsonSubTypes.Type(StreamStalled.class),
        @JsonSubTypes.Type(StreamStopped.class),
        @JsonSubTypes.Type(DialogEnded.class),
        @JsonSubTypes.Type(DevicePasswordChanged.class),
        @JsonSubTypes.Type(AuthBan.class),
        @JsonSubTypes.Type(AuthBanLifted.class),
        @JsonSubTypes.Type(GatewayPresence.class),
        @JsonSubTypes.Type(ApiReplicaPresence.class),
        // device control
        @JsonSubTypes.Type(DeviceControlRequest.class),
        @JsonSubTypes.Type(DeviceControlResult.class),
        @JsonSubTypes.Type(AlarmRaised.class),
        @JsonSubTypes.Type(MobilePosition.class),
        @JsonSubTypes.Type(SubscriptionsQuery.class),
        @JsonSubTypes.Type(DeviceSubscriptions.class),
        // recordings: RecordInfo, playback control, end of file
        @JsonSubTypes.Type(RecordQuery.class),
        @JsonSubTypes.Type(RecordList.class),
        @JsonSubTypes.Type(PlaybackControl.class),
        @JsonSubTypes.Type(MediaStatusNotified.class),
        // talk and broadcast
        @JsonSubTypes.Type(TalkOpen.class),
        @JsonSubTypes.Type(TalkPrepared.class),
        @JsonSubTypes.Type(BroadcastRequest.class),
        @JsonSubTypes.Type(BroadcastAnswer.class),
        @JsonSubTypes.Type(TalkConnect.class),
        @JsonSubTypes.Type(TalkMediaPort.class),
        @JsonSubTypes.Type(TalkClose.class),
        @JsonSubTypes.Type(TalkEnded.class),
        @JsonSubTypes.Type(DownloadProgress.class),
        // device snapshots (2022)
        @JsonSubTypes.Type(SnapshotRequest.class),
        @JsonSubTypes.Type(SnapshotConfigAnswer.class),
        @JsonSubTypes.Type(SnapshotsUploaded.class),
})
public interface MeshMessage {
}
