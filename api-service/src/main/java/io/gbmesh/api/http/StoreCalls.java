package io.gbmesh.api.http;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/**
 * Turns a database call's failure into what the client should hear: an unreachable, overloaded or
 * restarting database is {@code 503} (the pool reconnects by itself, so the next call may succeed);
 * an error PostgreSQL raises about the statement is a defect and stays a 500.
 */
public final class StoreCalls {
    private StoreCalls() {
    }

    public static <T> Future<T> guard(Future<T> call) {
        return call.recover(err -> Future.failedFuture(unavailable(err) ? ApiProblem.databaseUnavailable() : err));
    }

    /**
     * PostgreSQL's connection (08), resources (53) and operator-intervention (57, shutting down or
     * starting) classes; anything that is not PostgreSQL's own error — refused connections, closed
     * connections, pool timeouts — except programming errors.
     */
    static boolean unavailable(Throwable err) {
        if (err instanceof PgException pg) {
            String state = pg.getSqlState();
            return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57");
        }
        // our own problems and the JDK's runtime exceptions (null, argument, state, cast, index...) are
        // programming errors, not an unreachable database
        boolean programmingError = err instanceof RuntimeException && err.getClass().getPackageName().equals("java.lang");
        return !(err instanceof ApiProblem || programmingError);
    }
}
