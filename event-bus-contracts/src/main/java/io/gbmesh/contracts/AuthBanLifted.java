package io.gbmesh.contracts;

/**
 * An operator lifted a ban ({@link AuthBan#kind()}, {@link AuthBan#value()}): published on
 * {@link Addresses#AUTH_BAN_LIFTED} so that every gateway node forgets it, and its failures, at once.
 */
public record AuthBanLifted(String kind, String value) implements MeshMessage {
}
