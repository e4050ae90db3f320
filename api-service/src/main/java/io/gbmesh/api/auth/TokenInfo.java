package io.gbmesh.api.auth;

import java.time.Instant;

/** A stored token as listed: never the token itself, which is not stored. {@code lastUsedAt} may be null. */
public record TokenInfo(long id, String name, TokenScope scope, Instant createdAt, Instant lastUsedAt) {
}
