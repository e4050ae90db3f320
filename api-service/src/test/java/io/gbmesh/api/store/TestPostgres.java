package io.gbmesh.api.store;

import io.gbmesh.runtime.Env;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL the tests use: the one at {@code GB_PG_URL} (with {@code GB_PG_USER} /
 * {@code GB_PG_PASSWORD}) when set, else one embedded server shared by all test classes of this JVM.
 * Every test gets its own schema, so classes and reruns do not see each other's rows.
 */
public final class TestPostgres {
    private static Database embedded;

    private TestPostgres() {
    }

    /** The settings of a database on the test server, in a fresh schema named after {@code prefix}. */
    public static Env freshSchema(String prefix) {
        return new Env(freshSchemaSettings(prefix));
    }

    /** As {@link #freshSchema}, as a map of {@code GB_PG_*} settings the caller may add its own to. */
    public static synchronized Map<String, String> freshSchemaSettings(String prefix) {
        Map<String, String> env = new HashMap<>(server());
        env.put("GB_PG_SCHEMA", prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        return env;
    }

    private static Map<String, String> server() {
        Map<String, String> env = new HashMap<>();
        String url = System.getenv("GB_PG_URL");
        if (url != null && !url.isBlank()) {
            env.put("GB_PG_URL", url);
            copy(env, "GB_PG_USER");
            copy(env, "GB_PG_PASSWORD");
            return env;
        }
        if (embedded == null) {
            try {
                Path target = Files.createDirectories(Path.of("target"));
                removeStoppedDataDirs(target);
                Path dir = target.resolve("pg-test-" + ProcessHandle.current().pid());
                embedded = await(Database.start(Vertx.vertx(), new Env(Map.of("GB_DATA_DIR", dir.toString()))));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded PostgreSQL", e);
            }
        }
        PgConnectOptions o = embedded.connectOptions();
        env.put("GB_PG_URL", "postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase());
        env.put("GB_PG_USER", o.getUser());
        env.put("GB_PG_PASSWORD", o.getPassword());
        return env;
    }

    /** Data directories of earlier runs whose server stopped cleanly (no postmaster.pid left). */
    static void removeStoppedDataDirs(Path target) throws java.io.IOException {
        try (var dirs = Files.newDirectoryStream(target, "pg-*")) {
            for (Path dir : dirs) {
                if (!Files.exists(dir.resolve("postgres").resolve("postmaster.pid"))) {
                    deleteTree(dir);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void copy(Map<String, String> env, String name) {
        String v = System.getenv(name);
        if (v != null) {
            env.put(name, v);
        }
    }

    /** Drops the database's schema and closes it. */
    public static void drop(Database db) {
        String schema = db.connectOptions().getProperties().get("search_path");
        await(db.pool().query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute());
        await(db.close());
    }

    /** The future's result, waiting up to 90 s (a first migration on a busy machine). */
    public static <T> T await(Future<T> future) {
        return Await.await(future, 90_000);
    }

    /** The rows of a query as JSON strings: for comparing table contents. */
    static List<String> rows(Database db, String sql) {
        RowSet<Row> rows = await(db.pool().query(sql).execute());
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(r.toJson().encode());
        }
        return out;
    }

    static long count(Database db, String sql) {
        return await(db.pool().query(sql).execute()).iterator().next().getLong(0);
    }
}
