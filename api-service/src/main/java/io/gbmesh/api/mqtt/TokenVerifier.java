package io.gbmesh.api.mqtt;

import io.gbmesh.api.auth.TokenGrant;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Decides whether the password of an MQTT CONNECT is a valid API token, and what it grants (empty:
 * not a valid token). A failed future means the
 * answer is not known (the token store is unreachable): the client is refused as "server unavailable"
 * rather than "bad password", so that it retries instead of giving up on its credentials.
 */
@FunctionalInterface
public interface TokenVerifier {
    Future<Optional<TokenGrant>> verify(String token);
}
