package io.gbmesh.contracts;

import java.util.Map;

/**
 * The device accepted a {@link DeviceControlRequest} (its {@code 200}, or its {@code Result OK} for
 * commands the standard has answered by a Response), with what a query answered in {@code data}
 * (empty for plain commands), in the shape named on each {@link DeviceControlRequest.Command}.
 */
public record DeviceControlResult(String deviceId, String channelId, DeviceControlRequest.Command command,
                                  Map<String, Object> data) implements MeshMessage {
    public DeviceControlResult {
        data = data == null ? Map.of() : data;
    }
}
