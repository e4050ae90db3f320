package io.gbmesh.api.store;

import io.gbmesh.runtime.Env;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api-service's PostgreSQL: a connection pool, and the embedded server behind it when no external
 * one is configured.
 *
 * <p>Settings (environment):
 * <ul>
 *   <li>{@code GB_PG_URL} — {@code postgresql://host:port/db} of an external server; when unset an
 *       embedded server is started with its data under {@code GB_DATA_DIR}/postgres (default
 *       {@code ./data/postgres}), kept across restarts, on {@code GB_PG_EMBEDDED_PORT} (default: a free port),
 *       taking only the password kept in {@code GB_DATA_DIR/postgres-password} ({@link EmbeddedCredentials});</li>
 *   <li>{@code GB_PG_USER}, {@code GB_PG_PASSWORD} — credentials, overriding the URL's
 *       (the user defaults to {@code postgres} when neither names one);</li>
 *   <li>{@code GB_PG_SCHEMA} — the schema the tables live in (default {@code public}), created if missing;</li>
 *   <li>{@code GB_PG_POOL_SIZE} — connections in the pool (default 8); the device-event ingest has {@value EventIngest#LANES}
 *       more of its own ({@link EventIngest}).</li>
 * </ul>
 */
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Vertx vertx;
    private final Pool pool;
    private final PgConnectOptions connectOptions;
    private final EmbeddedServer embedded;

    private Database(Vertx vertx, Pool pool, PgConnectOptions connectOptions, EmbeddedServer embedded) {
        this.vertx = vertx;
        this.pool = pool;
        this.connectOptions = connectOptions;
        this.embedded = embedded;
    }

    /**
     * Connects to {@code GB_PG_URL}, or starts the embedded server, then makes sure the schema exists.
     * Fails when the database cannot be reached: migrations need it before anything else runs.
     */
    public static Future<Database> start(Vertx vertx, Env env) {
        String schema = env.get("GB_PG_SCHEMA", "public");
        if (!SCHEMA.matcher(schema).matches()) {
            return Future.failedFuture(new IllegalArgumentException(
                    "GB_PG_SCHEMA must be a lower-case SQL identifier, not '" + schema + "'"));
        }
        PoolOptions poolOptions = new PoolOptions().setMaxSize(env.getInt("GB_PG_POOL_SIZE", 8));
        String url = env.get("GB_PG_URL", null);
        if (url != null) {
            PgConnectOptions options;
            try {
                options = PgConnectOptions.fromUri(url);
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(new IllegalArgumentException("GB_PG_URL is not a postgresql:// URI: " + url, e));
            }
            String user = env.get("GB_PG_USER", null);
            if (user != null) {
                options.setUser(user);
            } else if (!url.contains("@")) {
                options.setUser("postgres");
            }
            String password = env.get("GB_PG_PASSWORD", null);
            if (password != null) {
                options.setPassword(password);
            }
            return open(vertx, options, schema, poolOptions, null);
        }
        Path dataDir = Path.of(env.get("GB_DATA_DIR", "./data"), "postgres").toAbsolutePath().normalize();
        int port = env.getInt("GB_PG_EMBEDDED_PORT", 0);
        return vertx.executeBlocking(() -> EmbeddedServer.start(dataDir, port), false)
                .compose(server -> open(vertx, server.connectOptions(), schema, poolOptions, server));
    }

    private static Future<Database> open(Vertx vertx, PgConnectOptions options, String schema,
                                         PoolOptions poolOptions, EmbeddedServer embedded) {
        // jit off: the API's statements are small index lookups, for which compiling costs more than it saves
        options.addProperty("application_name", "gbmesh-api").addProperty("search_path", schema).addProperty("jit", "off");
        options.setCachePreparedStatements(true);
        Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(options).using(vertx).build();
        Database db = new Database(vertx, pool, options, embedded);
        // The schema name was checked against SCHEMA above: an identifier cannot be a bind parameter.
        return pool.query("CREATE SCHEMA IF NOT EXISTS " + schema).execute()
                .map(rows -> {
                    LOG.info("PostgreSQL at {}:{}/{} schema {}{}", options.getHost(), options.getPort(),
                            options.getDatabase(), schema, embedded == null ? "" : " (embedded, " + embedded.dataDir() + ")");
                    return db;
                })
                .recover(err -> db.close().transform(ignored -> Future.failedFuture(err)));
    }

    public Pool pool() {
        return pool;
    }

    /** Where the pool connects: host, port, database, user, and the schema in the {@code search_path} property. */
    public PgConnectOptions connectOptions() {
        return new PgConnectOptions(connectOptions);
    }

    /** True when this process runs the server itself. */
    public boolean embedded() {
        return embedded != null;
    }

    /** Succeeds when the database answers a query now: for the readiness probe. */
    public Future<Void> ready() {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    /** Closes the pool, then stops the embedded server if there is one. */
    public Future<Void> close() {
        Future<Void> closed = pool.close().otherwiseEmpty();
        if (embedded == null) {
            return closed;
        }
        return closed.compose(v -> vertx.executeBlocking(() -> {
            embedded.close();
            return null;
        }, false));
    }
}
