package io.gbmesh.api.store;

import static io.gbmesh.api.store.TestPostgres.await;
import static io.gbmesh.api.store.TestPostgres.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pg_trgm lives in a schema of its own ({@code extensions}; or {@code public}, where it was already),
 * not in the schema of whichever service migrated first: dropping one service's schema leaves the
 * extension and the trigram index of the others. Each test uses schemas of its own.
 */
class TrigramExtensionTest {
    private static final String EXTENSION_SCHEMA = """
            SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_trgm'""";
    private static final String VALID_TRIGRAM_INDEX = """
            SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE c.relname = 'devices_search_trgm_idx' AND c.relnamespace = current_schema()::regnamespace
              AND i.indisvalid""";
    private static Vertx vertx;
    private final List<Database> opened = new ArrayList<>();

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        await(vertx.close());
    }

    @AfterEach
    void dropSchemas() {
        for (Database db : opened) {
            TestPostgres.drop(db);
        }
    }

    private Database migrated(String prefix, List<Migrator.Migration> migrations) {
        Database db = await(Database.start(vertx, TestPostgres.freshSchema(prefix)));
        opened.add(db);
        Assumptions.assumeTrue(count(db, "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'") == 1,
                "the server has no pg_trgm");
        await(new Migrator(db.pool(), migrations).migrate());
        return db;
    }

    private static String scalar(SqlConnection conn, String sql) {
        var rows = await(conn.query(sql).execute());
        return rows.size() == 0 ? null : String.valueOf(rows.iterator().next().getValue(0));
    }

    @Test
    void droppingOneServicesSchemaLeavesTheExtensionAndTheOthersIndex() {
        Database one = migrated("trgm_one", Migrator.fromClassPath());
        Database other = migrated("trgm_other", Migrator.fromClassPath());
        String placed = TestPostgres.rows(one, EXTENSION_SCHEMA).get(0);
        assertTrue(Set.of("{\"nspname\":\"extensions\"}", "{\"nspname\":\"public\"}").contains(placed), placed);
        assertEquals(1, count(one, VALID_TRIGRAM_INDEX));
        assertEquals(1, count(other, VALID_TRIGRAM_INDEX));

        opened.remove(one);
        TestPostgres.drop(one);

        assertEquals(List.of(placed), TestPostgres.rows(other, EXTENSION_SCHEMA));
        assertEquals(1, count(other, VALID_TRIGRAM_INDEX));
    }

    @Test
    void anExtensionLeftInAServicesSchemaMovesToASchemaOfItsOwn() {
        List<Migrator.Migration> beforeV9 = Migrator.fromClassPath().stream().filter(m -> m.version() < 9).toList();
        Migrator.Migration v9 = Migrator.fromClassPath().stream().filter(m -> m.version() == 9).findFirst().orElseThrow();
        Database other = migrated("trgm_beside", Migrator.fromClassPath()); // the extension is placed by now
        Database legacy = migrated("trgm_legacy", beforeV9);
        String legacySchema = legacy.connectOptions().getProperties().get("search_path");
        SqlConnection conn = await(legacy.pool().getConnection());
        // all in one transaction, rolled back: the database's extension is where it was for everyone else
        Transaction tx = await(conn.begin());
        try {
            // where V1 left it in a database that had none: in the schema it migrated
            await(conn.query("ALTER EXTENSION pg_trgm SET SCHEMA " + legacySchema).execute());
            assertEquals(legacySchema, scalar(conn, EXTENSION_SCHEMA));

            await(conn.query(v9.sql()).execute());
            assertEquals("extensions", scalar(conn, EXTENSION_SCHEMA));
            assertEquals("1", scalar(conn, VALID_TRIGRAM_INDEX));

            await(conn.query("DROP SCHEMA " + legacySchema + " CASCADE").execute());
            assertEquals("extensions", scalar(conn, EXTENSION_SCHEMA));
            String otherSchema = other.connectOptions().getProperties().get("search_path");
            assertEquals("1", scalar(conn, VALID_TRIGRAM_INDEX.replace("current_schema()", "'" + otherSchema + "'")));
        } finally {
            await(tx.rollback());
            await(conn.close());
        }
    }

    @Test
    void aRoleThatMayNotMoveTheExtensionStillGetsItsIndex() {
        List<Migrator.Migration> beforeV9 = Migrator.fromClassPath().stream().filter(m -> m.version() < 9).toList();
        Migrator.Migration v9 = Migrator.fromClassPath().stream().filter(m -> m.version() == 9).findFirst().orElseThrow();
        migrated("trgm_first", Migrator.fromClassPath()); // the extension is placed by now
        Database legacy = migrated("trgm_tenant", beforeV9);
        String schema = legacy.connectOptions().getProperties().get("search_path");
        String role = schema + "_owner";
        SqlConnection conn = await(legacy.pool().getConnection());
        // all in one transaction, rolled back: the role and the extension's move are seen by nobody else
        Transaction tx = await(conn.begin());
        try {
            await(conn.query("ALTER EXTENSION pg_trgm SET SCHEMA " + schema).execute());
            await(conn.query("DROP INDEX devices_search_trgm_idx").execute());
            await(conn.query("CREATE ROLE " + role + " NOLOGIN").execute());
            await(conn.query("GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + role).execute());
            await(conn.query("ALTER TABLE devices OWNER TO " + role).execute());
            await(conn.query("SET LOCAL ROLE " + role).execute());

            await(conn.query(v9.sql()).execute()); // not the extension's owner: a warning, no failure

            assertEquals(schema, scalar(conn, EXTENSION_SCHEMA));
            assertEquals("1", scalar(conn, VALID_TRIGRAM_INDEX));
        } finally {
            await(tx.rollback());
            await(conn.close());
        }
    }

    @Test
    void theMigrationAddsTheIndexASchemaLost() {
        Database db = migrated("trgm_lost", Migrator.fromClassPath().stream().filter(m -> m.version() < 9).toList());
        await(db.pool().query("DROP INDEX devices_search_trgm_idx").execute());
        assertEquals(0, count(db, VALID_TRIGRAM_INDEX));

        await(new Migrator(db.pool()).migrate());
        assertEquals(1, count(db, VALID_TRIGRAM_INDEX));
    }
}
