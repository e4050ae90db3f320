package io.gbmesh.api.store;

import static io.gbmesh.api.store.TestPostgres.await;
import static io.gbmesh.api.store.TestPostgres.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.runtime.Env;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigratorTest {
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
        if (!opened.isEmpty()) {
            TestPostgres.drop(opened.get(0));
            opened.subList(1, opened.size()).forEach(db -> await(db.close()));
        }
    }

    private Database open(Env env) {
        Database db = await(Database.start(vertx, env));
        opened.add(db);
        return db;
    }

    @Test
    void theShippedMigrationsApplyOnceThenFindNothingToDo() {
        Database db = open(TestPostgres.freshSchema("mig"));
        List<Integer> first = await(new Migrator(db.pool()).migrate());
        List<Integer> second = await(new Migrator(db.pool()).migrate());

        assertTrue(first.contains(1), "V1 applied: " + first);
        assertEquals(List.of(), second);
        assertEquals(first.size(), count(db, "SELECT count(*) FROM schema_migrations"));
        for (String table : List.of("devices", "channels", "device_events", "stream_sessions", "api_tokens")) {
            assertEquals(0, count(db, "SELECT count(*) FROM " + table), table);
        }
    }

    @Test
    void twoReplicasMigratingAtOnceBothSucceedAndOneApplies() {
        Env env = TestPostgres.freshSchema("mig");
        Database a = open(env);
        Database b = open(env);

        Future<List<Integer>> ma = new Migrator(a.pool()).migrate();
        Future<List<Integer>> mb = new Migrator(b.pool()).migrate();
        await(Future.all(ma, mb));

        List<Integer> all = new ArrayList<>(ma.result());
        all.addAll(mb.result());
        List<Integer> versions = Migrator.fromClassPath().stream().map(Migrator.Migration::version).sorted().toList();
        assertEquals(versions, all, "each version applied exactly once: " + ma.result() + " " + mb.result());
        assertTrue(ma.result().isEmpty() || mb.result().isEmpty());
        assertEquals(versions.size(), count(a, "SELECT count(*) FROM schema_migrations"));
    }

    @Test
    void migrationsRunInVersionOrderAndAFailedOneLeavesNothingBehind() {
        Database db = open(TestPostgres.freshSchema("mig"));
        List<Migrator.Migration> scripts = List.of(
                Migrator.Migration.of("V3__broken.sql", "CREATE TABLE c (x int); SELECT no_such_function();"),
                Migrator.Migration.of("V2__b.sql", "CREATE TABLE b (a int REFERENCES a (x));"),
                Migrator.Migration.of("V1__a.sql", "CREATE TABLE a (x int PRIMARY KEY);"));

        RuntimeException failed = assertThrows(RuntimeException.class, () -> await(new Migrator(db.pool(), scripts).migrate()));

        assertTrue(failed.getMessage().contains("V3"), failed.getMessage());
        assertEquals(List.of("{\"version\":1}", "{\"version\":2}"),
                TestPostgres.rows(db, "SELECT version FROM schema_migrations ORDER BY version"));
        assertEquals(0, count(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'c' "
                + "AND table_schema = current_schema()"));
    }

    @Test
    void anAppliedMigrationThatWasEditedStopsTheStart() {
        Database db = open(TestPostgres.freshSchema("mig"));
        await(new Migrator(db.pool(), List.of(Migrator.Migration.of("V1__a.sql", "CREATE TABLE a (x int);"))).migrate());

        Migrator edited = new Migrator(db.pool(), List.of(Migrator.Migration.of("V1__a.sql", "CREATE TABLE a (y int);")));
        RuntimeException e = assertThrows(RuntimeException.class, () -> await(edited.migrate()));

        assertTrue(e.getMessage().contains("changed"), e.getMessage());
    }
}
