package io.gbmesh.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for tests, on a test thread (never on a Vert.x event loop): the outcome of a
 * {@link Future}, or a condition polled until it holds. Every wait ends in a result or an
 * {@link AssertionError} that says what did not happen in time.
 */
public final class Await {
    /** How long {@link #await(Future)} waits: long enough for a cluster to form on a busy machine. */
    public static final long DEFAULT_FUTURE_MILLIS = 60_000;
    /** How long {@link #eventually(String, BooleanSupplier)} polls. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** A condition that may throw while it is checked (an HTTP call, a query); a throw ends the wait. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** The future's result, waiting up to {@link #DEFAULT_FUTURE_MILLIS}. */
    public static <T> T await(Future<T> future) {
        return await(future, DEFAULT_FUTURE_MILLIS);
    }

    /**
     * The future's result, waiting up to {@code millis}. A failure is rethrown as its cause when that is
     * unchecked (so it reads as it would from the code under test), else wrapped in an AssertionError.
     */
    public static <T> T await(Future<T> future, long millis) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError("failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("did not complete within " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a future", e);
        }
    }

    /** The cause the future fails with, waiting up to {@code millis}; an AssertionError if it succeeds or hangs. */
    public static Throwable failure(Future<?> future, long millis) {
        Object value;
        try {
            value = future.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future neither failed nor succeeded in " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a future", e);
        }
        throw new AssertionError("expected a failure, got " + value);
    }

    /** Polls {@code condition} until it holds; fails after {@link #DEFAULT_TIMEOUT}. */
    public static void eventually(String what, BooleanSupplier condition) {
        eventually(what, DEFAULT_TIMEOUT, condition);
    }

    /** Polls {@code condition} every few milliseconds until it holds; fails after {@code timeout}. */
    public static void eventually(String what, Duration timeout, BooleanSupplier condition) {
        elapsed(what, timeout, condition, () -> "");
    }

    /**
     * As {@link #eventually(String, Duration, BooleanSupplier)}; on failure the message ends with
     * {@code detail} (logs of the processes involved, say), computed only then.
     */
    public static void eventually(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        elapsed(what, timeout, condition, detail);
    }

    /** As {@link #eventually(String, Duration, BooleanSupplier)}, for a condition that may throw; a throw ends the wait. */
    public static void eventuallyHolds(String what, Duration timeout, Check check) throws Exception {
        long start = System.nanoTime();
        while (!check.holds()) {
            pauseOrFail(what, timeout, start, () -> "");
        }
    }

    /**
     * Checks {@code condition} every few milliseconds for all of {@code window} (that nothing happens
     * that should not: no second sweep while one is held, say); fails at the first check it does not hold.
     */
    public static void holds(String what, Duration window, BooleanSupplier condition) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < window.toNanos()) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("did not hold for " + window.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while checking " + what, e);
            }
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("did not hold for " + window.toMillis() + " ms: " + what);
        }
    }

    /** Milliseconds until {@code condition} held; fails after {@code timeout}. */
    public static long elapsed(String what, Duration timeout, BooleanSupplier condition) {
        return elapsed(what, timeout, condition, () -> "");
    }

    private static long elapsed(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            pauseOrFail(what, timeout, start, detail);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void pauseOrFail(String what, Duration timeout, long start, Supplier<String> detail) {
        if (System.nanoTime() - start > timeout.toNanos()) {
            throw new AssertionError("timed out waiting for " + what + " (" + timeout.toMillis() + " ms)" + detail.get());
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }
}
