package io.gbmesh.api.mqtt;

import io.vertx.core.Future;

/**
 * Decides whether the password of an MQTT CONNECT is a valid API token. A failed future means the
 * answer is not known (the token store is unreachable): the client is refused as "server unavailable"
 * rather than "bad password", so that it retries instead of giving up on its credentials.
 */
@FunctionalInterface
public interface TokenVerifier {
    Future<Boolean> verify(String token);
}
