package io.gbmesh.api.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date at start-up: applies the versioned scripts
 * {@code db/migration/V<n>__<description>.sql} of the class path in order of {@code n}, each in its
 * own transaction together with its row in {@code schema_migrations}, and refuses to start when an
 * applied script has since been edited (its SHA-256 differs).
 *
 * <p>Several api-service replicas may start at once: the whole run holds the session-level
 * {@code pg_advisory_lock(}{@value #LOCK_KEY}{@code )} on one connection, so one replica applies
 * what is pending and the others, once they get the lock, find nothing left to do.
 *
 * <p>Why our own ~150 lines rather than Flyway or Liquibase: both run over JDBC, so they would bring
 * a JDBC driver, a {@code DataSource} and a second, blocking way of talking to PostgreSQL beside the
 * reactive vertx-pg-client the service already uses (with its own connection settings, TLS and
 * credentials to keep in step), plus their own configuration and metadata tables. What we need is
 * small — ordered plain-SQL scripts, a record of what ran, a lock for concurrent starts — and fits
 * in one class on the same pool, where a reader can see all of it.
 */
public final class Migrator {
    /** The advisory lock key: "gbmesh" in ASCII, so that it does not collide with other users of the database. */
    public static final long LOCK_KEY = 0x67626d657368L;
    static final String LOCATION = "db/migration";
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final Pattern FILE = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One script: its version, description (from the file name), text and checksum. */
    record Migration(int version, String description, String sql, String checksum) {
        static Migration of(String fileName, String sql) {
            Matcher m = FILE.matcher(fileName);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a migration file name: " + fileName);
            }
            return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), sql, sha256(sql));
        }
    }

    private final Pool pool;
    private final List<Migration> migrations;

    /** Migrates with the scripts found on the class path under {@value #LOCATION}. */
    public Migrator(Pool pool) {
        this(pool, fromClassPath());
    }

    Migrator(Pool pool, List<Migration> migrations) {
        this.pool = pool;
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).version() == sorted.get(i - 1).version()) {
                throw new IllegalStateException("two migrations with version " + sorted.get(i).version());
            }
        }
        this.migrations = List.copyOf(sorted);
    }

    /** Applies what is pending; the result is the versions this run applied (empty when up to date). */
    public Future<List<Integer>> migrate() {
        return pool.getConnection().compose(conn -> conn
                .preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(LOCK_KEY))
                // "already exists, skipping" notices of every start are noise; warnings still show
                .compose(locked -> conn.query("SET client_min_messages TO warning").execute())
                .compose(quiet -> migrateLocked(conn))
                .eventually(() -> conn.query("RESET client_min_messages").execute())
                .eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(LOCK_KEY)))
                .eventually(conn::close));
    }

    private Future<List<Integer>> migrateLocked(SqlConnection conn) {
        return conn.query("""
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            version     integer     PRIMARY KEY,
                            description text        NOT NULL,
                            checksum    char(64)    NOT NULL,
                            applied_at  timestamptz NOT NULL DEFAULT now())""").execute()
                .compose(v -> conn.query("SELECT version, checksum FROM schema_migrations").execute())
                .compose(rows -> {
                    Map<Integer, String> applied = new HashMap<>();
                    for (Row row : rows) {
                        applied.put(row.getInteger("version"), row.getString("checksum"));
                    }
                    List<Migration> pending = new ArrayList<>();
                    for (Migration m : migrations) {
                        String checksum = applied.get(m.version());
                        if (checksum == null) {
                            pending.add(m);
                        } else if (!checksum.equals(m.checksum())) {
                            return Future.failedFuture(new IllegalStateException("migration V" + m.version()
                                    + " was changed after it was applied; add a new version instead"));
                        }
                    }
                    return applyInOrder(conn, pending, 0, new ArrayList<>());
                });
    }

    private Future<List<Integer>> applyInOrder(SqlConnection conn, List<Migration> pending, int index, List<Integer> done) {
        if (index == pending.size()) {
            return Future.succeededFuture(done);
        }
        Migration m = pending.get(index);
        return conn.begin().compose(tx -> conn.query(m.sql()).execute()
                        .compose(v -> conn.preparedQuery(
                                        "INSERT INTO schema_migrations (version, description, checksum) VALUES ($1, $2, $3)")
                                .execute(Tuple.of(m.version(), m.description(), m.checksum())))
                        .compose(v -> tx.commit())
                        .recover(err -> tx.rollback().otherwiseEmpty().compose(v -> Future.failedFuture(
                                new IllegalStateException("migration V" + m.version() + " failed: " + err.getMessage(), err)))))
                .compose(v -> {
                    LOG.info("applied migration V{} {}", m.version(), m.description());
                    done.add(m.version());
                    return applyInOrder(conn, pending, index + 1, done);
                });
    }

    static List<Migration> fromClassPath() {
        try {
            URL url = Migrator.class.getClassLoader().getResource(LOCATION);
            if (url == null) {
                throw new IllegalStateException("no " + LOCATION + " on the class path");
            }
            List<String> names = new ArrayList<>();
            if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(LOCATION + "/") && n.indexOf('/', LOCATION.length() + 1) < 0)
                            .map(n -> n.substring(LOCATION.length() + 1))
                            .forEach(names::add);
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.map(p -> p.getFileName().toString()).forEach(names::add);
                }
            }
            List<Migration> out = new ArrayList<>();
            for (String name : names) {
                if (name.endsWith(".sql")) {
                    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(LOCATION + "/" + name)) {
                        out.add(Migration.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
