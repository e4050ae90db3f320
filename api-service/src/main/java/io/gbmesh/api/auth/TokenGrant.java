package io.gbmesh.api.auth;

/** What a verified token grants: its row ID, name and scope. */
public record TokenGrant(long id, String name, TokenScope scope) {
    public boolean mayWrite() {
        return scope == TokenScope.ADMIN;
    }
}
