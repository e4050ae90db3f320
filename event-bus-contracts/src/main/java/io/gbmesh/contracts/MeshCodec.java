package io.gbmesh.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one codec for every {@link MeshMessage}: JSON with a type name on the wire between JVMs,
 * the same immutable record passed as is within one JVM.
 */
public final class MeshCodec implements MessageCodec<MeshMessage, MeshMessage> {
    public static final String NAME = "gbmesh";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Registers the codec and selects it for every mesh record sent on this event bus; idempotent. */
    public static synchronized void register(EventBus bus) {
        try {
            bus.registerCodec(new MeshCodec());
        } catch (IllegalStateException alreadyRegistered) {
            return;
        }
        bus.codecSelector(body -> body instanceof MeshMessage ? NAME : null);
    }

    public static byte[] toJson(MeshMessage message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MeshMessage fromJson(byte[] json) {
        try {
            return JSON.readValue(json, MeshMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends MeshMessage> T fromJson(String json, Class<T> type) {
        try {
            return type.cast(JSON.readValue(json, MeshMessage.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toJsonString(MeshMessage message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, MeshMessage message) {
        byte[] bytes = toJson(message);
        buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public MeshMessage decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        return fromJson(buffer.getBytes(pos + 4, pos + 4 + length));
    }

    @Override
    public MeshMessage transform(MeshMessage message) {
        return message;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
