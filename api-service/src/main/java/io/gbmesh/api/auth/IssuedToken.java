package io.gbmesh.api.auth;

/** A token just created: the only moment its secret {@code token} is known to anyone but its holder. */
public record IssuedToken(TokenInfo info, String token) {
}
