package io.gbmesh.api.streams;

import org.slf4j.Logger;

/**
 * A warning that may repeat every sweep (a cluster map out of reach): the first one is logged, then at
 * most one every {@code intervalMillis}, telling how many were not logged since. Used on one context.
 */
final class ThrottledWarning {
    static final long DEFAULT_INTERVAL_MILLIS = 60_000;

    private final Logger log;
    private final String what;
    private final long intervalMillis;
    private boolean loggedOnce;
    private long lastLoggedAt;
    private long notLogged;

    ThrottledWarning(Logger log, String what, long intervalMillis) {
        this.log = log;
        this.what = what;
        this.intervalMillis = intervalMillis;
    }

    ThrottledWarning(Logger log, String what) {
        this(log, what, DEFAULT_INTERVAL_MILLIS);
    }

    /** One more failure at {@code now} (epoch millis): true when it was logged. */
    boolean failed(Throwable err, long now) {
        if (loggedOnce && now - lastLoggedAt < intervalMillis) {
            notLogged++;
            return false;
        }
        if (notLogged > 0) {
            log.warn("{}: {} ({} more times since the last warning)", what, err.getMessage(), notLogged);
        } else {
            log.warn("{}: {}", what, err.getMessage());
        }
        loggedOnce = true;
        lastLoggedAt = now;
        notLogged = 0;
        return true;
    }

    /** The failures not logged since the last warning. */
    long notLogged() {
        return notLogged;
    }
}
