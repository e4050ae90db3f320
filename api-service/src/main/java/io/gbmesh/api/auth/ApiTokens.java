package io.gbmesh.api.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens of the public interface (HTTP and MQTT), in the {@code api_tokens} table.
 *
 * <p>A token is 32 random bytes, URL-safe Base64, prefixed {@code gbm_} so that it is recognisable in
 * a leaked file. Only its SHA-256 is stored: a copy of the database does not give access. Since a
 * token carries 256 random bits, one unsalted hash is enough, and it lets a token be found by an index
 * lookup instead of comparing against every row.
 *
 * <p>Verification asks the database, then trusts a positive answer for {@code cacheMillis} (a request
 * burst costs one query). Revoking through this instance takes effect here at once; another api-service
 * replica notices within {@code cacheMillis}. Negative answers are never cached, so a token works as
 * soon as it is created. Thread-safe: the MQTT endpoint may call {@link #verify} from its own verticle.
 */
public final class ApiTokens {
    /** Advisory lock key of the first-token bootstrap: "gbtokn" in ASCII. */
    static final long BOOTSTRAP_LOCK = 0x6762746f6b6eL;
    static final String PREFIX = "gbm_";
    private static final int CACHE_LIMIT = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Cached(TokenGrant grant, long expiresAtNanos) {
    }

    private final Pool pool;
    private final long cacheNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiTokens(Pool pool, long cacheMillis) {
        this.pool = pool;
        this.cacheNanos = Math.max(0, cacheMillis) * 1_000_000L;
    }

    /** True when {@code token} is a valid, unrevoked token of any scope. Fails only when the database does. */
    public Future<Boolean> verify(String token) {
        return authenticate(token).map(Optional::isPresent);
    }

    /** What {@code token} grants; empty when it is not a valid token. Fails only when the database does. */
    public Future<Optional<TokenGrant>> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Future.succeededFuture(Optional.empty());
        }
        String hash = sha256(token);
        Cached cached = cache.get(hash);
        long now = System.nanoTime();
        if (cached != null && now - cached.expiresAtNanos < 0) {
            return Future.succeededFuture(Optional.of(cached.grant));
        }
        // Verifying and recording the use is one statement.
        return pool.preparedQuery("""
                        UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1 AND NOT revoked
                        RETURNING id, name, scope""")
                .execute(Tuple.of(hash)).map(rows -> {
                    if (rows.size() == 0) {
                        cache.remove(hash);
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    TokenGrant grant = new TokenGrant(r.getLong("id"), r.getString("name"),
                            TokenScope.fromWireName(r.getString("scope")));
                    if (cacheNanos > 0) {
                        if (cache.size() >= CACHE_LIMIT) {
                            cache.clear();
                        }
                        cache.put(hash, new Cached(grant, System.nanoTime() + cacheNanos));
                    }
                    return Optional.of(grant);
                });
    }

    /** Creates a token; the result carries its secret, which is not kept. */
    public Future<IssuedToken> create(String name, TokenScope scope) {
        String token = newToken();
        return pool.preparedQuery("""
                        INSERT INTO api_tokens (name, token_hash, scope) VALUES ($1, $2, $3)
                        RETURNING id, name, scope, created_at, last_used_at""")
                .execute(Tuple.of(name, sha256(token), scope.wireName()))
                .map(rows -> new IssuedToken(info(rows.iterator().next()), token));
    }

    /** The tokens that work, oldest first: names, scopes and dates, no secrets. */
    public Future<List<TokenInfo>> list() {
        return pool.query("SELECT id, name, scope, created_at, last_used_at FROM api_tokens WHERE NOT revoked ORDER BY id")
                .execute().map(rows -> {
                    List<TokenInfo> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(info(r)));
                    return out;
                });
    }

    /** Deletes a token; false when there is no such token. It stops working here at once. */
    public Future<Boolean> delete(long id) {
        return pool.preparedQuery("DELETE FROM api_tokens WHERE id = $1 RETURNING token_hash").execute(Tuple.of(id))
                .map(rows -> {
                    rows.forEach(r -> cache.remove(r.getString("token_hash").trim()));
                    // a grant cached under a hash this instance did not see deleted is keyed by the same hash
                    cache.values().removeIf(c -> c.grant.id() == id);
                    return rows.size() > 0;
                });
    }

    /**
     * Makes sure there is a way in. With {@code configured} (from {@code GB_ADMIN_TOKEN}): stores it as
     * an admin token unless it is stored already. Without: when no token exists at all, generates an
     * admin token. The result is the token created by this call — for the caller to print once, since it
     * is never shown again — or null when nothing was created. Replicas starting together create one
     * token between them (the bootstrap holds an advisory lock).
     */
    public Future<String> ensureAdminToken(String configured) {
        String token = configured == null || configured.isBlank() ? null : configured.trim();
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(BOOTSTRAP_LOCK))
                .compose(locked -> token != null
                        ? conn.preparedQuery("""
                                INSERT INTO api_tokens (name, token_hash, scope) VALUES ('admin', $1, 'admin')
                                ON CONFLICT (token_hash) DO NOTHING RETURNING id""")
                        .execute(Tuple.of(sha256(token))).map(rows -> rows.size() > 0 ? token : null)
                        : conn.query("SELECT EXISTS (SELECT 1 FROM api_tokens)").execute().compose(rows -> {
                            if (rows.iterator().next().getBoolean(0)) {
                                return Future.succeededFuture(null);
                            }
                            String generated = newToken();
                            return conn.preparedQuery("""
                                            INSERT INTO api_tokens (name, token_hash, scope) VALUES ('admin', $1, 'admin')""")
                                    .execute(Tuple.of(sha256(generated))).map(generated);
                        })));
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token's UTF-8 bytes, lower-case hex: what {@code api_tokens.token_hash} holds. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenInfo info(Row r) {
        return new TokenInfo(r.getLong("id"), r.getString("name"), TokenScope.fromWireName(r.getString("scope")),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("last_used_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
