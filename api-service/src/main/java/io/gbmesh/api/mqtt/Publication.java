package io.gbmesh.api.mqtt;

import io.vertx.core.buffer.Buffer;

/** A message for the subscribers of a topic; {@code retained} ones are kept for later subscribers. */
record Publication(String topic, Buffer payload, boolean retained) {
    static Publication of(String topic, String json, boolean retained) {
        return new Publication(topic, Buffer.buffer(json), retained);
    }
}
