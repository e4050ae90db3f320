package io.gbmesh.api.store;

import java.util.Set;
import java.util.stream.Collectors;

/** The writer threads of the device-event ingests ({@link WriterThread}) alive in this JVM, for the tests of their end. */
public final class WriterThreads {
    private WriterThreads() {
    }

    /** The live writer threads now. */
    public static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("gbmesh-db-writer-"))
                .collect(Collectors.toSet());
    }

    /** The live writer threads not among {@code before}: the ones made since. */
    public static Set<Thread> since(Set<Thread> before) {
        return alive().stream().filter(t -> !before.contains(t)).collect(Collectors.toSet());
    }

    /** Whether none of {@code threads} is alive. */
    public static boolean allEnded(Set<Thread> threads) {
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
