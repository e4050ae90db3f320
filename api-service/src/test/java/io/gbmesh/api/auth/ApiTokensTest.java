package io.gbmesh.api.auth;

import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.store.Database;
import io.gbmesh.api.store.Migrator;
import io.gbmesh.api.store.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    private static Vertx vertx;
    private static Database db;

    @BeforeAll
    static void open() {
        vertx = Vertx.vertx();
        db = await(Database.start(vertx, TestPostgres.freshSchema("tokens")));
        await(new Migrator(db.pool()).migrate());
    }

    @AfterAll
    static void close() {
        TestPostgres.drop(db);
        await(vertx.close());
    }

    @BeforeEach
    void empty() {
        await(db.pool().query("TRUNCATE api_tokens").execute());
    }

    private static List<String> storedHashes() {
        List<String> out = new ArrayList<>();
        for (Row r : await(db.pool().query("SELECT token_hash FROM api_tokens").execute())) {
            out.add(r.getString(0).trim());
        }
        return out;
    }

    @Test
    void aFirstAdminTokenIsGeneratedOnlyWhenNoneExists() {
        ApiTokens tokens = new ApiTokens(db.pool(), 0);
        String generated = await(tokens.ensureAdminToken(null));
        assertNotNull(generated);
        assertTrue(generated.startsWith("gbm_") && generated.length() > 40, generated);
        assertTrue(await(tokens.verify(generated)));

        assertNull(await(tokens.ensureAdminToken(null)), "a second start generates nothing");
        assertEquals(1, storedHashes().size());
    }

    @Test
    void theConfiguredTokenIsStoredOnceAsAdmin() {
        ApiTokens tokens = new ApiTokens(db.pool(), 0);
        assertEquals("from-the-environment", await(tokens.ensureAdminToken("from-the-environment")));
        assertNull(await(tokens.ensureAdminToken("from-the-environment")));
        assertEquals(TokenScope.ADMIN, await(tokens.authenticate("from-the-environment")).orElseThrow().scope());
        assertEquals(1, storedHashes().size());
    }

    @Test
    void onlyTheSha256OfATokenIsStored() {
        ApiTokens tokens = new ApiTokens(db.pool(), 0);
        IssuedToken issued = await(tokens.create("camera wall", TokenScope.READ));
        assertEquals(List.of(ApiTokens.sha256(issued.token())), storedHashes());
        assertFalse(storedHashes().contains(issued.token()));
        assertEquals("64", String.valueOf(ApiTokens.sha256("x").length()));
    }

    @Test
    void wrongEmptyAndDeletedTokensAreRefused() {
        ApiTokens tokens = new ApiTokens(db.pool(), 60_000);
        IssuedToken issued = await(tokens.create("mqtt", TokenScope.READ));
        assertTrue(await(tokens.verify(issued.token())));
        assertFalse(await(tokens.verify(issued.token() + "x")));
        assertFalse(await(tokens.verify("")));
        assertFalse(await(tokens.verify(null)));

        assertTrue(await(tokens.delete(issued.info().id())));

        assertFalse(await(tokens.verify(issued.token())), "deleted here: refused at once, cache or not");
        assertFalse(await(tokens.delete(issued.info().id())));
    }

    @Test
    void aPositiveAnswerIsTrustedForTheCachePeriodOnly() {
        ApiTokens cached = new ApiTokens(db.pool(), 60_000);
        ApiTokens uncached = new ApiTokens(db.pool(), 0);
        IssuedToken issued = await(cached.create("replica", TokenScope.ADMIN));
        assertTrue(await(cached.verify(issued.token())));

        // revoked by another replica: this one does not ask the database again for a while
        await(db.pool().query("DELETE FROM api_tokens").execute());

        assertTrue(await(cached.verify(issued.token())));
        assertFalse(await(uncached.verify(issued.token())));
    }

    @Test
    void theListShowsNamesAndScopesNotSecrets() {
        ApiTokens tokens = new ApiTokens(db.pool(), 0);
        await(tokens.create("a", TokenScope.ADMIN));
        await(tokens.create("b", TokenScope.READ));
        List<TokenInfo> list = await(tokens.list());
        assertEquals(List.of("a", "b"), list.stream().map(TokenInfo::name).toList());
        assertEquals(List.of(TokenScope.ADMIN, TokenScope.READ), list.stream().map(TokenInfo::scope).toList());
    }
}
